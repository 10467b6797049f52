// Test-and-test-and-set spinlock for tiny critical sections in shared memory (a few
// instructions, never across I/O or allocation). Lives inside shared structures.
#pragma once

#include <atomic>

namespace hyrax::shmem {

class SpinLock {
 public:
  void Lock() {
    int spins = 0;
    for (;;) {
      if (!flag_.exchange(true, std::memory_order_acquire)) return;
      while (flag_.load(std::memory_order_relaxed)) Backoff(spins++);
    }
  }
  bool TryLock() { return !flag_.exchange(true, std::memory_order_acquire); }
  void Unlock() { flag_.store(false, std::memory_order_release); }

 private:
  static void Backoff(int spins);
  std::atomic<bool> flag_{false};
};

class SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinLock& lock) : lock_(lock) { lock_.Lock(); }
  ~SpinLockGuard() { lock_.Unlock(); }
  SpinLockGuard(const SpinLockGuard&) = delete;
  SpinLockGuard& operator=(const SpinLockGuard&) = delete;

 private:
  SpinLock& lock_;
};

}  // namespace hyrax::shmem

namespace hyrax {
using shmem::SpinLock;
using shmem::SpinLockGuard;
}  // namespace hyrax
