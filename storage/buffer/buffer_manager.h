// The shared buffer pool: NBuffers 8 KB frames in shared memory, looked up by BufferTag
// through a partitioned mapping table, replaced by clock sweep. Pages are reachable only
// through a pin (PinnedBuffer) and a content lock (BufferLock). A dirty page is written
// only after WAL is flushed up to its pd_lsn (the WAL rule). storage/buffer/README.md
// holds the algorithm, the state-word layout and the lock order.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::storage {

// 1-based buffer number; 0 = invalid (PostgreSQL's convention).
using Buffer = int;
inline constexpr Buffer kInvalidBuffer = 0;

struct BufferTag {
  RelFileLocator locator;
  ForkNumber fork = ForkNumber::kMain;
  BlockNumber block = kInvalidBlockNumber;
  bool operator==(const BufferTag& o) const {
    return locator == o.locator && fork == o.fork && block == o.block;
  }
};

enum class ReadMode {
  kNormal,       // read from disk if not cached; verify checksum (XX001 on mismatch)
  kZeroAndLock,  // don't read: return a zeroed page, exclusively locked (redo, new pages)
  kZeroOnError,  // a page failing verification is zeroed with a WARNING (recovery; FSM reads)
};

// GUC bound by the server's GUC table: number of buffers (shared_buffers / 8 KB).
extern int g_shared_buffers;  // in buffers

class BufferLock;

// An owned pin on one buffer. Movable, not copyable; the destructor unpins. Pinning keeps
// the frame from being evicted but gives no access to the bytes: take a BufferLock.
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  ~PinnedBuffer() { Reset(); }
  PinnedBuffer(PinnedBuffer&& other) noexcept : buffer_(other.buffer_) {
    other.buffer_ = kInvalidBuffer;
  }
  PinnedBuffer& operator=(PinnedBuffer&& other) noexcept;
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;

  bool valid() const { return buffer_ != kInvalidBuffer; }
  Buffer id() const { return buffer_; }
  BlockNumber block() const;
  const BufferTag& tag() const;
  // Unpins now (no-op when invalid).
  void Reset();

 private:
  friend class BufferManager;
  explicit PinnedBuffer(Buffer b) : buffer_(b) {}
  Buffer buffer_ = kInvalidBuffer;
};

enum class BufferLockMode { kShare, kExclusive };

// A content lock on a pinned buffer; gives access to the page bytes. Movable; the
// destructor unlocks. Requires: the PinnedBuffer outlives the lock.
class BufferLock {
 public:
  BufferLock() = default;
  BufferLock(const PinnedBuffer& pin, BufferLockMode mode);
  ~BufferLock() { Unlock(); }
  BufferLock(BufferLock&& other) noexcept : buffer_(other.buffer_), mode_(other.mode_) {
    other.buffer_ = kInvalidBuffer;
  }
  BufferLock& operator=(BufferLock&& other) noexcept;
  BufferLock(const BufferLock&) = delete;
  BufferLock& operator=(const BufferLock&) = delete;

  // The 8 KB page. Valid while the lock is held.
  char* page() const;
  BufferLockMode mode() const { return mode_; }
  bool held() const { return buffer_ != kInvalidBuffer; }
  // Marks the page dirty. Requires: exclusive lock (the change is WAL-logged, or the fork
  // is not WAL-logged such as the FSM).
  void MarkDirty();
  // Marks the page dirty for a hint-bit change made under a share lock. Does nothing when
  // the page would need a full-page image (the hint is re-derived later) — see README.
  void MarkDirtyHint();
  void Unlock();

  // Takes an exclusive lock only if this backend holds the only pin ("cleanup lock",
  // needed to move tuples during pruning: scans keep pointers into pinned pages). Returns
  // false without waiting otherwise.
  static bool ConditionalCleanupLock(const PinnedBuffer& pin, BufferLock* out);

 private:
  Buffer buffer_ = kInvalidBuffer;
  BufferLockMode mode_ = BufferLockMode::kShare;
};

class BufferManager {
 public:
  static size_t ShmemSize();
  static void ShmemInit();

  // Pins block `block` of the fork, reading it if needed. Throws Error when the block is
  // beyond the end of the file (XX001 "could not read block") or fails its checksum
  // (XX001 "invalid page in block %u of relation %s"), and XX000 "no unpinned buffers
  // available" when every buffer is pinned. With kZeroAndLock, `lock` is required and
  // receives the exclusive content lock, taken before the zeroed page becomes visible.
  static PinnedBuffer Read(const RelFileLocator& locator, ForkNumber fork, BlockNumber block,
                           ReadMode mode = ReadMode::kNormal, BufferLock* lock = nullptr);
  // Adds a new zeroed block at the end of the fork and returns it pinned; *lock receives
  // the exclusive content lock. Requires: the caller holds the relation extension lock
  // (LockRelationForExtension) so two extenders never pick the same block number.
  // The new block is written to disk as zeros at once, so NumBlocks counts it (PostgreSQL 15's
  // smgrextend in ReadBuffer(P_NEW)); concurrent extenders of one fork are also serialised
  // internally. Counts as one written buffer, as PostgreSQL 15 does.
  static PinnedBuffer Extend(const RelFileLocator& locator, ForkNumber fork, BufferLock* lock);
  // Number of blocks in the fork (extension writes new blocks at once, so this is the file
  // size). Throws 58P01 when the fork's file does not exist.
  static BlockNumber NumBlocks(const RelFileLocator& locator, ForkNumber fork);

  // Writes every buffer dirty at the start of the call (marked checkpoint-needed first, then
  // written in tag order; WAL rule honoured) and records the files for fsync; used by
  // checkpoints. Does not fsync (Smgr::SyncAllPending does). Returns the number of buffers
  // written. Requires: this process holds no content lock.
  static int FlushAllForCheckpoint();
  // Writes all dirty buffers of one relation (e.g. before copying its files).
  // Requires: this process holds no content lock on the relation's buffers.
  static void FlushRelation(const RelFileLocator& locator);
  // Forgets every buffer of a relation without writing (DROP / TRUNCATE at commit).
  // Requires: no process uses the relation any more (AccessExclusiveLock or it is gone) and
  // this process holds no pin on it (XX000 otherwise).
  static void DropRelation(const RelFileLocator& locator);
  // Forgets every buffer of a database (DROP DATABASE). Same requirements.
  static void DropDatabase(Oid db_oid);
  // Forgets the fork's buffers of blocks >= `nblocks` without writing, then truncates the
  // file (Smgr::Truncate) — VACUUM and FSM truncation. Same requirements as DropRelation.
  static void TruncateFork(const RelFileLocator& locator, ForkNumber fork, BlockNumber nblocks);

  // Statistics for EXPLAIN (BUFFERS) and pg_stat views: counted per backend.
  struct Counters {
    uint64_t shared_hit = 0;
    uint64_t shared_read = 0;
    uint64_t shared_dirtied = 0;
    uint64_t shared_written = 0;
  };
  static const Counters& counters();
  // Asserts (debug) / logs (release) when this backend still holds pins; called at
  // transaction end. Returns the number of leaked pins.
  static int CheckForLeakedPins();

 private:
  friend class PinnedBuffer;
  friend class BufferLock;
};

}  // namespace hyrax::storage
