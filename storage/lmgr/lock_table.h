// Internals of the heavyweight lock manager: the shared lock table (PostgreSQL's LOCK and
// PROCLOCK objects in a fixed-size hash partitioned 16 ways), per-proc wait-queue links, and
// the operations on them. Used by the files of storage/lmgr only. README.md has the layout,
// the invariants and the lock order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/shmem/lwlock.h"
#include "common/shmem/spinlock.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/proc_array.h"

namespace hyrax::storage::lmgr_internal {

inline constexpr int kNumPartitions = 16;
inline constexpr int32_t kNil = -1;

using LockMask = uint16_t;
inline LockMask Bit(LockMode mode) {
  return static_cast<LockMask>(1u << static_cast<int>(mode));
}
inline LockMask Bit(int mode) {
  return static_cast<LockMask>(1u << mode);
}
// kConflicts[m]: the modes that conflict with m (PostgreSQL's table).
extern const LockMask kConflicts[kMaxLockModes];

// ProcSlot::wait_status values.
inline constexpr int32_t kNotWaiting = 0;
inline constexpr int32_t kWaiting = 1;
inline constexpr int32_t kGranted = 2;

// A lockable object with at least one holder or waiter (PostgreSQL's LOCK). Protected by
// the partition lock of its hash.
struct LockObj {
  LockTag tag;
  uint32_t hash;
  int32_t next;  // next lock in the bucket chain, or in the free list
  LockMask grant_mask;
  LockMask wait_mask;
  int32_t requested[kMaxLockModes];  // granted + waiting requests per mode
  int32_t n_requested;
  int32_t granted[kMaxLockModes];  // holders per mode
  int32_t n_granted;
  int32_t holders;               // first Holder of this lock
  int32_t wait_head, wait_tail;  // FIFO wait queue of proc slot indices
};

// One proc's interest in one lock (PostgreSQL's PROCLOCK). Protected like its lock.
struct Holder {
  int32_t lock;  // LockObj index
  int32_t proc;  // proc slot index
  LockMask hold_mask;
  int32_t next;  // next holder of the same lock, or in the free list
};

// Lock-manager state of one proc slot; wait links are protected by the partition lock of
// the lock being waited for.
struct ProcLockInfo {
  ProcSlot* proc;  // set by the owner on its first lock call
  int32_t wait_next, wait_prev;
  int32_t wait_holder;      // Holder of the waited-for lock
  int64_t wait_start;       // TimestampTz
  int32_t deadlock_checks;  // diagnostics: deadlock searches this proc ran (all partitions)
};

struct LockTable {
  LWLock partitions[kNumPartitions];
  SpinLock free_lock;  // guards the two free lists
  int32_t free_locks;
  int32_t free_holders;
  int32_t num_locks, num_holders, num_buckets, num_procs;
  int32_t* buckets;
  LockObj* locks;
  Holder* holders;
  ProcLockInfo* procs;
};

LockTable& Table();
uint32_t HashTag(const LockTag& tag);
inline LWLock& PartitionLock(uint32_t hash) {
  return Table().partitions[hash % kNumPartitions];
}
// The 53200 error of a full table.
Error OutOfSharedMemory();

// ---- All below require the partition lock of the lock concerned, held exclusively ----

// Index of the lock for `tag`, creating it; kNil when the table is full.
int32_t FindOrCreateLock(const LockTag& tag, uint32_t hash);
// Index of `proc`'s holder entry on `lock`, creating it; kNil when the table is full.
int32_t FindOrCreateHolder(int32_t lock, int32_t proc);
// Frees a lock entry nobody holds, waits for or has a holder entry on (after a failed
// holder allocation).
void RemoveLockIfUnused(int32_t lock);
// Frees the holder when it holds and waits for nothing, and the lock when nobody requests
// it; otherwise, with `wake`, grants what waiters can now get.
void CleanUpLock(int32_t lock, int32_t holder, bool wake);
// True when `mode` conflicts with modes granted to others than `holder`.
bool ConflictsWithGranted(const LockObj& lock, const Holder& holder, LockMode mode);
void GrantLock(LockObj& lock, Holder& holder, LockMode mode);
// Releases one granted `mode` of `holder` (the request count too).
void UngrantLock(LockObj& lock, Holder& holder, LockMode mode);
// Grants, in queue order, every waiter that no longer conflicts with the granted modes nor
// with an earlier waiter, and wakes it (PostgreSQL's ProcLockWakeup).
void WakeWaiters(int32_t lock);
// Appends `proc` (index) to the queue of `lock`, before `before` unless that is kNil.
void QueueInsert(int32_t lock, int32_t proc, int32_t before);
// Takes a waiting proc out of its queue, undoes its request and cleans up the lock (waking
// others). Requires: the proc's wait_status is kWaiting.
void RemoveFromWaitQueue(int32_t proc);

// ---- Waiting (lock_wait.cpp) ----

enum class EnqueueOutcome { kGranted, kWaiting, kDeadlock };
// Queues `me` for `mode` on `lock` (PostgreSQL's ProcSleep placement): a proc that already
// holds modes a waiter wants goes ahead of that waiter, and is granted at once when nothing
// then conflicts. kDeadlock (nothing queued, request still counted) when a waiter it must
// pass also holds a conflicting mode; *detail then gets the 40P01 detail.
// Requires: partition lock held exclusively; `mode` is counted in requested[].
EnqueueOutcome Enqueue(int32_t lock, int32_t holder, ProcSlot* me, LockMode mode,
                       std::string* detail);
// Sleeps until `me` is granted (after Enqueue returned kWaiting), running the deadlock check
// after deadlock_timeout. Throws 40P01, 55P03 (lock_timeout) or the pending interrupt after
// leaving the queue; if the lock was granted before it could leave, sets *granted instead
// of undoing it (the caller records it so transaction end releases it).
// Requires: no partition lock held.
void WaitForLock(ProcSlot* me, uint32_t hash, const LockTag& tag, bool* granted);

// Forgets this process's local lock table (a new shared memory segment).
void ResetLocalLocks();

// ---- Descriptions ----
std::string DescribeLockTag(const LockTag& tag);
const char* WaitEventName(LockTagType type);

// Runs the deadlock check for `me` (PostgreSQL's CheckDeadLock) holding every partition
// lock. When `me` closes a cycle of the wait-for graph, removes it from its wait queue and
// returns the 40P01 detail text.
std::optional<std::string> CheckDeadlock(ProcSlot* me);

}  // namespace hyrax::storage::lmgr_internal
