// Start-up of the WAL system: read pg_control, replay from the last checkpoint's redo
// pointer through the registered resource managers, find the end of valid WAL, and prepare
// insertion there. Runs in the startup process (or `hyrax init`), before any backend.
#pragma once

#include "common/ids.h"

namespace hyrax::wal {

struct StartupResult {
  bool performed_recovery = false;  // false after a clean shutdown
  Lsn redo_start = kInvalidLsn;
  Lsn end_of_wal = kInvalidLsn;                        // insertion continues here
  TransactionId next_xid = kFirstNormalTransactionId;  // > every xid seen in replayed WAL
  Oid next_oid = kFirstNormalObjectId;
  int records_replayed = 0;
};

// Requires: shared memory initialised, rmgrs registered, cwd = data directory.
// After replay, writes an end-of-recovery checkpoint when recovery was performed and
// marks pg_control in production. Throws FATAL Error when pg_control or the checkpoint
// record cannot be read.
StartupResult StartupXLog();

// True while this process is replaying WAL (redo routines use it to skip checks).
bool InRecovery();

// Creates the WAL directory, the first segment, a checkpoint record and pg_control for a
// brand-new data directory (used by `hyrax init`, before StartupXLog).
void BootstrapXLog(uint64_t system_identifier);

}  // namespace hyrax::wal
