// Session start and end: the startup-packet phase (PostgreSQL's ProcessStartupPacket and
// processCancelRequest) and the FATAL path. Authentication is in session_auth.cpp, the
// message loop in session_loop.cpp.
#include "server/backend/session.h"

#include <csignal>
#include <cstdlib>
#include <unistd.h>

#include <fmt/format.h>
#include <sys/random.h>

#include "common/guc/guc.h"
#include "common/guc/guc_value.h"
#include "common/interrupts.h"
#include "common/logging.h"
#include "common/notice.h"
#include "server/backend/backend_signals.h"
#include "server/backend/timeouts.h"
#include "server/config/server_gucs.h"
#include "server/protocol/error_messages.h"
#include "server/protocol/startup_messages.h"
#include "server/tls/tls_context.h"
#include "server/tls/tls_info.h"
#include "server/tls/tls_stream.h"

namespace hyrax::server::backend {

namespace {

int32_t RandomCancelKey() {
  int32_t key = 0;
  while (getrandom(&key, sizeof(key), 0) != sizeof(key)) {
  }
  return key;
}

// Compares cancel keys without a data-dependent branch (no timing oracle).
bool ConstantTimeEqual(int32_t a, int32_t b) {
  volatile uint32_t diff = static_cast<uint32_t>(a) ^ static_cast<uint32_t>(b);
  return diff == 0;
}

std::string TruncateName(std::string name) {
  constexpr size_t kNameDataLen = 64;
  if (name.size() >= kNameDataLen) name.resize(kNameDataLen - 1);
  return name;
}

}  // namespace

int RunBackend(BackendLaunch launch) {
  InstallBackendSignals();
  Session session(std::move(launch));
  return session.Run();
}

Session::Session(BackendLaunch launch)
    : launch_(std::move(launch)),
      stream_(launch_.socket_fd),
      connection_(&stream_),
      sink_(connection_, [this](std::string_view tag) { SetActivityTitle(tag); }),
      cancel_key_(RandomCancelKey()) {
  stream_.SetInterruptCallback([this](bool writing) { OnStreamInterrupt(writing); });
  SetNoticeSink([this](const Error& notice) { DeliverNotice(notice); });
}

Session::~Session() {
  SetNoticeSink({});
}

int Session::Run() {
  try {
    if (config::g_log_connections) {
      log::Log("connection received: host={} port={}", launch_.remote_host, launch_.remote_port);
    }
    EnableTimeout(TimeoutId::kAuthentication, config::g_authentication_timeout_s * 1000);
    std::optional<Startup> startup = ReadStartup();
    if (!startup) return 0;
    in_startup_packet_ = false;
    if (!Authenticate(*startup)) {
      // The client closed instead of answering (psql does, to prompt for a password):
      // PostgreSQL ends quietly, without logging a failure.
      engine_->Shutdown();
      return 0;
    }
    InitSession(*startup);
    MessageLoop();
    engine_->Shutdown();
    LogDisconnection();
    return 0;
  } catch (const Error& error) {
    return HandleFatal(error);
  } catch (const std::exception& error) {
    return HandleFatal(Error(errcode::kInternalError, error.what(), Severity::kFatal));
  }
}

void Session::LogDisconnection() const {
  if (!config::g_log_disconnections) return;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - session_start_)
                     .count();
  log::Log("disconnection: session time: {}:{:02}:{:02}.{:03} user={} database={} host={} port={}",
           elapsed / 3600000, elapsed / 60000 % 60, elapsed / 1000 % 60, elapsed % 1000, user_,
           database_, launch_.remote_host, launch_.remote_port);
}

int Session::HandleFatal(const Error& error) {
  // Framing failures end the connection without a reply (PostgreSQL logs them as
  // COMMERROR); everything else is also sent to the client.
  if (connection_.broken()) {
    log::Emit(Severity::kLog, error.message());
  } else {
    Error fatal = error;
    if (fatal.severity() < Severity::kFatal) fatal.SetSeverity(Severity::kFatal);
    // An authentication failure's reason goes to the log only (errdetail_log).
    log::Emit(fatal.severity(), auth_log_detail_.empty()
                                    ? fatal.message()
                                    : fatal.message() + "\nDETAIL:  " + auth_log_detail_);
    try {
      protocol::WriteErrorResponse(connection_.out(), fatal);
      connection_.Flush();
    } catch (const Error&) {
      // The client is gone; nothing more to tell it.
    }
  }
  if (process_initialised_) {
    engine_->Shutdown();
    LogDisconnection();
  }
  log::Flush();
  if (error.severity() == Severity::kPanic) std::abort();
  return 1;
}

