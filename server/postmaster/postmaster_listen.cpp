// The postmaster's sockets and forks (see server/postmaster/postmaster.h): listening on
// listen_addresses:port with Boost.Asio, accepting, and forking backends (or dead-end
// backends that only report why they are refused) and the auxiliary processes, with
// io_context::notify_fork on both sides of every fork.
#include <csignal>
#include <unistd.h>

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/prctl.h>

#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/config/server_gucs.h"
#include "server/postmaster/autovacuum_processes.h"
#include "server/postmaster/aux_processes.h"
#include "server/postmaster/postmaster_impl.h"
#include "storage/file/temp_file.h"
#include "storage/txn/proc_array.h"

namespace hyrax::server::postmaster {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::vector<std::string> SplitAddresses(const std::string& list) {
  std::vector<std::string> addresses;
  std::string current;
  for (char c : list) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!current.empty()) addresses.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) addresses.push_back(std::move(current));
  return addresses;
}

// The endpoints one listen_addresses entry stands for ("*" = every IPv4 and IPv6 address).
std::vector<tcp::endpoint> Resolve(asio::io_context& io, const std::string& host, int port) {
  std::vector<tcp::endpoint> endpoints;
  if (host == "*") {
    endpoints.emplace_back(tcp::v4(), port);
    endpoints.emplace_back(tcp::v6(), port);
    return endpoints;
  }
  tcp::resolver resolver(io);
  boost::system::error_code error;
  auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, error);
  if (error) {
    log::Warning("could not translate host name \"{}\", service \"{}\" to address: {}", host, port,
                 error.message());
    return endpoints;
  }
  for (const auto& entry : results) {
    if (std::find(endpoints.begin(), endpoints.end(), entry.endpoint()) == endpoints.end()) {
      endpoints.push_back(entry.endpoint());
    }
  }
  return endpoints;
}

}  // namespace

void Postmaster::OpenListenSockets() {
  const int backlog = std::min(2 * storage::ProcArray::g_max_connections, SOMAXCONN);
  for (const std::string& host : SplitAddresses(config::g_listen_addresses)) {
    bool any = false;
    for (const tcp::endpoint& endpoint : Resolve(io_, host, config::g_port)) {
      const char* family = endpoint.address().is_v6() ? "IPv6" : "IPv4";
      auto acceptor = std::make_unique<tcp::acceptor>(io_);
      boost::system::error_code error;
      acceptor->open(endpoint.protocol(), error);
      if (!error) acceptor->set_option(tcp::acceptor::reuse_address(true), error);
      if (!error && endpoint.address().is_v6()) {
        acceptor->set_option(asio::ip::v6_only(true), error);
      }
      if (!error) acceptor->bind(endpoint, error);
      if (!error) acceptor->listen(backlog, error);
      if (error) {
        log::Emit(Severity::kLog, fmt::format("could not bind {} address \"{}\": {}", family,
                                              endpoint.address().to_string(), error.message()));
        if (error == asio::error::address_in_use) {
          log::Emit(Severity::kLog,
                    fmt::format("HINT:  Is another postmaster already running on port {}? If "
                                "not, wait a few seconds and retry.",
                                config::g_port));
        }
        continue;
      }
      log::Log("listening on {} address \"{}\", port {}", family, endpoint.address().to_string(),
               config::g_port);
      AcceptNext(*acceptor);
      acceptors_.push_back(std::move(acceptor));
      any = true;
    }
    if (!any) log::Warning("could not create listen socket for \"{}\"", host);
  }
  if (acceptors_.empty()) {
    throw Error(errcode::kConfigFileError, "could not create any TCP/IP sockets", Severity::kFatal);
  }
}

void Postmaster::AcceptNext(tcp::acceptor& acceptor) {
  acceptor.async_accept(
      [this, &acceptor](const boost::system::error_code& error, tcp::socket socket) {
        if (error == asio::error::operation_aborted || !acceptor.is_open()) return;
        if (error) {
          log::Emit(Severity::kLog, "could not accept new connection: " + error.message());
        } else {
          OnAccept(std::move(socket));
        }
        AcceptNext(acceptor);
      });
}

