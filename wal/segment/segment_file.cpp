// Segment files: creation by temporary file + link (so a crash never leaves a half-zeroed
// segment under a real name, and two creators cannot clobber each other), the writer's
// cached descriptor, and the clean-up done by checkpoints and recovery (wal/README.md).
#include "wal/segment/segment_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>
#include <vector>

#include "common/error.h"
#include "common/logging.h"
#include "wal/record/record_format.h"
#include "wal/wal_shmem.h"

namespace hyrax::wal {

namespace {

constexpr size_t kZeroChunk = 1024 * 1024;

// The writer's cached descriptor (PostgreSQL's openLogFile / openLogSegNo).
int g_write_fd = -1;
uint64_t g_write_segno = 0;

const char* ZeroChunk() {
  static const std::vector<char> zeros(kZeroChunk, 0);
  return zeros.data();
}

Error FileError(const char* what, const std::string& path) {
  return Error(errcode::kIoError,
               fmt::format("could not {} file \"{}\": {}", what, path, std::strerror(errno)));
}

// Writes all of [buf, buf+len) at `offset`, retrying short writes. False on error.
bool PwriteAll(int fd, const char* buf, size_t len, off_t offset) {
  while (len > 0) {
    ssize_t n = pwrite(fd, buf, len, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {
      errno = ENOSPC;
      return false;
    }
    buf += n;
    len -= static_cast<size_t>(n);
    offset += n;
  }
  return true;
}

// Writes kWalSegmentSize zero bytes into a freshly created temporary file.
void FillWithZeros(int fd, const std::string& path) {
  for (uint64_t off = 0; off < kWalSegmentSize; off += kZeroChunk) {
    if (!PwriteAll(fd, ZeroChunk(), kZeroChunk, static_cast<off_t>(off))) {
      throw FileError("write to", path);
    }
  }
  if (g_fsync && fsync(fd) != 0) throw FileError("fsync", path);
}

bool IsAllZero(const char* p, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

template <typename Pred>
void RemoveMatching(Pred should_remove, bool throw_on_error) {
  std::error_code ec;
  std::filesystem::directory_iterator it(kWalDirectory, ec);
  if (ec) {
    if (throw_on_error) {
      errno = ec.value();
      throw Error(errcode::kIoError,
                  fmt::format("could not open directory \"{}\": {}", kWalDirectory, ec.message()));
    }
    return;
  }
  bool removed = false;
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    if (!should_remove(name)) continue;
    std::string path = std::string(kWalDirectory) + "/" + name;
    if (unlink(path.c_str()) != 0 && errno != ENOENT) {
      if (throw_on_error) throw FileError("remove", path);
      log::Warning("could not remove file \"{}\": {}", path, std::strerror(errno));
      continue;
    }
    removed = true;
  }
  if (removed) SyncDirectory(kWalDirectory);
}

}  // namespace

std::string SegmentPath(uint64_t segno) {
  constexpr uint64_t kSegmentsPerId = 0x100000000ull / kWalSegmentSize;
  return fmt::format("{}/{:08X}{:08X}{:08X}", kWalDirectory, kTimeline,
                     static_cast<uint32_t>(segno / kSegmentsPerId),
                     static_cast<uint32_t>(segno % kSegmentsPerId));
}

std::optional<uint64_t> ParseSegmentName(std::string_view name) {
  constexpr uint64_t kSegmentsPerId = 0x100000000ull / kWalSegmentSize;
  if (name.size() != 24) return std::nullopt;
  uint64_t parts[3] = {0, 0, 0};
  for (size_t i = 0; i < 24; ++i) {
    char c = name[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    parts[i / 8] = parts[i / 8] * 16 + static_cast<uint64_t>(digit);
  }
  if (parts[0] != kTimeline || parts[2] >= kSegmentsPerId) return std::nullopt;
  return parts[1] * kSegmentsPerId + parts[2];
}

bool CreateSegmentFile(uint64_t segno) {
  std::string path = SegmentPath(segno);
  if (access(path.c_str(), F_OK) == 0) return false;
  std::string tmp = fmt::format("{}/xlogtemp.{}", kWalDirectory, getpid());
  unlink(tmp.c_str());
  int fd = open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw FileError("create", tmp);
  try {
    FillWithZeros(fd, tmp);
  } catch (...) {
    close(fd);
    unlink(tmp.c_str());
    throw;
  }
  close(fd);
  // link() fails with EEXIST when someone else installed the segment meanwhile, unlike
  // rename(), which would replace a segment that may already hold records.
  bool created = link(tmp.c_str(), path.c_str()) == 0;
  int link_errno = errno;
  unlink(tmp.c_str());
  if (!created && link_errno != EEXIST) {
    errno = link_errno;
    throw FileError("link", path);
  }
  if (created) SyncDirectory(kWalDirectory);
  return created;
}

int OpenSegmentForWrite(uint64_t segno) {
  if (g_write_fd >= 0 && g_write_segno == segno) return g_write_fd;
  CloseCachedSegment();
  std::string path = SegmentPath(segno);
  int fd = open(path.c_str(), O_RDWR);
  if (fd < 0 && errno == ENOENT) {
    CreateSegmentFile(segno);
    fd = open(path.c_str(), O_RDWR);
  }
  if (fd < 0) throw FileError("open", path);
  g_write_fd = fd;
  g_write_segno = segno;
  return fd;
}

void CloseCachedSegment() {
  if (g_write_fd >= 0) close(g_write_fd);
  g_write_fd = -1;
  g_write_segno = 0;
}

bool WriteFully(int fd, const char* data, size_t len, uint64_t offset) {
  return PwriteAll(fd, data, len, static_cast<off_t>(offset));
}

void PreallocateNextSegment(Lsn insert_pos) {
  if (SegmentOffset(insert_pos) < kWalSegmentSize / 4 * 3) return;
  try {
    CreateSegmentFile(SegmentOf(insert_pos) + 1);
  } catch (const Error& e) {
    log::Warning("could not pre-allocate WAL segment: {}", e.message());
  }
}

bool SyncSegment(int fd) {
  if (!g_fsync) return true;
  return fdatasync(fd) == 0;
}

void SyncDirectory(const char* path) {
  if (!g_fsync) return;
  int fd = open(path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) throw FileError("open", path);
  int rc = fsync(fd);
  int saved = errno;
  close(fd);
  if (rc != 0) {
    errno = saved;
    throw FileError("fsync", path);
  }
}

void RemoveSegmentsBefore(uint64_t segno) {
  if (g_write_fd >= 0 && g_write_segno < segno) CloseCachedSegment();
  RemoveMatching(
      [segno](const std::string& name) {
        auto parsed = ParseSegmentName(name);
        return parsed.has_value() && *parsed < segno;
      },
      false);
}

void RemoveSegmentsAfter(uint64_t segno) {
  if (g_write_fd >= 0 && g_write_segno > segno) CloseCachedSegment();
  RemoveMatching(
      [segno](const std::string& name) {
        if (name.rfind("xlogtemp.", 0) == 0) return true;
        auto parsed = ParseSegmentName(name);
        return parsed.has_value() && *parsed > segno;
      },
      true);
}

void ZeroSegmentTail(Lsn end) {
  std::string path = SegmentPath(SegmentOf(end));
  int fd = open(path.c_str(), O_RDWR);
  if (fd < 0) {
    if (errno == ENOENT) return;
    throw FileError("open", path);
  }
  std::vector<char> buf(kZeroChunk);
  bool wrote = false;
  uint64_t pos = SegmentOffset(end);
  while (pos < kWalSegmentSize) {
    size_t len = static_cast<size_t>(
        std::min<uint64_t>(kZeroChunk - pos % kZeroChunk, kWalSegmentSize - pos));
    ssize_t n = pread(fd, buf.data(), len, static_cast<off_t>(pos));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      close(fd);
      errno = saved;
      throw FileError("read", path);
    }
    // A short read means the file is shorter than a segment: extend it with zeros too.
    if (n < static_cast<ssize_t>(len) || !IsAllZero(buf.data(), len)) {
      if (!PwriteAll(fd, ZeroChunk(), len, static_cast<off_t>(pos))) {
        int saved = errno;
        close(fd);
        errno = saved;
        throw FileError("write to", path);
      }
      wrote = true;
    }
    pos += len;
  }
  bool synced = !wrote || SyncSegment(fd);
  int saved = errno;
  close(fd);
  if (!synced) {
    errno = saved;
    throw FileError("fsync", path);
  }
}

}  // namespace hyrax::wal
