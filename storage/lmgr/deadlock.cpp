// Deadlock detection (a simplified PostgreSQL deadlock.c): after deadlock_timeout a waiter
// takes every partition lock and searches the wait-for graph from itself. Hard edges go to
// holders of conflicting granted modes, soft edges to earlier waiters wanting conflicting
// modes. A cycle back to the waiter means deadlock: it leaves its queue and raises 40P01.
// Unlike PostgreSQL, no wait queue is rearranged to resolve soft cycles (README.md).
#include <atomic>
#include <vector>

#include "storage/lmgr/lock_table.h"

namespace hyrax::storage::lmgr_internal {

namespace {

struct Edge {
  int32_t waiter;
  int mode;
  LockTag tag;
  int32_t blocker;
};

bool IsWaiting(ProcSlot* proc) {
  return proc != nullptr && proc->wait_lock != nullptr &&
         std::atomic_ref<int32_t>(proc->wait_status).load() == kWaiting;
}

class WaitForGraphSearch {
 public:
  explicit WaitForGraphSearch(int32_t target)
      : t_(Table()), target_(target), visited_(t_.num_procs, false) {
    visited_[target] = true;
  }

  // True when a path of waits leads from `p` back to the target; path() then holds it.
  bool Visit(int32_t p) {
    ProcSlot* proc = t_.procs[p].proc;
    if (!IsWaiting(proc)) return false;
    const auto& lock = *static_cast<const LockObj*>(proc->wait_lock);
    const int mode = proc->wait_mode;
    const LockMask conflicts = kConflicts[mode];
    for (int32_t h = lock.holders; h != kNil; h = t_.holders[h].next) {
      if ((t_.holders[h].hold_mask & conflicts) != 0 && Follow(p, mode, lock, t_.holders[h].proc)) {
        return true;
      }
    }
    for (int32_t q = lock.wait_head; q != kNil && q != p; q = t_.procs[q].wait_next) {
      if ((conflicts & Bit(static_cast<int>(t_.procs[q].proc->wait_mode))) != 0 &&
          Follow(p, mode, lock, q)) {
        return true;
      }
    }
    return false;
  }

  const std::vector<Edge>& path() const { return path_; }

 private:
  bool Follow(int32_t p, int mode, const LockObj& lock, int32_t q) {
    if (q == p) return false;
    path_.push_back({p, mode, lock.tag, q});
    if (q == target_) return true;
    if (!visited_[q]) {
      visited_[q] = true;
      if (Visit(q)) return true;
    }
    path_.pop_back();
    return false;
  }

  LockTable& t_;
  int32_t target_;
  std::vector<bool> visited_;
  std::vector<Edge> path_;
};

// Holds every partition lock, in partition order (the only order allowed for more than one).
class AllPartitionsGuard {
 public:
  AllPartitionsGuard() {
    for (LWLock& lock : Table().partitions) lock.Acquire(LWLockMode::kExclusive);
  }
  ~AllPartitionsGuard() {
    for (int i = kNumPartitions - 1; i >= 0; --i) Table().partitions[i].Release();
  }
  AllPartitionsGuard(const AllPartitionsGuard&) = delete;
  AllPartitionsGuard& operator=(const AllPartitionsGuard&) = delete;
};

}  // namespace

std::optional<std::string> CheckDeadlock(ProcSlot* me) {
  LockTable& t = Table();
  AllPartitionsGuard guard;
  ++t.procs[me->slot_index].deadlock_checks;
  if (!IsWaiting(me)) return std::nullopt;  // granted meanwhile
  WaitForGraphSearch search(me->slot_index);
  if (!search.Visit(me->slot_index)) return std::nullopt;
  std::string detail;
  for (const Edge& edge : search.path()) {
    if (!detail.empty()) detail += '\n';
    detail += fmt::format("Process {} waits for {} on {}; blocked by process {}.",
                          t.procs[edge.waiter].proc->pid.load(),
                          LockModeName(static_cast<LockMode>(edge.mode)), DescribeLockTag(edge.tag),
                          t.procs[edge.blocker].proc->pid.load());
  }
  RemoveFromWaitQueue(me->slot_index);
  return detail;
}

}  // namespace hyrax::storage::lmgr_internal
