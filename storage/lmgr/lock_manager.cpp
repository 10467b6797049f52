// Heavyweight lock acquisition and release (PostgreSQL's LockAcquireExtended, LockRelease,
// LockReleaseAll) with the per-backend local lock table: each (tag, mode) held is counted
// per owner (0 = session, else the subtransaction nesting level), and only the first
// acquisition and the last release touch the shared table. README.md ("Acquire / release").
#include "storage/lmgr/lock_manager.h"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "common/notice.h"
#include "storage/lmgr/lock_table.h"

namespace hyrax::storage {

using lmgr_internal::Bit;
using lmgr_internal::kConflicts;
using lmgr_internal::kNil;
using lmgr_internal::Table;

namespace {

struct LocalLockKey {
  LockTag tag;
  LockMode mode;
  bool operator==(const LocalLockKey& o) const { return tag == o.tag && mode == o.mode; }
};

struct LocalLockKeyHash {
  size_t operator()(const LocalLockKey& key) const {
    return lmgr_internal::HashTag(key.tag) * 31u + static_cast<size_t>(key.mode);
  }
};

struct LocalLock {
  uint32_t hash = 0;
  int32_t lock = kNil;    // shared LockObj, valid while total > 0
  int32_t holder = kNil;  // shared Holder, valid while total > 0
  int64_t total = 0;
  std::vector<std::pair<int, int64_t>> owners;  // (owner level, count), counts > 0
};

std::unordered_map<LocalLockKey, LocalLock, LocalLockKeyHash> g_local_locks;
int g_owner_level = 1;

ProcSlot* RequireMyProc() {
  ProcSlot* me = ProcArray::MyProc();
  HYRAX_CHECK(me != nullptr, "heavyweight locks need a proc slot");
  return me;
}

void AddOwner(LocalLock& local, int owner, int64_t n = 1) {
  local.total += n;
  for (auto& [level, count] : local.owners) {
    if (level == owner) {
      count += n;
      return;
    }
  }
  local.owners.emplace_back(owner, n);
}

// Takes the lock in the shared table; false when it is not available and `dont_wait`.
// Throws like LockManager::Acquire; *granted tells the caller whether it holds the lock
// even though an exception left here (granted just before a cancel could take effect).
bool AcquireShared(const LockTag& tag, LockMode mode, bool dont_wait, ProcSlot* me,
                   LocalLock* local, bool* granted) {
  using namespace lmgr_internal;  // NOLINT(google-build-using-namespace)
  LockTable& t = Table();
  const int32_t my_index = me->slot_index;
  t.procs[my_index].proc = me;
  LWLockGuard guard(PartitionLock(local->hash), LWLockMode::kExclusive);
  int32_t lock_index = FindOrCreateLock(tag, local->hash);
  if (lock_index == kNil) throw OutOfSharedMemory();
  int32_t holder_index = FindOrCreateHolder(lock_index, my_index);
  LockObj& lock = t.locks[lock_index];
  if (holder_index == kNil) {
    RemoveLockIfUnused(lock_index);
    throw OutOfSharedMemory();
  }
  Holder& holder = t.holders[holder_index];
  local->lock = lock_index;
  local->holder = holder_index;
  lock.requested[static_cast<int>(mode)]++;
  lock.n_requested++;
  if ((kConflicts[static_cast<int>(mode)] & lock.wait_mask) == 0 &&
      !ConflictsWithGranted(lock, holder, mode)) {
    GrantLock(lock, holder, mode);
    return true;
  }
  auto undo_request = [&] {
    lock.requested[static_cast<int>(mode)]--;
    lock.n_requested--;
    CleanUpLock(lock_index, holder_index, /*wake=*/false);
  };
  if (dont_wait) {
    undo_request();
    return false;
  }
  std::string detail;
  switch (Enqueue(lock_index, holder_index, me, mode, &detail)) {
    case EnqueueOutcome::kGranted:
      return true;
    case EnqueueOutcome::kDeadlock:
      undo_request();
      throw Error(errcode::kTRDeadlockDetected, "deadlock detected")
          .Detail(std::move(detail))
          .Hint("See server log for query details.");
    case EnqueueOutcome::kWaiting:
      break;
  }
  guard.Release();
  WaitForLock(me, local->hash, tag, granted);
  return true;
}

// Drops this backend's last reference to (tag, mode) from the shared table.
void ReleaseShared(const LocalLock& local, LockMode mode) {
  using namespace lmgr_internal;  // NOLINT(google-build-using-namespace)
  LockTable& t = Table();
  LWLockGuard guard(PartitionLock(local.hash), LWLockMode::kExclusive);
  LockObj& lock = t.locks[local.lock];
  Holder& holder = t.holders[local.holder];
  HYRAX_CHECK((holder.hold_mask & Bit(mode)) != 0, "lock table out of sync with local locks");
  UngrantLock(lock, holder, mode);
  bool wake = (kConflicts[static_cast<int>(mode)] & lock.wait_mask) != 0;
  CleanUpLock(local.lock, local.holder, wake);
}

// Releases the owners selected by `pred` from every local lock.
template <typename Pred>
void ReleaseOwners(Pred pred) {
  for (auto it = g_local_locks.begin(); it != g_local_locks.end();) {
    LocalLock& local = it->second;
    for (auto owner = local.owners.begin(); owner != local.owners.end();) {
      if (pred(owner->first)) {
        local.total -= owner->second;
        owner = local.owners.erase(owner);
      } else {
        ++owner;
      }
    }
    if (local.total == 0) {
      if (local.lock != kNil) ReleaseShared(local, it->first.mode);
      it = g_local_locks.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

namespace lmgr_internal {
void ResetLocalLocks() {
  g_local_locks.clear();
  g_owner_level = 1;
}
}  // namespace lmgr_internal

LockResult LockManager::Acquire(const LockTag& tag, LockMode mode, bool session_lock,
                                bool dont_wait) {
  HYRAX_CHECK(mode > LockMode::kNoLock && static_cast<int>(mode) < kMaxLockModes,
              "unrecognized lock mode");
  ProcSlot* me = RequireMyProc();
  const int owner = session_lock ? 0 : g_owner_level;
  LocalLockKey key{tag, mode};
  LocalLock& local = g_local_locks[key];
  if (local.total > 0) {
    AddOwner(local, owner);
    return LockResult::kAlreadyHeld;
  }
  local.hash = lmgr_internal::HashTag(tag);
  bool granted = false;
  bool acquired;
  try {
    acquired = AcquireShared(tag, mode, dont_wait, me, &local, &granted);
  } catch (...) {
    if (granted) {
      AddOwner(local, owner);  // released with the rest at transaction end
    } else {
      g_local_locks.erase(key);
    }
    throw;
  }
  if (!acquired) {
    g_local_locks.erase(key);
    return LockResult::kNotAvailable;
  }
  AddOwner(local, owner);
  return LockResult::kAcquired;
}

bool LockManager::Release(const LockTag& tag, LockMode mode, bool session_lock) {
  auto it = g_local_locks.find(LocalLockKey{tag, mode});
  auto not_owned = [&] {
    EmitNotice(Severity::kWarning, errcode::kWarning,
               fmt::format("you don't own a lock of type {}", LockModeName(mode)));
    return false;
  };
  if (it == g_local_locks.end() || it->second.total == 0) return not_owned();
  LocalLock& local = it->second;
  // The current owner's count first, else the innermost other transaction-level owner.
  auto chosen = local.owners.end();
  for (auto owner = local.owners.begin(); owner != local.owners.end(); ++owner) {
    if (session_lock) {
      if (owner->first == 0) chosen = owner;
    } else if (owner->first == g_owner_level) {
      chosen = owner;
      break;
    } else if (owner->first > 0 && (chosen == local.owners.end() || owner->first > chosen->first)) {
      chosen = owner;
    }
  }
  if (chosen == local.owners.end()) return not_owned();
  if (--chosen->second == 0) local.owners.erase(chosen);
  if (--local.total > 0) return true;
  ReleaseShared(local, mode);
  g_local_locks.erase(it);
  return true;
}

void LockManager::ReleaseAll(bool including_session_locks) {
  ReleaseOwners([&](int owner) { return owner > 0 || including_session_locks; });
}

bool LockManager::HeldByMe(const LockTag& tag, LockMode mode) {
  auto it = g_local_locks.find(LocalLockKey{tag, mode});
  return it != g_local_locks.end() && it->second.total > 0;
}

void LockManager::SetOwnerNestLevel(int nest_level) {
  g_owner_level = nest_level;
}

void LockManager::AtSubCommit(int nest_level) {
  const int parent = nest_level - 1;
  for (auto& [key, local] : g_local_locks) {
    int64_t moved = 0;
    for (auto owner = local.owners.begin(); owner != local.owners.end();) {
      if (owner->first >= nest_level) {
        moved += owner->second;
        owner = local.owners.erase(owner);
      } else {
        ++owner;
      }
    }
    if (moved == 0) continue;
    local.total -= moved;
    AddOwner(local, parent, moved);
  }
  g_owner_level = parent;
}

void LockManager::AtSubAbort(int nest_level) {
  ReleaseOwners([&](int owner) { return owner >= nest_level; });
}

}  // namespace hyrax::storage
