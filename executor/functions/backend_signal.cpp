// pg_cancel_backend(pid) and pg_terminate_backend(pid, timeout): send SIGINT (cancel the
// running statement) or SIGTERM (end the session) to another client backend found in the
// proc array, with PostgreSQL 15's permission rules and messages (signalfuncs.c): a
// superuser may signal anyone, other roles only backends of their own role and never a
// superuser's. The backend's handlers only set interrupt flags (common/interrupts.h).
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "common/error.h"
#include "common/interrupts.h"
#include "common/notice.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/session_privileges.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/proc_array.h"

namespace hyrax::executor {

namespace {

enum class SignalResult { kSuccess, kError, kNoSuperuser, kNoPermission };

bool RoleIsSuperuser(Oid role_oid) {
  auto role = catalog::Syscache().RoleByOid(role_oid);
  return role && role->rolsuper;
}

// PostgreSQL's pg_signal_backend: warnings (not errors) for a pid that is not a client
// backend and for a failed kill().
SignalResult SignalBackend(int32_t pid, int signal_number) {
  storage::ProcSlot* slot = storage::ProcArray::FindByPid(pid);
  if (slot == nullptr || slot->backend_type != storage::BackendType::kClientBackend) {
    EmitNotice(Severity::kWarning, errcode::kWarning,
               fmt::format("PID {} is not a PostgreSQL backend process", pid));
    return SignalResult::kError;
  }
  Oid target_role = slot->role_oid;
  if ((target_role == kInvalidOid || RoleIsSuperuser(target_role)) && !SessionIsSuperuser()) {
    return SignalResult::kNoSuperuser;
  }
  storage::ProcSlot* me = storage::ProcArray::MyProc();
  if (!SessionIsSuperuser() && (me == nullptr || me->role_oid != target_role)) {
    return SignalResult::kNoPermission;
  }
  if (kill(pid, signal_number) != 0) {
    EmitNotice(Severity::kWarning, errcode::kWarning,
               fmt::format("could not send signal to process {}: {}", pid, std::strerror(errno)));
    return SignalResult::kError;
  }
  return SignalResult::kSuccess;
}

void RaisePermissionError(SignalResult result, const char* superuser_message,
                          const char* role_message) {
  if (result == SignalResult::kNoSuperuser) {
    throw Error(errcode::kInsufficientPrivilege, superuser_message);
  }
  if (result == SignalResult::kNoPermission) {
    throw Error(errcode::kInsufficientPrivilege, role_message);
  }
}

// PostgreSQL's pg_wait_until_termination: true once `pid` has left the proc array, false
// (with a warning) when `timeout_ms` passed first. Polls, like PostgreSQL, honouring cancel.
bool WaitUntilTermination(int32_t pid, int64_t timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    CheckForInterrupts();
    if (storage::ProcArray::FindByPid(pid) == nullptr) return true;
    Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(10)));
  }
  EmitNotice(
      Severity::kWarning, errcode::kWarning,
      fmt::format("backend with PID {} did not terminate within {} milliseconds", pid, timeout_ms));
  return false;
}

Datum PgCancelBackend(FunctionCallInfo* f) {
  SignalResult result = SignalBackend(f->ArgInt32(0), SIGINT);
  RaisePermissionError(result, "must be a superuser to cancel superuser query",
                       "must be a member of the role whose query is being canceled or member "
                       "of pg_signal_backend");
  return BoolGetDatum(result == SignalResult::kSuccess);
}

Datum PgTerminateBackend(FunctionCallInfo* f) {
  int32_t pid = f->ArgInt32(0);
  int64_t timeout_ms = f->ArgInt64(1);
  if (timeout_ms < 0) {
    throw Error(errcode::kNumericValueOutOfRange, "\"timeout\" must not be negative");
  }
  SignalResult result = SignalBackend(pid, SIGTERM);
  RaisePermissionError(result, "must be a superuser to terminate superuser process",
                       "must be a member of the role whose process is being terminated or "
                       "member of pg_signal_backend");
  if (result == SignalResult::kSuccess && timeout_ms > 0) {
    return BoolGetDatum(WaitUntilTermination(pid, timeout_ms));
  }
  return BoolGetDatum(result == SignalResult::kSuccess);
}

const BuiltinFunction kBackendSignalBuiltins[] = {
    {"pg_cancel_backend", PgCancelBackend, 1},
    {"pg_terminate_backend", PgTerminateBackend, 2},
};

}  // namespace

std::span<const BuiltinFunction> BackendSignalBuiltins() {
  return kBackendSignalBuiltins;
}

}  // namespace hyrax::executor
