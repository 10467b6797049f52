// Waiting for a heavyweight lock (PostgreSQL's ProcSleep / LockErrorCleanup): queue
// placement, sleeping on the proc semaphore with bounded waits for deadlock_timeout and
// lock_timeout, and leaving the queue cleanly on cancel, timeout or deadlock.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

#include "common/error.h"
#include "common/interrupts.h"
#include "storage/lmgr/lock_table.h"
#include "storage/txn/proc_activity.h"
#include "storage/txn/txn_internal.h"

namespace hyrax::storage::lmgr_internal {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic_ref<int32_t> WaitStatus(ProcSlot* proc) {
  return std::atomic_ref<int32_t>(proc->wait_status);
}

// Shows the wait in pg_stat_activity (wait_event_type "Lock") for its lifetime.
class WaitEventScope {
 public:
  WaitEventScope(ProcSlot* proc, LockTagType type) : proc_(proc) {
    ActivityWriteScope write(proc_);
    CopyActivityField(proc_->wait_event_type, sizeof(proc_->wait_event_type), "Lock");
    CopyActivityField(proc_->wait_event, sizeof(proc_->wait_event), WaitEventName(type));
  }
  ~WaitEventScope() {
    ActivityWriteScope write(proc_);
    proc_->wait_event_type[0] = proc_->wait_event[0] = '\0';
  }
  WaitEventScope(const WaitEventScope&) = delete;
  WaitEventScope& operator=(const WaitEventScope&) = delete;

 private:
  ProcSlot* proc_;
};

std::string DeadlockLine(const ProcSlot* waiter, int mode, const LockTag& tag,
                         const ProcSlot* blocker) {
  return fmt::format("Process {} waits for {} on {}; blocked by process {}.", waiter->pid.load(),
                     LockModeName(static_cast<LockMode>(mode)), DescribeLockTag(tag),
                     blocker->pid.load());
}

}  // namespace

EnqueueOutcome Enqueue(int32_t lock_index, int32_t holder_index, ProcSlot* me, LockMode mode,
                       std::string* detail) {
  LockTable& t = Table();
  LockObj& lock = t.locks[lock_index];
  Holder& holder = t.holders[holder_index];
  int32_t before = kNil;
  if (holder.hold_mask != 0) {
    // A waiter that wants something we already hold would wait for us forever if we queued
    // behind it: go ahead of it (and take the lock now if nothing else is in the way).
    LockMask ahead = 0;
    for (int32_t p = lock.wait_head; p != kNil; p = t.procs[p].wait_next) {
      ProcSlot* other = t.procs[p].proc;
      if ((holder.hold_mask & kConflicts[other->wait_mode]) != 0) {
        const Holder& other_holder = t.holders[t.procs[p].wait_holder];
        if ((kConflicts[static_cast<int>(mode)] & other_holder.hold_mask) != 0) {
          *detail = DeadlockLine(me, static_cast<int>(mode), lock.tag, other) + "\n" +
                    DeadlockLine(other, other->wait_mode, lock.tag, me);
          return EnqueueOutcome::kDeadlock;
        }
        if ((kConflicts[static_cast<int>(mode)] & ahead) == 0 &&
            !ConflictsWithGranted(lock, holder, mode)) {
          GrantLock(lock, holder, mode);
          return EnqueueOutcome::kGranted;
        }
        before = p;
        break;
      }
      ahead |= Bit(static_cast<int>(other->wait_mode));
    }
  }
  me->wait_mode = static_cast<uint8_t>(mode);
  me->wait_lock = &lock;
  WaitStatus(me).store(kWaiting, std::memory_order_release);
  ProcLockInfo& info = t.procs[me->slot_index];
  info.wait_holder = holder_index;
  info.wait_start = txn_internal::NowTimestampTz();
  QueueInsert(lock_index, me->slot_index, before);
  return EnqueueOutcome::kWaiting;
}

void WaitForLock(ProcSlot* me, uint32_t hash, const LockTag& tag, bool* granted) {
  const auto start = Clock::now();
  const auto deadlock_at = start + std::chrono::milliseconds(LockManager::g_deadlock_timeout_ms);
  const bool timeout_enabled = LockManager::g_lock_timeout_ms > 0;
  const auto timeout_at = start + std::chrono::milliseconds(LockManager::g_lock_timeout_ms);
  bool deadlock_checked = false;
  WaitEventScope wait_event(me, tag.type);
  auto status = WaitStatus(me);
  // Leaves the queue; false when the lock was granted meanwhile (so there is nothing to undo).
  auto leave_queue = [&]() -> bool {
    LWLockGuard guard(PartitionLock(hash), LWLockMode::kExclusive);
    if (status.load(std::memory_order_acquire) != kWaiting) return false;
    RemoveFromWaitQueue(me->slot_index);
    return true;
  };
  for (;;) {
    if (status.load(std::memory_order_acquire) == kGranted) break;
    try {
      CheckForInterrupts();
    } catch (...) {
      if (!leave_queue()) *granted = true;
      throw;
    }
    const auto now = Clock::now();
    if (timeout_enabled && now >= timeout_at) {
      if (!leave_queue()) break;
      throw Error(errcode::kLockNotAvailable, "canceling statement due to lock timeout");
    }
    if (!deadlock_checked && now >= deadlock_at) {
      deadlock_checked = true;
      if (std::optional<std::string> detail = CheckDeadlock(me)) {
        throw Error(errcode::kTRDeadlockDetected, "deadlock detected")
            .Detail(std::move(*detail))
            .Hint("See server log for query details.");
      }
      continue;
    }
    auto wake_at = Clock::time_point::max();
    if (!deadlock_checked) wake_at = deadlock_at;
    if (timeout_enabled) wake_at = std::min(wake_at, timeout_at);
    int wait_ms = -1;
    if (wake_at != Clock::time_point::max()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(wake_at - now);
      wait_ms = static_cast<int>(left.count()) + 1;
    }
    me->sem.Wait(wait_ms);
  }
  status.store(kNotWaiting, std::memory_order_release);
}

}  // namespace hyrax::storage::lmgr_internal
