// Internal to server/postmaster: the Postmaster class behind RunPostmaster, shared by
// postmaster.cpp (state machine, signals, children) and postmaster_listen.cpp (sockets,
// accept, fork). Includes Boost.Asio, so nothing outside these two files includes it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio.hpp>

#include "server/postmaster/child_registry.h"
#include "server/postmaster/pid_file.h"
#include "server/postmaster/postmaster.h"

namespace hyrax::server::postmaster {

class Postmaster {
 public:
  explicit Postmaster(const PostmasterOptions& options);
  int Run();

 private:
  // PostgreSQL's pmState, reduced to what Hyrax has.
  enum class State {
    kStartup,             // startup process running (first start or after a crash)
    kRun,                 // accepting connections
    kWaitChildren,        // crash: waiting for every child to exit before the reset
    kStopBackends,        // shutdown: waiting for backends to exit
    kShutdownCheckpoint,  // checkpointer writing the shutdown checkpoint
    kExit,
  };
  enum class ShutdownMode { kNone, kSmart, kFast, kImmediate };

  // postmaster.cpp
  void WaitForSignals();
  void OnSignal(int signal_number);
  void ReapChildren();
  void OnChildExit(pid_t pid, ChildKind kind, int status);
  void StartCrashReset(pid_t dead_pid, ChildKind kind, int status);
  void Advance();
  void FinishCrashReset();
  void RequestShutdown(ShutdownMode mode);
  // SIGTERM to the autovacuum launcher and workers.
  void StopAutovacuum();
  void Reload();
  void CreateSharedMemory();
  void ArmKillTimer();
  backend::Admission CurrentAdmission() const;

  // postmaster_listen.cpp
  void OpenListenSockets();
  void AcceptNext(boost::asio::ip::tcp::acceptor& acceptor);
  void OnAccept(boost::asio::ip::tcp::socket socket);
  // Forks a child running `body` (its exit code); returns the pid or -1.
  pid_t ForkChild(ChildKind kind, const std::function<int()>& body);
  void StartStartupProcess();
  void StartCheckpointer();
  void StartAutovacuumLauncher();
  // On the launcher's SIGUSR1: one worker at a time, only while running normally.
  void StartAutovacuumWorker();

  const PostmasterOptions& options_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer kill_timer_;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
  std::unique_ptr<PidFile> pid_file_;
  ChildRegistry children_;
  State state_ = State::kStartup;
  ShutdownMode shutdown_ = ShutdownMode::kNone;
  bool crash_recovery_ = false;  // PostgreSQL's FatalError: shared state is being reset
  pid_t postmaster_pid_ = 0;
  int exit_code_ = 0;
};

}  // namespace hyrax::server::postmaster
