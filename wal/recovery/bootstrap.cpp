// BootstrapXLog: the WAL of a brand-new data directory (PostgreSQL's BootStrapXLOG):
// wal/ and global/, the first segment holding one shutdown checkpoint record at
// kFirstRecordLsn, and pg_control pointing at it. Runs without shared memory.
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <sys/stat.h>

#include "common/error.h"
#include "wal/control/control_file.h"
#include "wal/insert/insert_internal.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/record_format.h"
#include "wal/recovery/recovery.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/segment/segment_file.h"

namespace hyrax::wal {

namespace {

void MakeDirectory(const char* path) {
  if (mkdir(path, 0700) != 0 && errno != EEXIST) {
    throw Error(errcode::kIoError,
                fmt::format("could not create directory \"{}\": {}", path, std::strerror(errno)),
                Severity::kFatal);
  }
}

void WriteFirstRecord(const std::vector<char>& record) {
  std::string path = SegmentPath(SegmentOf(kFirstRecordLsn));
  int fd = open(path.c_str(), O_RDWR);
  bool ok = fd >= 0 &&
            WriteFully(fd, record.data(), record.size(), SegmentOffset(kFirstRecordLsn)) &&
            SyncSegment(fd);
  int saved = errno;
  if (fd >= 0) close(fd);
  if (!ok) {
    throw Error(errcode::kIoError,
                fmt::format("could not write to file \"{}\": {}", path, std::strerror(saved)),
                Severity::kFatal);
  }
}

}  // namespace

void BootstrapXLog(uint64_t system_identifier) {
  MakeDirectory(kWalDirectory);
  MakeDirectory("global");
  CreateSegmentFile(SegmentOf(kFirstRecordLsn));

  const auto now = static_cast<int64_t>(std::time(nullptr));
  CheckpointData cp;
  cp.redo = kFirstRecordLsn;
  cp.time = now;
  cp.is_shutdown = true;
  std::string payload = EncodeCheckpoint(cp);
  XLogResetInsertion();
  XLogBeginInsert();
  XLogRegisterData(payload.data(), payload.size());
  WriteFirstRecord(AssembleStandaloneRecord(RmgrId::kXlog, kXlogCheckpointShutdown,
                                            kInvalidTransactionId, kInvalidLsn));

  ControlFileData control;
  control.system_identifier = system_identifier;
  control.version = kControlFileVersion;
  control.state = DbState::kShutdowned;
  control.checkpoint_lsn = kFirstRecordLsn;
  control.checkpoint = cp;
  control.time = now;
  control.block_size = kBlockSize;
  control.wal_segment_size = static_cast<uint32_t>(kWalSegmentSize);
  control.data_checksums = 1;
  WriteControlFile(control);
}

}  // namespace hyrax::wal
