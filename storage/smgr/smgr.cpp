// Storage manager (PostgreSQL's md.c behaviour): relation forks as chains of 1 GB segment
// files under base/<db>/ or global/, block I/O with pread/pwrite through the per-process
// descriptor cache, and sync requests for the next checkpoint. storage/smgr/README.md.
#include "storage/smgr/smgr.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include <sys/stat.h>

#include "common/error.h"
#include "common/logging.h"
#include "storage/smgr/fd_cache.h"
#include "storage/smgr/file_error.h"
#include "storage/smgr/smgr_internal.h"
#include "storage/smgr/sync_queue.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage {

namespace {

uint64_t g_backend_fsyncs = 0;  // this process's own fsyncs on a full queue

const char* ForkSuffix(ForkNumber fork) {
  switch (fork) {
    case ForkNumber::kMain:
      return "";
    case ForkNumber::kFsm:
      return "_fsm";
    case ForkNumber::kVisibilityMap:
      return "_vm";
    case ForkNumber::kInit:
      return "_init";
  }
  return "";
}

SegmentId SegmentOf(const RelFileLocator& locator, ForkNumber fork, BlockNumber block) {
  return SegmentId{locator, fork, block / kSegmentBlocks};
}

off_t OffsetInSegment(BlockNumber block) {
  return off_t{block % kSegmentBlocks} * kBlockSize;
}

// Creates `dir` and its parents when missing.
void MakeDirectories(const std::string& dir) {
  for (size_t pos = dir.find('/');; pos = dir.find('/', pos + 1)) {
    const std::string prefix = pos == std::string::npos ? dir : dir.substr(0, pos);
    if (!prefix.empty() && mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      throw FileAccessError(errno, fmt::format("could not create directory \"{}\"", prefix));
    }
    if (pos == std::string::npos) return;
  }
}

// Size of an open segment in whole blocks.
BlockNumber SegmentBlocks(int fd, const SegmentId& segment) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    throw FileAccessError(
        errno, fmt::format("could not seek to end of file \"{}\"", SegmentPath(segment)));
  }
  return static_cast<BlockNumber>(st.st_size / kBlockSize);
}

// fsyncs one segment now (unless fsync is off); a failure is a PANIC (the kernel may have
// dropped the pages).
void SyncSegmentNow(int fd, const SegmentId& segment) {
  if (wal::g_fsync && fsync(fd) != 0) {
    PanicFileError(errno, fmt::format("could not fsync file \"{}\"", SegmentPath(segment)));
  }
}

// After a write: queue the segment for the checkpoint, or sync it here when the queue is full.
void RegisterDirtySegment(int fd, const SegmentId& segment) {
  if (SyncQueue::Record(segment)) return;
  log::Debug("could not forward fsync request because request queue is full");
  SyncSegmentNow(fd, segment);
  ++g_backend_fsyncs;
}

