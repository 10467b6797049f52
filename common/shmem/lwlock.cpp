// LWLock: a 32-bit state word (shared count, exclusive bit, waiters bit) plus futex sleeps.
// A releaser that sees the waiters bit clears it and wakes every sleeper; sleepers re-check.
// Simple, and enough for our process counts; fairness is not guaranteed.
#include "common/shmem/lwlock.h"

#include <sched.h>

#include "common/shmem/futex.h"

namespace hyrax::shmem {

namespace {
constexpr int kSpinsBeforeSleep = 100;

void CpuRelax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}
}  // namespace

bool LWLock::TryAcquire(LWLockMode mode, uint32_t& observed) {
  observed = state_.load(std::memory_order_relaxed);
  for (;;) {
    uint32_t desired;
    if (mode == LWLockMode::kExclusive) {
      if ((observed & (kExclusive | kSharedMask)) != 0) return false;
      desired = observed | kExclusive;
    } else {
      if ((observed & kExclusive) != 0) return false;
      desired = observed + 1;
    }
    if (state_.compare_exchange_weak(observed, desired, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
      return true;
    }
  }
}

void LWLock::Sleep(uint32_t observed) {
  if ((observed & kWaiters) == 0) {
    uint32_t with_waiters = observed | kWaiters;
    if (!state_.compare_exchange_strong(observed, with_waiters, std::memory_order_relaxed)) {
      return;  // state moved on: let the caller retry
    }
    observed = with_waiters;
  }
  FutexWait(&state_, observed);
}

void LWLock::Acquire(LWLockMode mode) {
  uint32_t observed;
  for (int spins = 0;; ++spins) {
    if (TryAcquire(mode, observed)) return;
    if (spins < kSpinsBeforeSleep) {
      CpuRelax();
      continue;
    }
    Sleep(observed);
  }
}

bool LWLock::ConditionalAcquire(LWLockMode mode) {
  uint32_t observed;
  return TryAcquire(mode, observed);
}

void LWLock::Release() {
  uint32_t prev = state_.load(std::memory_order_relaxed);
  uint32_t next;
  do {
    next = (prev & kExclusive) ? (prev & ~kExclusive) : prev - 1;
    bool now_free = (next & (kExclusive | kSharedMask)) == 0;
    if (now_free) next &= ~kWaiters;
  } while (!state_.compare_exchange_weak(prev, next, std::memory_order_release,
                                         std::memory_order_relaxed));
  if ((prev & kWaiters) && (next & kWaiters) == 0) FutexWake(&state_, INT32_MAX);
}

bool LWLock::AcquireOrWait() {
  uint32_t observed;
  if (TryAcquire(LWLockMode::kExclusive, observed)) return true;
  // Wait for the current holder to go away, then report that we only waited.
  for (int spins = 0;; ++spins) {
    observed = state_.load(std::memory_order_relaxed);
    if ((observed & (kExclusive | kSharedMask)) == 0) return false;
    if (spins < kSpinsBeforeSleep) {
      CpuRelax();
      continue;
    }
    Sleep(observed);
  }
}

}  // namespace hyrax::shmem
