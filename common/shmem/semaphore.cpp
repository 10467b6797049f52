// ProcSemaphore on a futex (see common/shmem/semaphore.h).
#include "common/shmem/semaphore.h"

#include <chrono>

#include "common/interrupts.h"
#include "common/shmem/futex.h"

namespace hyrax::shmem {

bool ProcSemaphore::Wait(int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
  for (;;) {
    uint32_t c = count_.load(std::memory_order_acquire);
    while (c > 0) {
      if (count_.compare_exchange_weak(c, c - 1, std::memory_order_acquire)) return true;
    }
    if (g_interrupt_pending) return false;
    int wait_ms = -1;
    if (timeout_ms >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      wait_ms = static_cast<int>(left.count());
    }
    // Bounded sleeps: a signal that lands between the interrupt check and the sleep must not
    // leave us asleep for long.
    FutexWait(&count_, 0, wait_ms < 0 || wait_ms > 100 ? 100 : wait_ms);
  }
}

void ProcSemaphore::Post() {
  count_.fetch_add(1, std::memory_order_release);
  FutexWake(&count_, 1);
}

}  // namespace hyrax::shmem
