// The postmaster's state machine (see server/postmaster/postmaster.h): start-up, signal
// handling, child exits, crash reset and the three shutdown modes, following PostgreSQL's
// postmaster.c (reaper, HandleChildCrash, PostmasterStateMachine) in reduced form.
#include <csignal>
#include <cstring>
#include <unistd.h>

#include <sys/wait.h>

#include "common/guc/guc.h"
#include "common/logging.h"
#include "common/shmem/shmem.h"
#include "server/auth/hba.h"
#include "server/auth/mock_auth.h"
#include "server/config/conf_file.h"
#include "server/config/server_gucs.h"
#include "server/postmaster/postmaster_impl.h"
#include "server/postmaster/process_title.h"
#include "server/tls/tls_context.h"
#include "storage/txn/proc_array.h"

namespace hyrax::server::postmaster {

namespace {
// PostgreSQL's SIGKILL_CHILDREN_AFTER_SECS.
constexpr int kKillChildrenAfterSeconds = 5;
}  // namespace

int RunPostmaster(const PostmasterOptions& options) {
  try {
    Postmaster postmaster(options);
    return postmaster.Run();
  } catch (const Error& error) {
    log::Emit(Severity::kFatal, error.message());
    if (!error.hint().empty()) log::Emit(Severity::kLog, "HINT:  " + error.hint());
    log::Flush();
    return 1;
  }
}

Postmaster::Postmaster(const PostmasterOptions& options)
    : options_(options),
      signals_(io_, SIGCHLD, SIGTERM, SIGINT),
      kill_timer_(io_),
      postmaster_pid_(getpid()) {
  signals_.add(SIGQUIT);
  signals_.add(SIGHUP);
  signals_.add(SIGUSR1);  // the autovacuum launcher asks for a worker
}

int Postmaster::Run() {
  if (storage::ProcArray::g_superuser_reserved_connections >=
      storage::ProcArray::g_max_connections) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "superuser_reserved_connections ({}) must be less than max_connections ({})",
                    storage::ProcArray::g_superuser_reserved_connections,
                    storage::ProcArray::g_max_connections)
        .WithSeverity(Severity::kFatal);
  }
  if (chdir(options_.data_directory.c_str()) != 0) {
    throw Error(errcode::kUndefinedFile,
                "could not change directory to \"" + options_.data_directory +
                    "\": " + std::strerror(errno),
                Severity::kFatal);
  }
  log::Log("starting Hyrax 0.1.0 (PostgreSQL 15.0 compatible)");
  std::string first_address =
      config::g_listen_addresses.substr(0, config::g_listen_addresses.find(','));
  pid_file_ = std::make_unique<PidFile>(options_.data_directory, config::g_port, first_address);
  try {
    auth::SetCurrentHba(auth::LoadHbaFile(config::g_hba_file));
  } catch (const Error& error) {
    log::Emit(Severity::kLog, error.message());
    throw Error(errcode::kConfigFileError, "could not load pg_hba.conf", Severity::kFatal);
  }
  // A bad certificate or key stops the start here, as in PostgreSQL; backends inherit the
  // context and the mock-authentication nonce.
  tls::LoadServerTls(true);
  auth::LoadMockAuthNonce(auth::kMockAuthNonceFile);
  SetProcessTitle("hyrax: postmaster");
  std::signal(SIGPIPE, SIG_IGN);
  OpenListenSockets();
  CreateSharedMemory();
  WaitForSignals();
  StartStartupProcess();
  io_.run();
  if (shmem::SegmentExists()) shmem::DestroySegment();
  if (exit_code_ == 0) log::Log("database system is shut down");
  log::Flush();
  return exit_code_;
}

void Postmaster::CreateSharedMemory() {
  size_t size = options_.hooks.shmem_size ? options_.hooks.shmem_size() : 0;
  shmem::CreateSegment(size);
  if (options_.hooks.shmem_init) options_.hooks.shmem_init();
}

void Postmaster::WaitForSignals() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    OnSignal(signal_number);
    if (state_ != State::kExit) WaitForSignals();
  });
}

