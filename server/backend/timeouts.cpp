// SIGALRM-multiplexed timeouts (see server/backend/timeouts.h). The table is touched by
// the handler, so the main line blocks SIGALRM while it changes an entry.
#include "server/backend/timeouts.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <ctime>

#include <sys/time.h>

#include "common/interrupts.h"

namespace hyrax::server::backend {

namespace {

constexpr int kTimeoutCount = 5;

struct TimeoutSlot {
  volatile sig_atomic_t active = 0;
  volatile sig_atomic_t fired = 0;
  int64_t deadline_us = 0;  // CLOCK_MONOTONIC
};

TimeoutSlot g_slots[kTimeoutCount];

int64_t NowUs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

// Arms ITIMER_REAL for the earliest active deadline (or disarms it). Async-signal-safe.
void Schedule() {
  int64_t earliest = 0;
  for (const TimeoutSlot& slot : g_slots) {
    if (slot.active && (earliest == 0 || slot.deadline_us < earliest)) earliest = slot.deadline_us;
  }
  itimerval timer{};
  if (earliest != 0) {
    int64_t delay = earliest - NowUs();
    if (delay < 1) delay = 1;
    timer.it_value.tv_sec = delay / 1000000;
    timer.it_value.tv_usec = delay % 1000000;
  }
  setitimer(ITIMER_REAL, &timer, nullptr);
}

void Fire(TimeoutId id) {
  switch (id) {
    case TimeoutId::kStatement:
      g_statement_timeout_pending = 1;
      g_interrupt_pending = 1;
      break;
    case TimeoutId::kLock:
      g_lock_timeout_pending = 1;
      g_interrupt_pending = 1;
      break;
    default:
      break;  // polled by the session's read loop
  }
}

void HandleAlarm(int) {
  int saved_errno = errno;
  int64_t now = NowUs();
  for (int idx = 0; idx < kTimeoutCount; ++idx) {
    TimeoutSlot& slot = g_slots[idx];
    if (slot.active && slot.deadline_us <= now) {
      slot.active = 0;
      slot.fired = 1;
      Fire(static_cast<TimeoutId>(idx));
    }
  }
  Schedule();
  errno = saved_errno;
}

// Blocks SIGALRM for its lifetime.
class AlarmBlock {
 public:
  AlarmBlock() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, &previous_);
  }
  ~AlarmBlock() { sigprocmask(SIG_SETMASK, &previous_, nullptr); }
  AlarmBlock(const AlarmBlock&) = delete;
  AlarmBlock& operator=(const AlarmBlock&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace

void InitTimeouts() {
  AlarmBlock block;
  for (TimeoutSlot& slot : g_slots) {
    slot.active = 0;
    slot.fired = 0;
  }
  struct sigaction action {};
  action.sa_handler = HandleAlarm;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked recv must return EINTR
  sigaction(SIGALRM, &action, nullptr);
  Schedule();
}

void EnableTimeout(TimeoutId id, int delay_ms) {
  AlarmBlock block;
  TimeoutSlot& slot = g_slots[static_cast<int>(id)];
  slot.fired = 0;
  slot.active = 0;
  if (delay_ms > 0) {
    slot.deadline_us = NowUs() + static_cast<int64_t>(delay_ms) * 1000;
    slot.active = 1;
  }
  Schedule();
}

void DisableTimeout(TimeoutId id) {
  AlarmBlock block;
  TimeoutSlot& slot = g_slots[static_cast<int>(id)];
  slot.active = 0;
  slot.fired = 0;
  Schedule();
}

void DisableAllTimeouts() {
  AlarmBlock block;
  for (TimeoutSlot& slot : g_slots) {
    slot.active = 0;
    slot.fired = 0;
  }
  Schedule();
}

bool TimeoutFired(TimeoutId id) {
  return g_slots[static_cast<int>(id)].fired != 0;
}

}  // namespace hyrax::server::backend
