// Internals of the shared buffer pool shared by its source files (PostgreSQL's
// buf_internals.h): the descriptor with its atomic state word, the shared pool layout,
// header spinlock, pins, I/O-in-progress handling and victim selection. Not for use outside
// storage/buffer. storage/buffer/README.md explains every bit.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/shmem/lwlock.h"
#include "storage/buffer/buffer_manager.h"

namespace hyrax::storage::buf {

// State word: bits 0-17 refcount, 18-21 usage count, 22-31 flags (PostgreSQL's layout).
inline constexpr uint32_t kRefcountOne = 1;
inline constexpr uint32_t kRefcountMask = (1u << 18) - 1;
inline constexpr int kUsageCountShift = 18;
inline constexpr uint32_t kUsageCountOne = 1u << kUsageCountShift;
inline constexpr uint32_t kUsageCountMask = 0xFu << kUsageCountShift;
inline constexpr uint32_t kMaxUsageCount = 5;

inline constexpr uint32_t kLocked = 1u << 22;            // header spinlock
inline constexpr uint32_t kDirty = 1u << 23;             // page differs from disk
inline constexpr uint32_t kValid = 1u << 24;             // page holds the block's data
inline constexpr uint32_t kTagValid = 1u << 25;          // tag is meaningful (in mapping)
inline constexpr uint32_t kIoInProgress = 1u << 26;      // a read or write is under way
inline constexpr uint32_t kIoError = 1u << 27;           // the last I/O failed
inline constexpr uint32_t kJustDirtied = 1u << 28;       // dirtied since the write began
inline constexpr uint32_t kPinCountWaiter = 1u << 29;    // reserved (cleanup-lock waits)
inline constexpr uint32_t kCheckpointNeeded = 1u << 30;  // must be written by this checkpoint
inline constexpr uint32_t kPermanent = 1u << 31;         // WAL-logged relation

inline uint32_t RefCount(uint32_t state) {
  return state & kRefcountMask;
}
inline uint32_t UsageCount(uint32_t state) {
  return (state & kUsageCountMask) >> kUsageCountShift;
}

// One buffer's descriptor, in shared memory, one cache line each.
struct alignas(64) BufferDesc {
  BufferTag tag;                     // written under the header lock and the mapping partition lock
  int buf_id = 0;                    // 0-based; fixed at start
  std::atomic<uint32_t> state;       // refcount, usage count, flags; header lock = kLocked bit
  int next_in_bucket = -1;           // mapping-chain link; protected by the partition lock
  std::atomic<uint32_t> io_done;     // futex word, bumped when an I/O ends
  std::atomic<uint32_t> io_waiters;  // processes sleeping on io_done
  LWLock content_lock;               // guards the page bytes
};

inline constexpr int kMappingPartitions = 128;  // PostgreSQL's NUM_BUFFER_PARTITIONS
inline constexpr int kExtensionLocks = 64;

struct alignas(64) PaddedLWLock {
  LWLock lock;
};

// The pool's fixed shared control area.
struct BufferPoolShared {
  int nbuffers = 0;
  uint32_t bucket_mask = 0;           // buckets = bucket_mask + 1 (power of two)
  std::atomic<uint32_t> next_victim;  // clock hand, advanced atomically
  PaddedLWLock partition_locks[kMappingPartitions];
  PaddedLWLock extension_locks[kExtensionLocks];  // serialise Extend per (relation, fork)
  BufferDesc* descriptors = nullptr;              // nbuffers descriptors
  char* pages = nullptr;                          // nbuffers * kBlockSize bytes
  int32_t* buckets = nullptr;                     // chain heads (buffer ids, -1 = empty)
};

// The attached pool; throws XX000 when BufferManager::ShmemInit has not run.
BufferPoolShared* Pool();
inline BufferDesc* Desc(Buffer buffer) {
  return &Pool()->descriptors[buffer - 1];
}
inline char* PageOf(const BufferDesc* desc) {
  return Pool()->pages + static_cast<size_t>(desc->buf_id) * kBlockSize;
}
inline Buffer BufferOf(const BufferDesc* desc) {
  return desc->buf_id + 1;
}

// This process's pin count of each buffer, and its statistics.
int32_t& PrivateRefCount(const BufferDesc* desc);
BufferManager::Counters& MutableCounters();
// Resets the process-local state for a pool of `nbuffers` buffers.
void ResetLocalState(int nbuffers);

// Header spinlock: sets kLocked and returns the state including it.
uint32_t LockBufHdr(BufferDesc* desc);
// Stores `state` (with kLocked cleared), releasing the header lock.
void UnlockBufHdr(BufferDesc* desc, uint32_t state);

// Pins the buffer (usage count +1, at most kMaxUsageCount). Returns true when the page is
// valid. Requires: the caller keeps the buffer from being retagged meanwhile (holds its
// mapping partition lock, or already holds a pin).
bool PinBuffer(BufferDesc* desc);
// Pins a buffer whose header lock the caller holds (`state`); releases the header lock.
void PinBufferLocked(BufferDesc* desc, uint32_t state);
// Drops one of this process's pins. Never throws.
void UnpinBuffer(BufferDesc* desc) noexcept;

// Starts a read (`for_input`) or write of the buffer, waiting for an I/O in progress first.
// Returns false when there is nothing to do (already valid / no longer dirty).
// Requires: a pin.
bool StartBufferIO(BufferDesc* desc, bool for_input);
// Ends the I/O: clears kIoInProgress and kIoError, clears kDirty and kCheckpointNeeded when
// `clear_dirty` and the page was not re-dirtied meanwhile, sets `set_bits`, wakes waiters.
void TerminateBufferIO(BufferDesc* desc, bool clear_dirty, uint32_t set_bits);
// Ends a failed I/O (sets kIoError, keeps kDirty). Never throws.
void AbortBufferIO(BufferDesc* desc) noexcept;
// Sleeps until no I/O is in progress on the buffer.
void WaitIO(BufferDesc* desc);

// Clock sweep: returns an unpinned buffer with usage count 0, header lock held (*state).
// Throws XX000 "no unpinned buffers available" after a full sweep finding only pins.
BufferDesc* ClockSweepVictim(uint32_t* state);

// Owns one pin taken by the internals until released or handed to a PinnedBuffer.
class PinGuard {
 public:
  explicit PinGuard(BufferDesc* desc) : desc_(desc) {}
  ~PinGuard() {
    if (desc_ != nullptr) UnpinBuffer(desc_);
  }
  PinGuard(const PinGuard&) = delete;
  PinGuard& operator=(const PinGuard&) = delete;
  BufferDesc* get() const { return desc_; }
  BufferDesc* Release() {
    BufferDesc* d = desc_;
    desc_ = nullptr;
    return d;
  }

 private:
  BufferDesc* desc_;
};

// Aborts the buffer's I/O unless Done() was called (exception safety of reads and writes).
class IoGuard {
 public:
  explicit IoGuard(BufferDesc* desc) : desc_(desc) {}
  ~IoGuard() {
    if (desc_ != nullptr) AbortBufferIO(desc_);
  }
  IoGuard(const IoGuard&) = delete;
  IoGuard& operator=(const IoGuard&) = delete;
  void Done() { desc_ = nullptr; }

 private:
  BufferDesc* desc_;
};

// Writes a dirty buffer (WAL rule first) from a checksummed private copy. Returns true when
// this call wrote it. Requires: a pin and the content lock (share or exclusive).
bool FlushBuffer(BufferDesc* desc);

// Relation path of a tag for messages ("base/5/16384", with fork suffix).
std::string TagPath(const BufferTag& tag);

}  // namespace hyrax::storage::buf