void Postmaster::OnSignal(int signal_number) {
  switch (signal_number) {
    case SIGCHLD:
      ReapChildren();
      break;
    case SIGTERM:
      RequestShutdown(ShutdownMode::kSmart);
      break;
    case SIGINT:
      RequestShutdown(ShutdownMode::kFast);
      break;
    case SIGQUIT:
      RequestShutdown(ShutdownMode::kImmediate);
      break;
    case SIGHUP:
      Reload();
      break;
    case SIGUSR1:
      StartAutovacuumWorker();
      break;
  }
  Advance();
}

void Postmaster::Reload() {
  log::Log("received SIGHUP, reloading configuration files");
  if (!config::g_config_file.empty()) {
    config::ProcessConfigFile(config::g_config_file, guc::GucContext::kSighup);
  }
  try {
    auth::SetCurrentHba(auth::LoadHbaFile(config::g_hba_file));
  } catch (const Error& error) {
    log::Emit(Severity::kLog, error.message());
    log::Warning("pg_hba.conf was not reloaded");
  }
  tls::LoadServerTls(false);
  children_.SignalAll(SIGHUP);
}

void Postmaster::RequestShutdown(ShutdownMode mode) {
  if (mode <= shutdown_) return;
  shutdown_ = mode;
  pid_file_->SetStatus(kStatusStopping);
  switch (mode) {
    case ShutdownMode::kSmart:
      log::Log("received smart shutdown request");
      StopAutovacuum();
      break;
    case ShutdownMode::kFast:
      log::Log("received fast shutdown request");
      log::Log("aborting any active transactions");
      children_.SignalAll(SIGTERM, ChildKind::kBackend);
      children_.SignalAll(SIGTERM, ChildKind::kStartup);
      StopAutovacuum();
      break;
    case ShutdownMode::kImmediate:
      log::Log("received immediate shutdown request");
      children_.SignalAll(SIGQUIT);
      ArmKillTimer();
      break;
    case ShutdownMode::kNone:
      break;
  }
  if (state_ == State::kRun || state_ == State::kStartup) state_ = State::kStopBackends;
}

void Postmaster::StopAutovacuum() {
  // Autovacuum does not hold up a shutdown, even a smart one (as PostgreSQL's).
  children_.SignalAll(SIGTERM, ChildKind::kAutovacuumLauncher);
  children_.SignalAll(SIGTERM, ChildKind::kAutovacuumWorker);
}

void Postmaster::ReapChildren() {
  int status = 0;
  for (pid_t pid = waitpid(-1, &status, WNOHANG); pid > 0; pid = waitpid(-1, &status, WNOHANG)) {
    std::optional<ChildKind> kind = children_.Remove(pid);
    if (kind) OnChildExit(pid, *kind, status);
  }
}

void Postmaster::OnChildExit(pid_t pid, ChildKind kind, int status) {
  const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  switch (kind) {
    case ChildKind::kStartup:
      if (clean && state_ == State::kStartup) {
        crash_recovery_ = false;
        state_ = State::kRun;
        StartCheckpointer();
        StartAutovacuumLauncher();
        pid_file_->SetStatus(kStatusReady);
        log::Log("database system is ready to accept connections");
        return;
      }
      if (shutdown_ != ShutdownMode::kNone || state_ == State::kWaitChildren) return;
      log::Log("{}", DescribeChildExit(kind, pid, status));
      // PostgreSQL gives up when recovery itself fails: retrying would fail the same way.
      log::Log("aborting startup due to startup process failure");
      children_.SignalAll(SIGQUIT);
      exit_code_ = 1;
      state_ = State::kExit;
      return;
    case ChildKind::kCheckpointer:
      if (state_ == State::kShutdownCheckpoint && clean) {
        state_ = State::kExit;
        return;
      }
      // Any other exit of the checkpointer is treated as a crash, as in PostgreSQL.
      StartCrashReset(pid, kind, status);
      return;
    case ChildKind::kBackend:
    case ChildKind::kAutovacuumWorker:
      // During an immediate shutdown every child exits with 2 on purpose.
      if (IsAbnormalExit(status) && shutdown_ != ShutdownMode::kImmediate) {
        StartCrashReset(pid, kind, status);
      }
      return;
    case ChildKind::kAutovacuumLauncher:
      if (IsAbnormalExit(status) && shutdown_ != ShutdownMode::kImmediate) {
        StartCrashReset(pid, kind, status);
      } else if (state_ == State::kRun && shutdown_ == ShutdownMode::kNone) {
        StartAutovacuumLauncher();  // PostgreSQL restarts a launcher that exited
      }
      return;
    case ChildKind::kDeadEnd:
      return;
  }
}

