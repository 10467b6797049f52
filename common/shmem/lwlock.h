// Lightweight reader/writer lock living in shared memory (PostgreSQL's LWLock): spins
// briefly, then sleeps on a futex. Used for buffer content locks, buffer-mapping partitions,
// WAL insertion/write, the proc array, clog and other shared structures. Never held across
// a client round trip; not recursive. If a process dies holding one, the postmaster resets
// shared memory, so no owner tracking is needed for correctness. Lock order: docs/architecture.md.
#pragma once

#include <atomic>
#include <cstdint>

namespace hyrax::shmem {

enum class LWLockMode { kShared, kExclusive };

class LWLock {
 public:
  void Acquire(LWLockMode mode);
  // Returns false instead of waiting.
  bool ConditionalAcquire(LWLockMode mode);
  // Requires: held by this process in some mode.
  void Release();
  // Waits until the lock is free, without taking it when someone else released it in the
  // meantime (PostgreSQL's LWLockAcquireOrWait, the basis of group commit). Returns true
  // when the lock was acquired exclusively, false when it was only waited for.
  bool AcquireOrWait();

  // True while any process holds it exclusively (diagnostics, assertions).
  bool IsHeldExclusive() const { return (state_.load() & kExclusive) != 0; }
  bool IsHeld() const { return (state_.load() & (kExclusive | kSharedMask)) != 0; }

 private:
  static constexpr uint32_t kSharedMask = (1u << 24) - 1;
  static constexpr uint32_t kExclusive = 1u << 24;
  static constexpr uint32_t kWaiters = 1u << 25;

  bool TryAcquire(LWLockMode mode, uint32_t& observed);
  // Sleeps until the state changes from `observed` (after setting the waiters bit).
  void Sleep(uint32_t observed);

  std::atomic<uint32_t> state_{0};
};

// RAII holder of an LWLock.
class LWLockGuard {
 public:
  LWLockGuard(LWLock& lock, LWLockMode mode) : lock_(&lock) { lock_->Acquire(mode); }
  ~LWLockGuard() {
    if (lock_ != nullptr) lock_->Release();
  }
  LWLockGuard(LWLockGuard&& other) noexcept : lock_(other.lock_) { other.lock_ = nullptr; }
  LWLockGuard(const LWLockGuard&) = delete;
  LWLockGuard& operator=(const LWLockGuard&) = delete;
  // Releases early; the destructor then does nothing.
  void Release() {
    if (lock_ != nullptr) lock_->Release();
    lock_ = nullptr;
  }

 private:
  LWLock* lock_;
};

}  // namespace hyrax::shmem

namespace hyrax {
using shmem::LWLock;
using shmem::LWLockGuard;
using shmem::LWLockMode;
}  // namespace hyrax