void Session::OnStreamInterrupt(bool writing) {
  if (TimeoutFired(TimeoutId::kAuthentication)) {
    // PostgreSQL exits silently when the startup packet does not arrive in time.
    if (in_startup_packet_) _exit(1);
    throw Error(errcode::kQueryCanceled, "canceling authentication due to timeout",
                Severity::kFatal);
  }
  if (writing) {
    // Never abandon a half-written message: only termination stops a blocked write, and
    // then nothing more is sent (the connection counts as broken).
    if (g_proc_die_pending) {
      throw Error(errcode::kAdminShutdown, "terminating connection due to administrator command",
                  Severity::kFatal);
    }
    return;
  }
  if (TimeoutFired(TimeoutId::kIdleInTransaction)) {
    throw Error(errcode::kIdleInTransactionSessionTimeout,
                "terminating connection due to idle-in-transaction timeout", Severity::kFatal);
  }
  if (TimeoutFired(TimeoutId::kIdleSession)) {
    throw Error(errcode::kIdleSessionTimeout, "terminating connection due to idle-session timeout",
                Severity::kFatal);
  }
  // As PostgreSQL's ProcessClientReadInterrupt: a read is never abandoned for a query
  // cancel or a statement timeout, which would leave the rest of a message (COPY data)
  // unread and the protocol out of step. Those are serviced by the next CheckForInterrupts
  // after the message has arrived; only termination stops a blocked read.
  if (g_proc_die_pending) ProcessInterrupts();
}

std::optional<Session::Startup> Session::ReadStartup() {
  bool ssl_done = false;
  bool gss_done = false;
  for (;;) {
    std::optional<std::string> body = connection_.ReadStartupPacket();
    if (!body) return std::nullopt;
    protocol::StartupPacket packet = protocol::DecodeStartupPacket(*body);
    if (std::holds_alternative<protocol::SslRequest>(packet) && !ssl_done) {
      ssl_done = true;
      if (tls::ServerTlsEnabled()) {
        if (!StartTls()) return std::nullopt;
        gss_done = true;  // after TLS only the startup packet may follow (PostgreSQL's rule)
      } else {
        AnswerEncryptionRequest("SSL request");
      }
      continue;
    }
    if (std::holds_alternative<protocol::GssEncRequest>(packet) && !gss_done) {
      gss_done = true;
      AnswerEncryptionRequest("GSSAPI encryption request");
      continue;
    }
    if (const auto* cancel = std::get_if<protocol::CancelRequest>(&packet)) {
      ProcessCancel(*cancel);
      return std::nullopt;
    }
    int32_t version =
        std::holds_alternative<protocol::StartupMessage>(packet)
            ? std::get<protocol::StartupMessage>(packet).protocol_version
            : (std::holds_alternative<protocol::SslRequest>(packet) ? protocol::kSslRequestCode
                                                                    : protocol::kGssEncRequestCode);
    if (protocol::ProtocolMajor(version) != 3) {
      throw Error(errcode::kFeatureNotSupported,
                  fmt::format("unsupported frontend protocol {}.{}: server supports 3.0 to 3.0",
                              protocol::ProtocolMajor(version), protocol::ProtocolMinor(version)),
                  Severity::kFatal);
    }
    Startup startup = ParseStartupMessage(std::get<protocol::StartupMessage>(packet));
    CheckAdmission();
    return startup;
  }
}

void Session::AnswerEncryptionRequest(const char* what) {
  connection_.out().push_back('N');
  connection_.Flush();
  if (connection_.HasBufferedInput()) RefusePipelinedData(what);
}