void Postmaster::StartCrashReset(pid_t dead_pid, ChildKind kind, int status) {
  if (state_ != State::kWaitChildren) {
    pid_file_->SetStatus(shutdown_ == ShutdownMode::kNone ? kStatusStarting : kStatusStopping);
    log::Log("{}", DescribeChildExit(kind, dead_pid, status));
    log::Log("terminating any other active server processes");
    children_.SignalAll(SIGQUIT);
    ArmKillTimer();
  }
  crash_recovery_ = true;
  state_ = State::kWaitChildren;
}

void Postmaster::ArmKillTimer() {
  kill_timer_.expires_after(std::chrono::seconds(kKillChildrenAfterSeconds));
  kill_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error || children_.CountAll() == 0) return;
    log::Log("issuing SIGKILL to recalcitrant children");
    children_.SignalAll(SIGKILL);
  });
}

void Postmaster::Advance() {
  if (state_ == State::kWaitChildren && children_.CountAll() == 0) {
    kill_timer_.cancel();
    if (shutdown_ != ShutdownMode::kNone) {
      state_ = State::kExit;
    } else {
      FinishCrashReset();
    }
  }
  if (shutdown_ == ShutdownMode::kImmediate) {
    if (children_.CountAll() == 0) state_ = State::kExit;
  } else if (state_ == State::kStopBackends && children_.Count(ChildKind::kBackend) == 0 &&
             children_.Count(ChildKind::kDeadEnd) == 0 &&
             children_.Count(ChildKind::kStartup) == 0 &&
             children_.Count(ChildKind::kAutovacuumLauncher) == 0 &&
             children_.Count(ChildKind::kAutovacuumWorker) == 0) {
    std::vector<pid_t> checkpointer = children_.Pids(ChildKind::kCheckpointer);
    if (checkpointer.empty()) {
      state_ = State::kExit;
    } else {
      kill(checkpointer.front(), SIGUSR2);
      state_ = State::kShutdownCheckpoint;
    }
  }
  if (state_ == State::kShutdownCheckpoint && children_.Count(ChildKind::kCheckpointer) == 0 &&
      children_.CountAll() == 0) {
    state_ = State::kExit;
  }
  if (state_ == State::kExit) {
    kill_timer_.cancel();
    signals_.cancel();
    for (auto& acceptor : acceptors_) acceptor->close();
    io_.stop();
  }
}

void Postmaster::FinishCrashReset() {
  log::Log("all server processes terminated; reinitializing");
  shmem::DestroySegment();
  CreateSharedMemory();
  state_ = State::kStartup;
  StartStartupProcess();
}

backend::Admission Postmaster::CurrentAdmission() const {
  if (shutdown_ != ShutdownMode::kNone) return backend::Admission::kShutdown;
  if (state_ == State::kStartup && !crash_recovery_) return backend::Admission::kStartup;
  if (state_ != State::kRun) return backend::Admission::kRecovery;
  // PostgreSQL's MaxLivePostmasterChildren: beyond it even the proc array is not asked.
  size_t limit = 2 * static_cast<size_t>(storage::ProcArray::g_max_connections) + 10;
  if (children_.Count(ChildKind::kBackend) >= limit) return backend::Admission::kTooMany;
  return backend::Admission::kOk;
}

}  // namespace hyrax::server::postmaster
