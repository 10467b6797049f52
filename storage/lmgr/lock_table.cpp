// The shared lock table (see storage/lmgr/lock_table.h and README.md "Shared table"):
// sizing and initialisation, the conflict table, hashing, allocation of LOCK/PROCLOCK
// entries from fixed free lists, granting and the FIFO wait queues.
#include "storage/lmgr/lock_table.h"

#include <atomic>

#include "common/error.h"
#include "common/shmem/shmem.h"

namespace hyrax::storage {

int LockManager::g_max_locks_per_transaction = 64;
int LockManager::g_deadlock_timeout_ms = 1000;
int LockManager::g_lock_timeout_ms = 0;

namespace lmgr_internal {

namespace {

constexpr LockMask kAccessShare = 1u << 1, kRowShare = 1u << 2, kRowExclusive = 1u << 3,
                   kShareUpdateExclusive = 1u << 4, kShare = 1u << 5, kShareRowExclusive = 1u << 6,
                   kExclusive = 1u << 7, kAccessExclusive = 1u << 8;

LockTable* g_table = nullptr;

struct Sizes {
  int32_t procs, locks, holders, buckets;
};

Sizes ComputeSizes() {
  Sizes s;
  s.procs = ProcArray::NumSlots();
  s.locks = std::max(LockManager::g_max_locks_per_transaction, 1) * s.procs;
  s.holders = 2 * s.locks;
  s.buckets = kNumPartitions;
  while (s.buckets < s.locks) s.buckets *= 2;
  return s;
}

size_t AlignUp(size_t n) {
  return (n + 63) & ~size_t{63};
}

size_t TableBytes(const Sizes& s) {
  return AlignUp(sizeof(LockTable)) + AlignUp(sizeof(int32_t) * s.buckets) +
         AlignUp(sizeof(LockObj) * s.locks) + AlignUp(sizeof(Holder) * s.holders) +
         AlignUp(sizeof(ProcLockInfo) * s.procs);
}

std::atomic_ref<int32_t> WaitStatus(ProcSlot* proc) {
  return std::atomic_ref<int32_t>(proc->wait_status);
}

void RecomputeWaitMask(LockObj& lock) {
  LockTable& t = Table();
  LockMask mask = 0;
  for (int32_t p = lock.wait_head; p != kNil; p = t.procs[p].wait_next) {
    mask |= Bit(static_cast<int>(t.procs[p].proc->wait_mode));
  }
  lock.wait_mask = mask;
}

void QueueUnlink(LockObj& lock, int32_t proc) {
  ProcLockInfo* procs = Table().procs;
  ProcLockInfo& info = procs[proc];
  if (info.wait_prev != kNil) {
    procs[info.wait_prev].wait_next = info.wait_next;
  } else {
    lock.wait_head = info.wait_next;
  }
  if (info.wait_next != kNil) {
    procs[info.wait_next].wait_prev = info.wait_prev;
  } else {
    lock.wait_tail = info.wait_prev;
  }
  info.wait_next = info.wait_prev = kNil;
}

void RemoveLock(int32_t index) {
  LockTable& t = Table();
  LockObj& lock = t.locks[index];
  int32_t* link = &t.buckets[lock.hash & (t.num_buckets - 1)];
  while (*link != index) link = &t.locks[*link].next;
  *link = lock.next;
  SpinLockGuard guard(t.free_lock);
  lock.next = t.free_locks;
  t.free_locks = index;
}

void RemoveHolder(int32_t index) {
  LockTable& t = Table();
  Holder& holder = t.holders[index];
  int32_t* link = &t.locks[holder.lock].holders;
  while (*link != index) link = &t.holders[*link].next;
  *link = holder.next;
  SpinLockGuard guard(t.free_lock);
  holder.next = t.free_holders;
  t.free_holders = index;
}

}  // namespace

const LockMask kConflicts[kMaxLockModes] = {
    0,
    kAccessExclusive,
    kExclusive | kAccessExclusive,
    kShare | kShareRowExclusive | kExclusive | kAccessExclusive,
    kShareUpdateExclusive | kShare | kShareRowExclusive | kExclusive | kAccessExclusive,
    kRowExclusive | kShareUpdateExclusive | kShareRowExclusive | kExclusive | kAccessExclusive,
    kRowExclusive | kShareUpdateExclusive | kShare | kShareRowExclusive | kExclusive |
        kAccessExclusive,
    kRowShare | kRowExclusive | kShareUpdateExclusive | kShare | kShareRowExclusive | kExclusive |
        kAccessExclusive,
    kAccessShare | kRowShare | kRowExclusive | kShareUpdateExclusive | kShare | kShareRowExclusive |
        kExclusive | kAccessExclusive,
};

LockTable& Table() {
  return *g_table;
}

uint32_t HashTag(const LockTag& tag) {
  uint64_t h = tag.field1;
  h = h * 0x9E3779B97F4A7C15ULL ^ tag.field2;
  h = h * 0x9E3779B97F4A7C15ULL ^ tag.field3;
  h = h * 0x9E3779B97F4A7C15ULL ^ (uint64_t{tag.field4} << 8 | static_cast<uint8_t>(tag.type));
  // MurmurHash3's finaliser spreads the bits over the low ones used for buckets.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

Error OutOfSharedMemory() {
  return Error(errcode::kOutOfMemory, "out of shared memory")
      .Hint("You might need to increase max_locks_per_transaction.");
}

int32_t FindOrCreateLock(const LockTag& tag, uint32_t hash) {
  LockTable& t = Table();
  int32_t& bucket = t.buckets[hash & (t.num_buckets - 1)];
  for (int32_t i = bucket; i != kNil; i = t.locks[i].next) {
    if (t.locks[i].hash == hash && t.locks[i].tag == tag) return i;
  }
  int32_t index;
  {
    SpinLockGuard guard(t.free_lock);
    index = t.free_locks;
    if (index == kNil) return kNil;
    t.free_locks = t.locks[index].next;
  }
  LockObj& lock = t.locks[index];
  lock = LockObj{};
  lock.tag = tag;
  lock.hash = hash;
  lock.holders = lock.wait_head = lock.wait_tail = kNil;
  lock.next = bucket;
  bucket = index;
  return index;
}

int32_t FindOrCreateHolder(int32_t lock_index, int32_t proc) {
  LockTable& t = Table();
  LockObj& lock = t.locks[lock_index];
  for (int32_t h = lock.holders; h != kNil; h = t.holders[h].next) {
    if (t.holders[h].proc == proc) return h;
  }
  int32_t index;
  {
    SpinLockGuard guard(t.free_lock);
    index = t.free_holders;
    if (index == kNil) return kNil;
    t.free_holders = t.holders[index].next;
  }
  Holder& holder = t.holders[index];
  holder.lock = lock_index;
  holder.proc = proc;
  holder.hold_mask = 0;
  holder.next = lock.holders;
  lock.holders = index;
  return index;
}

void RemoveLockIfUnused(int32_t lock_index) {
  LockObj& lock = Table().locks[lock_index];
  if (lock.n_requested == 0 && lock.holders == kNil) RemoveLock(lock_index);
}

void CleanUpLock(int32_t lock_index, int32_t holder_index, bool wake) {
  LockTable& t = Table();
  LockObj& lock = t.locks[lock_index];
  Holder& holder = t.holders[holder_index];
  ProcSlot* proc = t.procs[holder.proc].proc;
  bool waiting_here = proc->wait_lock == &lock && WaitStatus(proc).load() == kWaiting;
  if (holder.hold_mask == 0 && !waiting_here) RemoveHolder(holder_index);
  if (lock.n_requested == 0) {
    RemoveLock(lock_index);
  } else if (wake) {
    WakeWaiters(lock_index);
  }
}

bool ConflictsWithGranted(const LockObj& lock, const Holder& holder, LockMode mode) {
  LockMask conflicts = kConflicts[static_cast<int>(mode)];
  if ((conflicts & lock.grant_mask) == 0) return false;
  // Our own holdings never conflict with us: discount them (PostgreSQL's LockCheckConflicts).
  for (int m = 1; m < kMaxLockModes; ++m) {
    if ((conflicts & Bit(m)) == 0) continue;
    int others = lock.granted[m] - ((holder.hold_mask & Bit(m)) ? 1 : 0);
    if (others > 0) return true;
  }
  return false;
}

void GrantLock(LockObj& lock, Holder& holder, LockMode mode) {
  int m = static_cast<int>(mode);
  lock.granted[m]++;
  lock.n_granted++;
  lock.grant_mask |= Bit(m);
  holder.hold_mask |= Bit(m);
}

void UngrantLock(LockObj& lock, Holder& holder, LockMode mode) {
  int m = static_cast<int>(mode);
  lock.granted[m]--;
  lock.n_granted--;
  if (lock.granted[m] == 0) lock.grant_mask &= static_cast<LockMask>(~Bit(m));
  lock.requested[m]--;
  lock.n_requested--;
  holder.hold_mask &= static_cast<LockMask>(~Bit(m));
}

void WakeWaiters(int32_t lock_index) {
  LockTable& t = Table();
  LockObj& lock = t.locks[lock_index];
  LockMask ahead = 0;  // modes wanted by waiters that stay queued before the next one
  for (int32_t p = lock.wait_head; p != kNil;) {
    int32_t next = t.procs[p].wait_next;
    ProcSlot* proc = t.procs[p].proc;
    auto mode = static_cast<LockMode>(proc->wait_mode);
    Holder& holder = t.holders[t.procs[p].wait_holder];
    if ((kConflicts[proc->wait_mode] & ahead) == 0 && !ConflictsWithGranted(lock, holder, mode)) {
      GrantLock(lock, holder, mode);
      QueueUnlink(lock, p);
      proc->wait_lock = nullptr;
      WaitStatus(proc).store(kGranted, std::memory_order_release);
      proc->sem.Post();
    } else {
      ahead |= Bit(mode);
    }
    p = next;
  }
  lock.wait_mask = ahead;
}

void QueueInsert(int32_t lock_index, int32_t proc, int32_t before) {
  LockTable& t = Table();
  LockObj& lock = t.locks[lock_index];
  ProcLockInfo& info = t.procs[proc];
  if (before == kNil) {
    info.wait_prev = lock.wait_tail;
    info.wait_next = kNil;
    if (lock.wait_tail != kNil) {
      t.procs[lock.wait_tail].wait_next = proc;
    } else {
      lock.wait_head = proc;
    }
    lock.wait_tail = proc;
  } else {
    ProcLockInfo& after = t.procs[before];
    info.wait_next = before;
    info.wait_prev = after.wait_prev;
    if (after.wait_prev != kNil) {
      t.procs[after.wait_prev].wait_next = proc;
    } else {
      lock.wait_head = proc;
    }
    after.wait_prev = proc;
  }
  lock.wait_mask |= Bit(static_cast<int>(info.proc->wait_mode));
}

void RemoveFromWaitQueue(int32_t proc_index) {
  LockTable& t = Table();
  ProcSlot* proc = t.procs[proc_index].proc;
  auto* lock = static_cast<LockObj*>(proc->wait_lock);
  auto lock_index = static_cast<int32_t>(lock - t.locks);
  int mode = proc->wait_mode;
  QueueUnlink(*lock, proc_index);
  RecomputeWaitMask(*lock);
  lock->requested[mode]--;
  lock->n_requested--;
  proc->wait_lock = nullptr;
  WaitStatus(proc).store(kNotWaiting, std::memory_order_release);
  CleanUpLock(lock_index, t.procs[proc_index].wait_holder, /*wake=*/true);
}

}  // namespace lmgr_internal

using lmgr_internal::ComputeSizes;

size_t LockManager::ShmemSize() {
  return lmgr_internal::TableBytes(ComputeSizes());
}

void LockManager::ShmemInit() {
  using namespace lmgr_internal;  // NOLINT(google-build-using-namespace)
  Sizes sizes = ComputeSizes();
  bool found = false;
  char* base = static_cast<char*>(shmem::InitStruct("lock manager", TableBytes(sizes), &found));
  g_table = reinterpret_cast<LockTable*>(base);
  ResetLocalLocks();
  if (found) return;
  new (g_table) LockTable();
  LockTable& t = *g_table;
  t.num_procs = sizes.procs;
  t.num_locks = sizes.locks;
  t.num_holders = sizes.holders;
  t.num_buckets = sizes.buckets;
  char* p = base + AlignUp(sizeof(LockTable));
  t.buckets = reinterpret_cast<int32_t*>(p);
  p += AlignUp(sizeof(int32_t) * sizes.buckets);
  t.locks = reinterpret_cast<LockObj*>(p);
  p += AlignUp(sizeof(LockObj) * sizes.locks);
  t.holders = reinterpret_cast<Holder*>(p);
  p += AlignUp(sizeof(Holder) * sizes.holders);
  t.procs = reinterpret_cast<ProcLockInfo*>(p);
  for (int32_t i = 0; i < sizes.buckets; ++i) t.buckets[i] = kNil;
  for (int32_t i = 0; i < sizes.locks; ++i) t.locks[i].next = i + 1 < sizes.locks ? i + 1 : kNil;
  for (int32_t i = 0; i < sizes.holders; ++i) {
    t.holders[i].next = i + 1 < sizes.holders ? i + 1 : kNil;
  }
  t.free_locks = 0;
  t.free_holders = 0;
  for (int32_t i = 0; i < sizes.procs; ++i) {
    t.procs[i] = ProcLockInfo{nullptr, kNil, kNil, kNil, 0, 0};
  }
}

}  // namespace hyrax::storage
