// Spinlock back-off: pause first, then yield the CPU so a preempted holder can run (we have
// as many processes as connections and only a few cores).
#include "common/shmem/spinlock.h"

#include <sched.h>

namespace hyrax::shmem {

void SpinLock::Backoff(int spins) {
  if (spins < 64) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
  } else {
    sched_yield();
  }
}

}  // namespace hyrax::shmem