void Postmaster::OnAccept(tcp::socket socket) {
  boost::system::error_code error;
  tcp::endpoint remote = socket.remote_endpoint(error);
  if (error) return;  // the client is already gone
  socket.set_option(tcp::no_delay(true), error);
  socket.set_option(asio::socket_base::keep_alive(true), error);
  backend::BackendLaunch launch;
  launch.remote_host = remote.address().to_string();
  launch.remote_port = remote.port();
  launch.admission = CurrentAdmission();
  launch.engine_factory = options_.engine_factory;
  ChildKind kind =
      launch.admission == backend::Admission::kOk ? ChildKind::kBackend : ChildKind::kDeadEnd;
  pid_t pid = ForkChild(kind, [&]() {
    launch.socket_fd = socket.release();
    return backend::RunBackend(std::move(launch));
  });
  if (pid < 0) {
    log::Emit(Severity::kLog,
              fmt::format("could not fork new process for connection: {}", std::strerror(errno)));
  }
  socket.close(error);
}

pid_t Postmaster::ForkChild(ChildKind kind, const std::function<int()>& body) {
  log::Flush();
  std::fflush(nullptr);
  // The child starts with every signal blocked until it has installed its own handlers
  // (as PostgreSQL's BlockSig): a SIGHUP sent to all children must not kill a new one.
  sigset_t all_signals, previous_mask;
  sigfillset(&all_signals);
  sigprocmask(SIG_BLOCK, &all_signals, &previous_mask);
  io_.notify_fork(asio::execution_context::fork_prepare);
  pid_t pid = fork();
  if (pid != 0) {
    io_.notify_fork(asio::execution_context::fork_parent);
    sigprocmask(SIG_SETMASK, &previous_mask, nullptr);
    if (pid > 0) children_.Add(pid, kind);
    return pid;
  }
  // Child: never returns. Die with the postmaster, drop its sockets and signal handling.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != postmaster_pid_) _exit(1);
  io_.notify_fork(asio::execution_context::fork_child);
  boost::system::error_code ignored;
  for (auto& acceptor : acceptors_) acceptor->close(ignored);
  signals_.clear(ignored);
  kill_timer_.cancel();
  pid_file_.release();  // the file belongs to the postmaster: never remove it here
  log::Init();
  guc::SetUnderPostmaster(true);
  int code = 1;
  try {
    code = body();
  } catch (const std::exception& error) {
    log::Emit(Severity::kFatal, error.what());
  }
  storage::RemoveOpenTempFiles();  // files of operators the session never closed
  log::Flush();
  _exit(code);
}

void Postmaster::StartStartupProcess() {
  pid_t pid = ForkChild(ChildKind::kStartup, [this] { return RunStartupProcess(options_.hooks); });
  if (pid < 0) {
    throw Error(errcode::kOutOfMemory, "could not fork startup process", Severity::kFatal);
  }
}

void Postmaster::StartCheckpointer() {
  pid_t pid =
      ForkChild(ChildKind::kCheckpointer, [this] { return RunCheckpointer(options_.hooks); });
  if (pid < 0) log::Emit(Severity::kLog, "could not fork checkpointer process");
}

void Postmaster::StartAutovacuumLauncher() {
  pid_t pid = ForkChild(ChildKind::kAutovacuumLauncher,
                        [this] { return RunAutovacuumLauncher(options_.hooks); });
  if (pid < 0) log::Emit(Severity::kLog, "could not fork autovacuum launcher process");
}

void Postmaster::StartAutovacuumWorker() {
  if (state_ != State::kRun || shutdown_ != ShutdownMode::kNone ||
      children_.Count(ChildKind::kAutovacuumWorker) > 0) {
    return;
  }
  pid_t pid = ForkChild(ChildKind::kAutovacuumWorker,
                        [this] { return RunAutovacuumWorker(options_.hooks); });
  if (pid < 0) log::Emit(Severity::kLog, "could not fork autovacuum worker process");
}

}  // namespace hyrax::server::postmaster
