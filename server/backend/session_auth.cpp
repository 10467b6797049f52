// Session set-up after the startup packet: engine process start, hba.conf lookup,
// authentication, the session identity, startup-packet settings (source "client"), and
// the start-up reports (PostgreSQL's InitPostgres / PerformAuthentication /
// BeginReportingGUCOptions order).
#include <unistd.h>

#include <fmt/format.h>

#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/auth/hba.h"
#include "server/backend/session.h"
#include "server/backend/timeouts.h"
#include "server/config/server_gucs.h"
#include "server/protocol/auth_messages.h"
#include "server/protocol/session_messages.h"
#include "server/tls/tls_context.h"
#include "server/tls/tls_info.h"
#include "server/tls/tls_stream.h"

namespace hyrax::server::backend {

void Session::StartEngineProcess(const Startup& startup) {
  user_ = startup.user;
  database_ = startup.database;
  std::string cluster = config::g_cluster_name.empty() ? "" : config::g_cluster_name + ": ";
  title_prefix_ = fmt::format("hyrax: {}{} {} {}({})", cluster, user_, database_,
                              launch_.remote_host, launch_.remote_port);
  SetActivityTitle("authentication");

  ProcessStartInfo info;
  info.pid = getpid();
  info.cancel_key = cancel_key_;
  info.user_name = user_;
  info.database_name = database_;
  info.client_addr = launch_.remote_host;
  info.client_port = launch_.remote_port;
  for (const config::NameValue& setting : startup.gucs) {
    if (setting.name == "application_name") info.application_name = setting.value;
  }
  engine_ = launch_.engine_factory();
  engine_->InitProcess(info);
  process_initialised_ = true;
}

auth::AuthTarget Session::MakeAuthTarget() {
  auth::AuthTarget target;
  target.user = user_;
  target.database = database_;
  target.host = launch_.remote_host;
  target.lookup_role = [this] { return engine_->LookupRole(user_); };
  target.is_ssl = tls_stream_ != nullptr;
  if (target.is_ssl) {
    target.channel_binding = tls_stream_->ServerEndPointHash();
    target.client_ca_loaded = tls::ServerTlsVerifiesClients();
    if (const auto& info = tls::CurrentTlsConnection()) {
      target.client_certificate_cn = info->client_cn;
    }
  }
  auth::HbaRequest request;
  request.client_address = auth::IpAddress::Parse(launch_.remote_host);
  request.is_ssl = target.is_ssl;
  request.user = user_;
  request.database = database_;
  request.is_member = [this](std::string_view user, std::string_view role) {
    return engine_->IsMemberOfRole(user, role);
  };
  target.hba_line = auth::MatchHba(auth::CurrentHba(), request);
  return target;
}

bool Session::Authenticate(const Startup& startup) {
  StartEngineProcess(startup);
  auth::AuthTarget target = MakeAuthTarget();
  if (!target.hba_line) throw auth::NoHbaEntryError(target, target.is_ssl);
  auth::CheckClientCertificate(target);
  auth::AuthResult result = auth::MakeAuthenticator(*target.hba_line)->Authenticate(*this, target);
  if (result.status == auth::AuthStatus::kClientGone) return false;
  if (result.status == auth::AuthStatus::kOk && !auth::ClientCertificateNameMatches(target)) {
    result.status = auth::AuthStatus::kFailed;
  }
  if (result.status == auth::AuthStatus::kFailed) {
    // The client learns only that it failed; why is for the server log (auth_failed).
    auth_log_detail_ = auth::AuthFailedLogDetail(target, result.log_detail);
    throw auth::AuthFailedError(target);
  }
  if (config::g_log_connections && target.hba_line->method != auth::AuthMethod::kTrust) {
    log::Log("connection authenticated: identity=\"{}\" method={} ({}:{})", user_,
             auth::AuthMethodName(target.hba_line->method), config::g_hba_file,
             target.hba_line->line_number);
  }
  protocol::WriteAuthentication(connection_.out(), {protocol::AuthRequest::kOk, {}, {}});
  return true;
}

void Session::InitSession(const Startup& startup) {
  SessionIdentity identity = engine_->InitSession(user_, database_);
  const guc::SetOptions internal{.context = guc::GucContext::kInternal,
                                 .source = guc::GucSource::kOverride};
  guc::SetConfigOption("session_authorization", user_, internal);
  guc::SetConfigOption("is_superuser", identity.is_superuser ? "on" : "off", internal);
  ApplyStartupSettings(startup, identity.is_superuser);
  DisableTimeout(TimeoutId::kAuthentication);
  if (config::g_log_connections) {
    log::Log("connection authorized: user={} database={} application_name={}", user_, database_,
             config::g_application_name);
  }
  for (const auto& [name, value] : guc::BeginReporting()) {
    protocol::WriteParameterStatus(connection_.out(), {name, value});
  }
  protocol::WriteBackendKeyData(connection_.out(), {getpid(), cancel_key_});
}

void Session::ApplyStartupSettings(const Startup& startup, bool is_superuser) {
  const guc::SetOptions options{
      .context = is_superuser ? guc::GucContext::kSuperuserBackend : guc::GucContext::kBackend,
      .source = guc::GucSource::kClient};
  try {
    // As PostgreSQL: the switches in `options` first, then the other parameters.
    for (const config::NameValue& setting :
         config::ParseBackendSwitches(config::SplitOptions(startup.options))) {
      guc::SetConfigOption(setting.name, setting.value, options);
    }
    for (const config::NameValue& setting : startup.gucs) {
      guc::SetConfigOption(setting.name, setting.value, options);
    }
  } catch (Error& error) {
    error.SetSeverity(Severity::kFatal);
    throw;
  }
}

void Session::Send(const protocol::Authentication& request) {
  protocol::WriteAuthentication(connection_.out(), request);
  connection_.Flush();
}

std::optional<std::string> Session::Receive(auth::ResponseKind kind) {
  std::optional<char> type = connection_.ReadMessageType();
  if (!type) return std::nullopt;
  if (*type != 'p') {
    throw Error(errcode::kProtocolViolation,
                fmt::format("expected {} response, got message type {}",
                            kind == auth::ResponseKind::kSasl ? "SASL" : "password",
                            static_cast<int>(*type)),
                Severity::kFatal);
  }
  return connection_.ReadMessageBody('p');
}

}  // namespace hyrax::server::backend
