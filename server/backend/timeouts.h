// Session timeouts on one ITIMER_REAL (PostgreSQL's timeout.c): statement_timeout,
// lock_timeout, idle_in_transaction_session_timeout, idle_session_timeout and
// authentication_timeout share SIGALRM; the handler marks what expired and re-arms the
// timer for the next deadline. Statement and lock timeouts become interrupts
// (CheckForInterrupts throws 57014 / 55P03); the others are polled by the session.
#pragma once

namespace hyrax::server::backend {

enum class TimeoutId {
  kStatement,
  kLock,
  kIdleInTransaction,
  kIdleSession,
  kAuthentication,
};

// Installs the SIGALRM handler. Call once per backend process before enabling a timeout.
void InitTimeouts();
// Arms `id` to fire `delay_ms` from now (replacing an earlier arming); <= 0 disarms it.
void EnableTimeout(TimeoutId id, int delay_ms);
void DisableTimeout(TimeoutId id);
void DisableAllTimeouts();
// True once `id` has fired since it was last enabled.
bool TimeoutFired(TimeoutId id);

}  // namespace hyrax::server::backend
