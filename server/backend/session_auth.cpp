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

namespace hyrax::server::backend {

void Session::Authenticate(const Startup& startup) {
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

  auth::HbaRequest request;
  request.client_address = auth::IpAddress::Parse(launch_.remote_host);
  request.user = user_;
  request.database = database_;
  request.is_member = [this](std::string_view user, std::string_view role) {
    return engine_->IsMemberOfRole(user, role);
  };
  auth::AuthTarget target{user_, database_, launch_.remote_host, nullptr,
                          [this] { return engine_->LookupRole(user_); }};
  target.hba_line = auth::MatchHba(auth::CurrentHba(), request);
  if (!target.hba_line) throw auth::NoHbaEntryError(target, false);
  auth::MakeAuthenticator(*target.hba_line)->Authenticate(*this, target);
  protocol::WriteAuthentication(connection_.out(), {protocol::AuthRequest::kOk, {}, {}});
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

std::string Session::Receive() {
  std::optional<char> type = connection_.ReadMessageType();
  if (!type) {
    throw Error(errcode::kConnectionFailure, "unexpected EOF on client connection",
                Severity::kFatal);
  }
  if (*type != 'p') {
    throw Error(
        errcode::kProtocolViolation,
        fmt::format("expected password response, got message type {}", static_cast<int>(*type)),
        Severity::kFatal);
  }
  return connection_.ReadMessageBody('p');
}

}  // namespace hyrax::server::backend
