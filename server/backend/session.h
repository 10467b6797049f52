// One client session in a forked backend process: the startup packet (SSLRequest answered
// 'S' and a TLS handshake when ssl = on, else 'N'; GSSENCRequest 'N'; CancelRequest),
// hba.conf and authentication, the start-up
// reports (ParameterStatus, BackendKeyData), then the message loop of the simple and
// extended query protocols with PostgreSQL's error recovery. All work below the protocol
// goes through the Engine seam. Flows and exit codes: server/backend/README.md.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/auth/authenticator.h"
#include "server/backend/engine.h"
#include "server/backend/protocol_sink.h"
#include "server/config/command_line.h"
#include "server/protocol/connection.h"
#include "server/protocol/fd_stream.h"
#include "server/protocol/frontend_message.h"
#include "server/protocol/startup_messages.h"

namespace hyrax::server::tls {
class TlsStream;
}  // namespace hyrax::server::tls

namespace hyrax::server::backend {

// Whether the postmaster can take the connection (PostgreSQL's CAC_state). Anything but
// kOk is refused with FATAL after the startup packet (CancelRequests are still served).
enum class Admission { kOk, kStartup, kRecovery, kShutdown, kTooMany };

using EngineFactory = std::function<std::unique_ptr<Engine>()>;

struct BackendLaunch {
  int socket_fd = -1;       // connected client socket; the session owns it
  std::string remote_host;  // numeric address
  int remote_port = 0;
  Admission admission = Admission::kOk;
  EngineFactory engine_factory;
};

// Runs the session and returns the process exit code: 0 for a normal end (Terminate, end
// of stream, cancel request served), 1 after FATAL. SIGQUIT exits with 2 from the signal
// handler. Requires: a freshly forked process (installs signal handlers, notice sink).
int RunBackend(BackendLaunch launch);

class Session : private auth::AuthExchange {
 public:
  explicit Session(BackendLaunch launch);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int Run();

 private:
  struct Startup {
    std::string user;
    std::string database;
    std::string options;
    std::vector<config::NameValue> gucs;  // other startup parameters, in packet order
  };

  // session.cpp: startup packet phase.
  std::optional<Startup> ReadStartup();
  Startup ParseStartupMessage(const protocol::StartupMessage& message);
  void AnswerEncryptionRequest(const char* what);
  // Answers an SSLRequest 'S' and runs the handshake; false when it failed (logged; the
  // connection then closes without a reply, as in PostgreSQL).
  bool StartTls();
  void RefusePipelinedData(const char* what);
  void ProcessCancel(const protocol::CancelRequest& request);
  void CheckAdmission() const;
  int HandleFatal(const Error& error);
  void LogDisconnection() const;
  void OnStreamInterrupt(bool writing);

  // session_auth.cpp: authentication and session set-up.
  // Returns false when the client left during the exchange (the session ends quietly).
  bool Authenticate(const Startup& startup);
  void StartEngineProcess(const Startup& startup);
  // The connection's facts for hba matching and the method (hba_line nullptr: no match).
  auth::AuthTarget MakeAuthTarget();
  void InitSession(const Startup& startup);
  void ApplyStartupSettings(const Startup& startup, bool is_superuser);
  void Send(const protocol::Authentication& request) override;
  std::optional<std::string> Receive(auth::ResponseKind kind) override;

  // session_loop.cpp: the message loop.
  void MessageLoop();
  // Returns false when the session should end (Terminate).
  bool Dispatch(protocol::FrontendMessage& message);
  void ExecuteSimpleQuery(const std::string& text);
  void HandleExtended(protocol::FrontendMessage& message);
  void RecoverFromError(const Error& error, bool extended);
  void ReportError(const Error& error);
  void SendReadyForQuery();
  void DeliverNotice(const Error& notice);
  void SetActivityTitle(std::string_view activity);

  BackendLaunch launch_;
  protocol::FdStream stream_;
  // After a TLS handshake; declared after stream_ so close_notify precedes closing the fd.
  std::unique_ptr<tls::TlsStream> tls_stream_;
  protocol::Connection connection_;
  ProtocolSink sink_;
  std::unique_ptr<Engine> engine_;
  bool process_initialised_ = false;  // engine_->InitProcess succeeded
  bool in_startup_packet_ = true;     // auth timeout ends the process silently
  bool ignore_till_sync_ = false;
  bool send_ready_for_query_ = true;
  std::string title_prefix_;  // "hyrax: user db host(port)"
  std::string user_;
  std::string database_;
  int32_t cancel_key_ = 0;
  std::string auth_log_detail_;  // why authentication failed: server log only
  std::chrono::steady_clock::time_point session_start_ = std::chrono::steady_clock::now();
};

}  // namespace hyrax::server::backend
