// global/pg_control: the last checkpoint's location and counters, written after each
// checkpoint (to a temporary file, fsync, rename, fsync of global/) and read at start-up
// to find where recovery begins. Protected by a CRC-32C.
#pragma once

#include <cstdint>

#include "common/ids.h"

namespace hyrax::wal {

enum class DbState : uint32_t {
  kStartup = 0,
  kShutdowned = 1,  // clean shutdown: no recovery needed
  kInCrashRecovery = 2,
  kInProduction = 3,
};

// Contents of a checkpoint record, also copied into the control file.
struct CheckpointData {
  Lsn redo = kInvalidLsn;  // replay starts here
  TransactionId next_xid = kFirstNormalTransactionId;
  Oid next_oid = kFirstNormalObjectId;
  TransactionId oldest_xid = kFirstNormalTransactionId;  // for future freezing
  int64_t time = 0;                                      // unix seconds
  bool is_shutdown = false;
};

struct ControlFileData {
  uint64_t system_identifier = 0;
  uint32_t version = 0;  // kControlFileVersion
  DbState state = DbState::kStartup;
  Lsn checkpoint_lsn = kInvalidLsn;  // start of the last checkpoint record
  CheckpointData checkpoint;
  int64_t time = 0;
  uint32_t block_size = kBlockSize;
  uint32_t wal_segment_size = 0;
  uint32_t data_checksums = 1;
};

inline constexpr uint32_t kControlFileVersion = 1500;

// Reads global/pg_control (relative to the current directory = data directory).
// Throws FATAL Error: 58P01 when missing, XX001 "incorrect checksum in control file" when
// the CRC does not match, XX001 "database files are incompatible with server" for another
// version, block size or WAL segment size.
ControlFileData ReadControlFile();
// Durably replaces global/pg_control (temporary file, fsync, rename, fsync of global/;
// the fsyncs are skipped when g_fsync is off). Requires: global/ exists. Throws a
// PANIC-severity Error on I/O failure (PostgreSQL PANICs when it cannot update it).
void WriteControlFile(const ControlFileData& data);

}  // namespace hyrax::wal
