// pg_sleep(seconds): the one built-in that waits on purpose. It sleeps on the monotonic
// clock until the deadline, waking for every signal (the backend installs its handlers
// without SA_RESTART) to honour cancel, statement_timeout and termination at once.
#include <cerrno>
#include <cmath>
#include <ctime>

#include "common/interrupts.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"

namespace hyrax::executor {

namespace {

Datum PgSleep(FunctionCallInfo* f) {
  double seconds = f->ArgFloat8(0);
  if (!(seconds > 0)) return Datum{0};  // also NaN, as PostgreSQL
  timespec deadline{};
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  double whole = std::floor(seconds);
  deadline.tv_sec += static_cast<time_t>(whole);
  deadline.tv_nsec += static_cast<long>((seconds - whole) * 1e9);
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
  for (;;) {
    CheckForInterrupts();
    int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr);
    if (rc == 0) break;
    if (rc != EINTR) break;
  }
  CheckForInterrupts();
  return Datum{0};
}

const BuiltinFunction kSleepBuiltins[] = {
    {"pg_sleep", PgSleep, 1},
};

}  // namespace

std::span<const BuiltinFunction> SleepBuiltins() {
  return kSleepBuiltins;
}

}  // namespace hyrax::executor