bool Session::StartTls() {
  tls_stream_ = std::make_unique<tls::TlsStream>(
      tls::ServerTlsContext(), stream_.fd(), [this](bool writing) { OnStreamInterrupt(writing); });
  connection_.out().push_back('S');
  connection_.Flush();
  // Bytes read together with the SSLRequest were sent before the client could know the
  // answer: they are not protected by TLS and may have been injected (CVE-2021-23214). As
  // PostgreSQL does, finish the handshake, then refuse them over the encrypted channel;
  // they are never interpreted. From here on nothing is sent in plaintext.
  bool injected = connection_.HasBufferedInput();
  connection_.DiscardBufferedInput();
  connection_.SetStream(tls_stream_.get());
  if (std::optional<std::string> failure = tls_stream_->Accept()) {
    log::Emit(Severity::kLog, *failure);
    return false;
  }
  tls::SetCurrentTlsConnection(tls_stream_->Info());
  if (injected) RefusePipelinedData("SSL request");
  return true;
}

void Session::RefusePipelinedData(const char* what) {
  throw Error(errcode::kProtocolViolation, fmt::format("received unencrypted data after {}", what),
              Severity::kFatal)
      .Detail(
          "This could be either a client-software bug or evidence of an attempted "
          "man-in-the-middle attack.");
}

Session::Startup Session::ParseStartupMessage(const protocol::StartupMessage& message) {
  Startup startup;
  std::vector<std::string> unrecognized;
  for (const auto& [name, value] : message.parameters) {
    if (name == "user") {
      startup.user = value;
    } else if (name == "database") {
      startup.database = value;
    } else if (name == "options") {
      startup.options = value;
    } else if (name == "replication") {
      bool physical = false;
      if (value != "database" && !guc::ParseBool(value, &physical)) {
        throw Error(errcode::kProtocolViolation,
                    fmt::format("invalid value for parameter \"replication\": \"{}\"", value),
                    Severity::kFatal)
            .Hint("Valid values are: \"false\", 0, \"true\", 1, \"database\".");
      }
      if (value == "database" || physical) {
        throw Error(errcode::kFeatureNotSupported, "replication connections are not supported",
                    Severity::kFatal);
      }
    } else if (name.starts_with("_pq_.")) {
      unrecognized.push_back(name);
    } else {
      startup.gucs.push_back({name, value});
    }
  }
  if (protocol::ProtocolMinor(message.protocol_version) > 0 || !unrecognized.empty()) {
    protocol::WriteNegotiateProtocolVersion(connection_.out(), {0, unrecognized});
  }
  if (startup.user.empty()) {
    throw Error(errcode::kInvalidAuthorizationSpecification,
                "no PostgreSQL user name specified in startup packet", Severity::kFatal);
  }
  if (startup.database.empty()) startup.database = startup.user;
  startup.user = TruncateName(std::move(startup.user));
  startup.database = TruncateName(std::move(startup.database));
  return startup;
}

void Session::CheckAdmission() const {
  const char* message = nullptr;
  SqlState code = errcode::kCannotConnectNow;
  switch (launch_.admission) {
    case Admission::kOk:
      return;
    case Admission::kStartup:
      message = "the database system is starting up";
      break;
    case Admission::kRecovery:
      message = "the database system is in recovery mode";
      break;
    case Admission::kShutdown:
      message = "the database system is shutting down";
      break;
    case Admission::kTooMany:
      message = "sorry, too many clients already";
      code = errcode::kTooManyConnections;
      break;
  }
  throw Error(code, message, Severity::kFatal);
}

void Session::ProcessCancel(const protocol::CancelRequest& request) {
  // The cancel is never answered; the client just sees the connection close.
  engine_ = launch_.engine_factory();
  std::optional<int32_t> key = engine_->FindCancelKey(request.pid);
  if (!key) {
    log::Emit(Severity::kLog,
              fmt::format("PID {} in cancel request did not match any process", request.pid));
    return;
  }
  if (!ConstantTimeEqual(*key, request.secret)) {
    log::Emit(Severity::kLog,
              fmt::format("wrong key in cancel request for process {}", request.pid));
    return;
  }
  kill(request.pid, SIGINT);
}

}  // namespace hyrax::server::backend
