// Writing and syncing WAL with group commit (wal/README.md "Insertion and flush"). All
// writes happen under the WAL write lock; a writer that completes a segment fdatasyncs it
// before moving on, so a flusher only has to sync the segment holding its last byte. The
// write lock is never held while taking the insert lock, keeping insert -> write the only
// order. Any write or sync failure is a PANIC, as in PostgreSQL (the data may be lost from
// the kernel's cache, so retrying cannot be trusted).
#include "wal/flush/xlog_flush.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <unistd.h>

#include "common/error.h"
#include "common/interrupts.h"
#include "wal/flush/write_internal.h"
#include "wal/record/record_format.h"
#include "wal/recovery/recovery.h"
#include "wal/segment/segment_file.h"
#include "wal/wal_shared.h"
#include "wal/wal_shmem.h"

namespace hyrax::wal {

namespace {

[[noreturn]] void PanicIo(const std::string& message) {
  Panic(message.c_str());
}

int OpenForWriteOrPanic(uint64_t segno) {
  try {
    return OpenSegmentForWrite(segno);
  } catch (const Error& e) {
    PanicIo(e.message());
  } catch (...) {
    PanicIo("could not open WAL segment " + SegmentPath(segno));
  }
}

// Writes ring bytes [written_upto, target) to the segment files. Requires: write lock held,
// target <= inserted_upto.
void WriteRing(WalShared& sh, Lsn target) {
  Lsn pos = sh.written_upto.load(std::memory_order_relaxed);
  if (pos >= target) return;
  while (pos < target) {
    uint64_t segno = SegmentOf(pos);
    uint64_t seg_off = SegmentOffset(pos);
    uint64_t ring_off = pos % sh.ring_size;
    uint64_t n = std::min({target - pos, kWalSegmentSize - seg_off, sh.ring_size - ring_off});
    int fd = OpenForWriteOrPanic(segno);
    if (!WriteFully(fd, sh.ring + ring_off, n, seg_off)) {
      PanicIo(fmt::format("could not write to log file \"{}\" at offset {}, length {}: {}",
                          SegmentPath(segno), seg_off, n, std::strerror(errno)));
    }
    pos += n;
    if (SegmentOffset(pos) == 0) {
      // Segment complete: make it durable now, so later flushers need not know about it.
      if (!SyncSegment(fd)) {
        PanicIo(fmt::format("could not fdatasync file \"{}\": {}", SegmentPath(segno),
                            std::strerror(errno)));
      }
      if (g_fsync) sh.stat_sync.fetch_add(1, std::memory_order_relaxed);
    }
    sh.written_upto.store(pos, std::memory_order_release);
  }
  sh.stat_write.fetch_add(1, std::memory_order_relaxed);
}

// Writes and syncs everything up to `target`. Requires: write lock held.
void WriteAndSync(WalShared& sh, Lsn target) {
  WriteRing(sh, target);
  if (sh.flushed_upto.load(std::memory_order_relaxed) >= target) return;
  if (SegmentOffset(target) != 0) {
    uint64_t segno = SegmentOf(target);
    int fd = OpenForWriteOrPanic(segno);
    if (!SyncSegment(fd)) {
      PanicIo(fmt::format("could not fdatasync file \"{}\": {}", SegmentPath(segno),
                          std::strerror(errno)));
    }
    if (g_fsync) sh.stat_sync.fetch_add(1, std::memory_order_relaxed);
  }
  sh.flushed_upto.store(target, std::memory_order_release);
}

class WriteLockHolder {
 public:
  explicit WriteLockHolder(LWLock& lock) : lock_(lock) {}
  ~WriteLockHolder() { lock_.Release(); }
  WriteLockHolder(const WriteLockHolder&) = delete;
  WriteLockHolder& operator=(const WriteLockHolder&) = delete;

 private:
  LWLock& lock_;
};

}  // namespace

void XLogWriteForSpace(Lsn needed_written) {
  WalShared& sh = Shared();
  LWLockGuard guard(sh.write_lock, LWLockMode::kExclusive);
  if (sh.written_upto.load(std::memory_order_relaxed) >= needed_written) return;
  WriteRing(sh, sh.inserted_upto.load(std::memory_order_acquire));
}

void XLogFlush(Lsn upto) {
  // During replay the WAL being replayed is already on disk (PostgreSQL updates
  // minRecoveryPoint here instead; we have no archive recovery, so nothing to do).
  if (InRecovery()) return;
  WalShared& sh = Shared();
  while (upto > sh.flushed_upto.load(std::memory_order_acquire)) {
    if (!sh.write_lock.AcquireOrWait()) continue;  // someone flushed meanwhile: re-check
    WriteLockHolder holder(sh.write_lock);
    if (upto <= sh.flushed_upto.load(std::memory_order_relaxed)) return;
    // commit_delay: give concurrent committers a moment to insert, so this flush covers
    // them too (PostgreSQL sleeps here as the group leader; we have no commit_siblings).
    if (g_commit_delay_us > 0 && g_fsync) usleep(static_cast<useconds_t>(g_commit_delay_us));
    Lsn target = sh.inserted_upto.load(std::memory_order_acquire);
    if (upto > target) {
      ThrowInternalError(__FILE__, __LINE__,
                         fmt::format("xlog flush request {} is not satisfied --- flushed only "
                                     "to {}",
                                     FormatLsn(upto), FormatLsn(target)));
    }
    WriteAndSync(sh, target);
    return;
  }
}

bool XLogNeedsFlush(Lsn lsn) {
  if (InRecovery()) return false;
  return lsn > Shared().flushed_upto.load(std::memory_order_acquire);
}

Lsn GetFlushRecPtr() {
  return Shared().flushed_upto.load(std::memory_order_acquire);
}

void XLogBackgroundFlush() {
  if (InRecovery()) return;
  WalShared& sh = Shared();
  if (!sh.insert_allowed.load(std::memory_order_acquire)) return;
  if (sh.write_lock.ConditionalAcquire(LWLockMode::kExclusive)) {
    WriteLockHolder holder(sh.write_lock);
    Lsn target = sh.inserted_upto.load(std::memory_order_acquire);
    if (target > sh.flushed_upto.load(std::memory_order_relaxed)) WriteAndSync(sh, target);
  }
  PreallocateNextSegment(sh.inserted_upto.load(std::memory_order_acquire));
}

}  // namespace hyrax::wal
