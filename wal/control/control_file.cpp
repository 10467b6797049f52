// global/pg_control: a fixed 512-byte little-endian layout (one disk sector, so a write
// is never torn in practice) ending its used part with a CRC-32C, replaced atomically by
// write-temporary + fsync + rename + fsync of global/ (wal/README.md "Control file").
#include "wal/control/control_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include "common/crc32c.h"
#include "common/error.h"
#include "wal/record/record_format.h"
#include "wal/segment/segment_file.h"
#include "wal/wal_shmem.h"

namespace hyrax::wal {

namespace {

constexpr const char* kControlPath = "global/pg_control";
constexpr const char* kControlTempPath = "global/pg_control.tmp";
constexpr size_t kControlFileSize = 512;

// Field offsets of the serialised form.
constexpr size_t kOffSystemId = 0;
constexpr size_t kOffVersion = 8;
constexpr size_t kOffState = 12;
constexpr size_t kOffCheckpointLsn = 16;
constexpr size_t kOffRedo = 24;
constexpr size_t kOffNextXid = 32;
constexpr size_t kOffNextOid = 36;
constexpr size_t kOffOldestXid = 40;
constexpr size_t kOffIsShutdown = 44;
constexpr size_t kOffCheckpointTime = 48;
constexpr size_t kOffTime = 56;
constexpr size_t kOffBlockSize = 64;
constexpr size_t kOffSegmentSize = 68;
constexpr size_t kOffChecksums = 72;
constexpr size_t kOffCrc = 76;

void Serialise(const ControlFileData& d, char* buf) {
  std::memset(buf, 0, kControlFileSize);
  StoreAt<uint64_t>(buf, kOffSystemId, d.system_identifier);
  StoreAt<uint32_t>(buf, kOffVersion, d.version);
  StoreAt<uint32_t>(buf, kOffState, static_cast<uint32_t>(d.state));
  StoreAt<uint64_t>(buf, kOffCheckpointLsn, d.checkpoint_lsn);
  StoreAt<uint64_t>(buf, kOffRedo, d.checkpoint.redo);
  StoreAt<uint32_t>(buf, kOffNextXid, d.checkpoint.next_xid);
  StoreAt<uint32_t>(buf, kOffNextOid, d.checkpoint.next_oid);
  StoreAt<uint32_t>(buf, kOffOldestXid, d.checkpoint.oldest_xid);
  StoreAt<uint32_t>(buf, kOffIsShutdown, d.checkpoint.is_shutdown ? 1 : 0);
  StoreAt<int64_t>(buf, kOffCheckpointTime, d.checkpoint.time);
  StoreAt<int64_t>(buf, kOffTime, d.time);
  StoreAt<uint32_t>(buf, kOffBlockSize, d.block_size);
  StoreAt<uint32_t>(buf, kOffSegmentSize, d.wal_segment_size);
  StoreAt<uint32_t>(buf, kOffChecksums, d.data_checksums);
  StoreAt<uint32_t>(buf, kOffCrc, Crc32c(buf, kOffCrc));
}

ControlFileData Deserialise(const char* buf) {
  ControlFileData d;
  d.system_identifier = LoadAt<uint64_t>(buf, kOffSystemId);
  d.version = LoadAt<uint32_t>(buf, kOffVersion);
  d.state = static_cast<DbState>(LoadAt<uint32_t>(buf, kOffState));
  d.checkpoint_lsn = LoadAt<uint64_t>(buf, kOffCheckpointLsn);
  d.checkpoint.redo = LoadAt<uint64_t>(buf, kOffRedo);
  d.checkpoint.next_xid = LoadAt<uint32_t>(buf, kOffNextXid);
  d.checkpoint.next_oid = LoadAt<uint32_t>(buf, kOffNextOid);
  d.checkpoint.oldest_xid = LoadAt<uint32_t>(buf, kOffOldestXid);
  d.checkpoint.is_shutdown = LoadAt<uint32_t>(buf, kOffIsShutdown) != 0;
  d.checkpoint.time = LoadAt<int64_t>(buf, kOffCheckpointTime);
  d.time = LoadAt<int64_t>(buf, kOffTime);
  d.block_size = LoadAt<uint32_t>(buf, kOffBlockSize);
  d.wal_segment_size = LoadAt<uint32_t>(buf, kOffSegmentSize);
  d.data_checksums = LoadAt<uint32_t>(buf, kOffChecksums);
  return d;
}

Error FileError(Severity severity, const char* what, const char* path) {
  SqlState code = errno == ENOENT ? errcode::kUndefinedFile : errcode::kIoError;
  return Error(code, fmt::format("could not {} file \"{}\": {}", what, path, std::strerror(errno)),
               severity);
}

Error Incompatible(std::string detail) {
  return Error(errcode::kDataCorrupted, "database files are incompatible with server",
               Severity::kFatal)
      .Detail(std::move(detail));
}

}  // namespace

ControlFileData ReadControlFile() {
  int fd = open(kControlPath, O_RDONLY);
  if (fd < 0) throw FileError(Severity::kFatal, "open", kControlPath);
  char buf[kControlFileSize];
  ssize_t n;
  do {
    n = pread(fd, buf, sizeof(buf), 0);
  } while (n < 0 && errno == EINTR);
  int saved = errno;
  close(fd);
  if (n < 0) {
    errno = saved;
    throw FileError(Severity::kFatal, "read", kControlPath);
  }
  if (static_cast<size_t>(n) < kOffCrc + sizeof(uint32_t) ||
      Crc32c(buf, kOffCrc) != LoadAt<uint32_t>(buf, kOffCrc)) {
    throw Error(errcode::kDataCorrupted, "incorrect checksum in control file", Severity::kFatal);
  }
  ControlFileData d = Deserialise(buf);
  if (d.version != kControlFileVersion) {
    throw Incompatible(fmt::format(
        "The database cluster was initialized with PG_CONTROL_VERSION {}, but the server was "
        "compiled with PG_CONTROL_VERSION {}.",
        d.version, kControlFileVersion));
  }
  if (d.block_size != static_cast<uint32_t>(kBlockSize) || d.wal_segment_size != kWalSegmentSize) {
    throw Incompatible(fmt::format(
        "The database cluster was initialized with BLCKSZ {} and WAL segment size {}, but the "
        "server was compiled with BLCKSZ {} and WAL segment size {}.",
        d.block_size, d.wal_segment_size, kBlockSize, kWalSegmentSize));
  }
  return d;
}

void WriteControlFile(const ControlFileData& data) {
  char buf[kControlFileSize];
  Serialise(data, buf);
  int fd = open(kControlTempPath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw FileError(Severity::kPanic, "create", kControlTempPath);
  bool ok = WriteFully(fd, buf, sizeof(buf), 0) && (!g_fsync || fsync(fd) == 0);
  int saved = errno;
  close(fd);
  if (!ok) {
    errno = saved;
    throw FileError(Severity::kPanic, "write", kControlTempPath);
  }
  if (rename(kControlTempPath, kControlPath) != 0) {
    throw FileError(Severity::kPanic, "rename", kControlTempPath);
  }
  try {
    SyncDirectory("global");
  } catch (Error& e) {
    e.SetSeverity(Severity::kPanic);
    throw;
  }
}

}  // namespace hyrax::wal
