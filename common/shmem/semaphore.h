// A counting semaphore on a futex word, one per process slot in shared memory: heavyweight
// lock waits, buffer I/O waits and similar sleeps wait here and are posted by the process
// that releases what they wait for.
#pragma once

#include <atomic>
#include <cstdint>

namespace hyrax::shmem {

class ProcSemaphore {
 public:
  // Decrements the count, sleeping while it is zero. Returns false after timeout_ms
  // milliseconds (< 0: no limit) without decrementing. Wakes early (returning false) when
  // an interrupt is pending, so callers can run CheckForInterrupts() and wait again.
  bool Wait(int timeout_ms = -1);
  void Post();
  void Reset() { count_.store(0); }

 private:
  std::atomic<uint32_t> count_{0};
};

}  // namespace hyrax::shmem

namespace hyrax {
using shmem::ProcSemaphore;
}  // namespace hyrax