// Writes a whole block at `offset`; returns bytes written or -1 (errno set).
ssize_t WriteFully(int fd, const char* buf, off_t offset) {
  size_t done = 0;
  while (done < kBlockSize) {
    ssize_t n = pwrite(fd, buf + done, kBlockSize - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

ssize_t ReadFully(int fd, char* buf, off_t offset) {
  size_t done = 0;
  while (done < kBlockSize) {
    ssize_t n = pread(fd, buf + done, kBlockSize - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(done);
}

// Segment 0 must exist for any access to the fork (md.c's EXTENSION_FAIL on the first segment).
[[noreturn]] void ThrowMissingFork(const RelFileLocator& locator, ForkNumber fork) {
  throw FileAccessError(
      ENOENT, fmt::format("could not open file \"{}\"", Smgr::RelationPath(locator, fork)));
}

}  // namespace

std::string SegmentPath(const SegmentId& segment) {
  std::string path = Smgr::RelationPath(segment.locator, segment.fork);
  if (segment.segno > 0) path += fmt::format(".{}", segment.segno);
  return path;
}

size_t Smgr::ShmemSize() {
  return SyncQueue::ShmemSize();
}

void Smgr::ShmemInit() {
  SyncQueue::ShmemInit();
  // A new segment means a new (or re-initialised) world: forget descriptors from before.
  FdCache::CloseAll();
  FdCache::DropStale();
}

std::string Smgr::RelationPath(const RelFileLocator& locator, ForkNumber fork) {
  if (locator.db_oid == kInvalidOid || locator.spc_oid == kGlobalTablespaceOid) {
    return fmt::format("global/{}{}", locator.rel_number, ForkSuffix(fork));
  }
  return fmt::format("base/{}/{}{}", locator.db_oid, locator.rel_number, ForkSuffix(fork));
}

void Smgr::Create(const RelFileLocator& locator, ForkNumber fork, bool is_redo) {
  FdCache::DropStale();
  FdCache::CloseFork(locator, fork);
  const std::string path = RelationPath(locator, fork);
  MakeDirectories(path.substr(0, path.rfind('/')));
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && !(errno == EEXIST && is_redo)) {
    throw FileAccessError(errno, fmt::format("could not create file \"{}\"", path));
  }
  if (fd >= 0) close(fd);
}

bool Smgr::Exists(const RelFileLocator& locator, ForkNumber fork) {
  struct stat st;
  return stat(RelationPath(locator, fork).c_str(), &st) == 0;
}

void Smgr::UnlinkAllForks(const RelFileLocator& locator) {
  for (int f = 0; f < kNumForks; ++f) {
    const auto fork = static_cast<ForkNumber>(f);
    FdCache::CloseFork(locator, fork);
    for (uint32_t segno = 0;; ++segno) {
      const std::string path = SegmentPath(SegmentId{locator, fork, segno});
      if (unlink(path.c_str()) == 0) continue;
      if (errno != ENOENT) log::Warning("could not remove file \"{}\": {}", path, strerror(errno));
      break;
    }
  }
  SyncQueue::NoteUnlink();
}

void Smgr::Read(const RelFileLocator& locator, ForkNumber fork, BlockNumber block, char* buf) {
  FdCache::DropStale();
  const SegmentId segment = SegmentOf(locator, fork, block);
  int fd = FdCache::Get(segment, false);
  if (fd < 0 && segment.segno == 0) ThrowMissingFork(locator, fork);
  ssize_t n = fd < 0 ? 0 : ReadFully(fd, buf, OffsetInSegment(block));
  if (n < 0) {
    throw FileAccessError(
        errno, fmt::format("could not read block {} in file \"{}\"", block, SegmentPath(segment)));
  }
  if (n < kBlockSize) {
    throw MakeError(errcode::kDataCorrupted,
                    "could not read block {} in file \"{}\": read only {} of {} bytes", block,
                    SegmentPath(segment), n, kBlockSize);
  }
}

void Smgr::Write(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                 const char* buf) {
  FdCache::DropStale();
  const SegmentId segment = SegmentOf(locator, fork, block);
  int fd = FdCache::Get(segment, false);
  if (fd < 0) {
    throw FileAccessError(ENOENT, fmt::format("could not open file \"{}\"", SegmentPath(segment)));
  }
  ssize_t n = WriteFully(fd, buf, OffsetInSegment(block));
  if (n < 0) {
    throw FileAccessError(
        errno, fmt::format("could not write block {} in file \"{}\"", block, SegmentPath(segment)));
  }
  if (n < kBlockSize) {
    throw MakeError(errcode::kDiskFull,
                    "could not write block {} in file \"{}\": wrote only {} of {} bytes", block,
                    SegmentPath(segment), n, kBlockSize)
        .Hint("Check free disk space.");
  }
  RegisterDirtySegment(fd, segment);
}

void Smgr::Extend(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                  const char* buf) {
  FdCache::DropStale();
  if (block == kInvalidBlockNumber) {
    throw MakeError(errcode::kProgramLimitExceeded, "cannot extend file \"{}\" beyond {} blocks",
                    RelationPath(locator, fork), kInvalidBlockNumber);
  }
  const SegmentId segment = SegmentOf(locator, fork, block);
  if (segment.segno > 0 && FdCache::Get(segment, false) < 0) {
    if (FdCache::Get(SegmentId{locator, fork, 0}, false) < 0) ThrowMissingFork(locator, fork);
    // A new segment: earlier ones must be full-sized so NumBlocks walks past them.
    for (uint32_t segno = 0; segno < segment.segno; ++segno) {
      const SegmentId earlier{locator, fork, segno};
      int fd = FdCache::Get(earlier, true);
      if (SegmentBlocks(fd, earlier) < kSegmentBlocks && ftruncate(fd, kSegmentBytes) != 0) {
        throw FileAccessError(errno,
                              fmt::format("could not extend file \"{}\"", SegmentPath(earlier)))
            .Hint("Check free disk space.");
      }
      RegisterDirtySegment(fd, earlier);
    }
  }
  int fd = FdCache::Get(segment, segment.segno > 0);
  if (fd < 0) ThrowMissingFork(locator, fork);
  ssize_t n = WriteFully(fd, buf, OffsetInSegment(block));
  if (n < 0) {
    throw FileAccessError(errno, fmt::format("could not extend file \"{}\"", SegmentPath(segment)))
        .Hint("Check free disk space.");
  }
  if (n < kBlockSize) {
    throw MakeError(errcode::kDiskFull,
                    "could not extend file \"{}\": wrote only {} of {} bytes at block {}",
                    SegmentPath(segment), n, kBlockSize, block)
        .Hint("Check free disk space.");
  }
  RegisterDirtySegment(fd, segment);
}

BlockNumber Smgr::NumBlocks(const RelFileLocator& locator, ForkNumber fork) {
  FdCache::DropStale();
  BlockNumber total = 0;
  for (uint32_t segno = 0;; ++segno) {
    const SegmentId segment{locator, fork, segno};
    int fd = FdCache::Get(segment, false);
    if (fd < 0) {
      if (segno == 0) ThrowMissingFork(locator, fork);
      return total;
    }
    const BlockNumber blocks = SegmentBlocks(fd, segment);
    if (blocks < kSegmentBlocks) return total + blocks;
    total += kSegmentBlocks;
  }
}

void Smgr::Truncate(const RelFileLocator& locator, ForkNumber fork, BlockNumber nblocks) {
  const BlockNumber current = NumBlocks(locator, fork);
  if (nblocks > current) {
    throw MakeError(errcode::kInternalError,
                    "could not truncate file \"{}\" to {} blocks: it's only {} blocks now",
                    RelationPath(locator, fork), nblocks, current);
  }
  // Segment that keeps the last remaining block (segment 0 when nothing remains).
  const uint32_t keep_segno = nblocks == 0 ? 0 : (nblocks - 1) / kSegmentBlocks;
  const SegmentId kept{locator, fork, keep_segno};
  int fd = FdCache::Get(kept, false);
  const off_t keep_bytes = off_t{nblocks - keep_segno * kSegmentBlocks} * kBlockSize;
  if (fd < 0 || ftruncate(fd, keep_bytes) != 0) {
    throw FileAccessError(
        fd < 0 ? ENOENT : errno,
        fmt::format("could not truncate file \"{}\" to {} blocks", SegmentPath(kept), nblocks));
  }
  RegisterDirtySegment(fd, kept);
  FdCache::CloseFork(locator, fork, keep_segno + 1);
  bool removed = false;
  for (uint32_t segno = keep_segno + 1;; ++segno) {
    const std::string path = SegmentPath(SegmentId{locator, fork, segno});
    if (unlink(path.c_str()) != 0) {
      if (errno != ENOENT) {
        throw FileAccessError(errno, fmt::format("could not remove file \"{}\"", path));
      }
      break;
    }
    removed = true;
  }
  if (removed) SyncQueue::NoteUnlink();
}

void Smgr::ImmediateSync(const RelFileLocator& locator, ForkNumber fork) {
  FdCache::DropStale();
  for (uint32_t segno = 0;; ++segno) {
    const SegmentId segment{locator, fork, segno};
    int fd = FdCache::Get(segment, false);
    if (fd < 0) {
      if (segno == 0) ThrowMissingFork(locator, fork);
      return;
    }
    SyncSegmentNow(fd, segment);
  }
}

int Smgr::SyncAllPending() {
  int synced = 0;
  for (const SegmentId& segment : SyncQueue::Drain()) {
    // Open by path rather than through the cache: a file dropped since it was written is
    // simply gone (ENOENT), which is fine.
    const std::string path = SegmentPath(segment);
    int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      PanicFileError(errno, fmt::format("could not open file \"{}\"", path));
    }
    if (wal::g_fsync && fsync(fd) != 0) {
      PanicFileError(errno, fmt::format("could not fsync file \"{}\"", path));
    }
    close(fd);
    ++synced;
  }
  return synced;
}

uint64_t Smgr::BackendFsyncs() {
  return g_backend_fsyncs;
}

void Smgr::CloseAll() {
  FdCache::CloseAll();
}

}  // namespace hyrax::storage
