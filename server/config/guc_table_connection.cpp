// GUC table, server section: listening, connection limits, authentication, SSL, session
// timeouts, message levels, connection logging, process titles and file locations. The
// variables of this section are owned by the server layer (server/config/server_gucs.h),
// except max_connections / superuser_reserved_connections (storage's proc array).
#include <climits>

#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/config/guc_checks.h"
#include "server/config/guc_table.h"
#include "server/config/server_gucs.h"
#include "storage/txn/proc_activity.h"
#include "storage/txn/proc_array.h"

namespace hyrax::server::config {

std::string g_listen_addresses;
int g_port = 5432;
int g_authentication_timeout_s = 60;
bool g_ssl = false;
std::string g_ssl_cert_file;
std::string g_ssl_key_file;
std::string g_ssl_ca_file;
std::string g_ssl_ciphers;
bool g_ssl_prefer_server_ciphers = true;
std::string g_ssl_ecdh_curve;
int g_ssl_min_protocol_version = static_cast<int>(TlsProtocolVersion::kTls12);
int g_ssl_max_protocol_version = static_cast<int>(TlsProtocolVersion::kAny);
int g_password_encryption = static_cast<int>(PasswordEncryption::kScramSha256);
int g_statement_timeout_ms = 0;
int g_idle_in_transaction_session_timeout_ms = 0;
int g_idle_session_timeout_ms = 0;
Severity g_client_min_messages = Severity::kNotice;
bool g_log_connections = false;
bool g_log_disconnections = false;
bool g_update_process_title = true;
std::string g_cluster_name;
std::string g_application_name;
std::string g_data_directory;
std::string g_config_file;
std::string g_hba_file;

namespace {

using guc::GucContext;
using guc::GucGroup;
using guc::GucUnit;
namespace flag = guc::flag;

// PostgreSQL's elevel numbers, used as enum values so each level keeps its own name.
constexpr guc::EnumEntry kServerMessageLevels[] = {
    {"debug5", 10}, {"debug4", 11},  {"debug3", 12}, {"debug2", 13}, {"debug1", 14}, {"info", 17},
    {"notice", 18}, {"warning", 19}, {"error", 21},  {"log", 15},    {"fatal", 22},  {"panic", 23}};
constexpr guc::EnumEntry kClientMessageLevels[] = {{"debug5", 10}, {"debug4", 11},  {"debug3", 12},
                                                   {"debug2", 13}, {"debug1", 14},  {"log", 15},
                                                   {"notice", 18}, {"warning", 19}, {"error", 21}};
constexpr guc::EnumEntry kPasswordEncryptions[] = {
    {"md5", static_cast<int>(PasswordEncryption::kMd5)},
    {"scram-sha-256", static_cast<int>(PasswordEncryption::kScramSha256)}};
constexpr guc::EnumEntry kTlsMinVersions[] = {
    {"TLSv1.2", static_cast<int>(TlsProtocolVersion::kTls12)},
    {"TLSv1.3", static_cast<int>(TlsProtocolVersion::kTls13)}};
constexpr guc::EnumEntry kTlsMaxVersions[] = {
    {"", static_cast<int>(TlsProtocolVersion::kAny)},
    {"TLSv1.2", static_cast<int>(TlsProtocolVersion::kTls12)},
    {"TLSv1.3", static_cast<int>(TlsProtocolVersion::kTls13)}};

Severity SeverityForLevel(int level) {
  if (level <= 14) return Severity::kDebug;
  if (level <= 16) return Severity::kLog;
  if (level == 17) return Severity::kInfo;
  if (level == 18) return Severity::kNotice;
  if (level == 19) return Severity::kWarning;
  if (level == 21) return Severity::kError;
  if (level == 22) return Severity::kFatal;
  return Severity::kPanic;
}

void RegisterListenGucs() {
  guc::DefineString({.name = "listen_addresses",
                     .context = GucContext::kPostmaster,
                     .group = GucGroup::kConnSettings,
                     .short_desc = "Sets the host name or IP address(es) to listen to.",
                     .variable = &g_listen_addresses,
                     .boot = "localhost",
                     .flags = flag::kListInput});
  guc::DefineInt({.name = "port",
                  .context = GucContext::kPostmaster,
                  .group = GucGroup::kConnSettings,
                  .short_desc = "Sets the TCP port the server listens on.",
                  .variable = &g_port,
                  .boot = 5432,
                  .min = 1,
                  .max = 65535});
  guc::DefineInt({.name = "max_connections",
                  .context = GucContext::kPostmaster,
                  .group = GucGroup::kConnSettings,
                  .short_desc = "Sets the maximum number of concurrent connections.",
                  .variable = &storage::ProcArray::g_max_connections,
                  .boot = 100,
                  .min = 1,
                  .max = 262143});
  guc::DefineInt({.name = "superuser_reserved_connections",
                  .context = GucContext::kPostmaster,
                  .group = GucGroup::kConnSettings,
                  .short_desc = "Sets the number of connection slots reserved for superusers.",
                  .variable = &storage::ProcArray::g_superuser_reserved_connections,
                  .boot = 3,
                  .min = 0,
                  .max = 262143});
}

// The TLS parameters PostgreSQL 15 has besides the file names (read by server/tls).
void RegisterSslCipherGucs() {
  guc::DefineString({.name = "ssl_ciphers",
                     .context = GucContext::kSighup,
                     .group = GucGroup::kConnSsl,
                     .short_desc = "Sets the list of allowed SSL ciphers.",
                     .variable = &g_ssl_ciphers,
                     .boot = "HIGH:MEDIUM:+3DES:!aNULL",
                     .flags = flag::kSuperuserOnly});
  guc::DefineBool({.name = "ssl_prefer_server_ciphers",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kConnSsl,
                   .short_desc = "Give priority to server ciphersuite order.",
                   .variable = &g_ssl_prefer_server_ciphers,
                   .boot = true});
  guc::DefineString({.name = "ssl_ecdh_curve",
                     .context = GucContext::kSighup,
                     .group = GucGroup::kConnSsl,
                     .short_desc = "Sets the curve to use for ECDH.",
                     .variable = &g_ssl_ecdh_curve,
                     .boot = "prime256v1",
                     .flags = flag::kSuperuserOnly});
  guc::DefineEnum({.name = "ssl_min_protocol_version",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kConnSsl,
                   .short_desc = "Sets the minimum SSL/TLS protocol version to use.",
                   .variable = &g_ssl_min_protocol_version,
                   .boot = static_cast<int>(TlsProtocolVersion::kTls12),
                   .options = kTlsMinVersions});
  guc::DefineEnum({.name = "ssl_max_protocol_version",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kConnSsl,
                   .short_desc = "Sets the maximum SSL/TLS protocol version to use.",
                   .variable = &g_ssl_max_protocol_version,
                   .boot = static_cast<int>(TlsProtocolVersion::kAny),
                   .options = kTlsMaxVersions});
}

void RegisterAuthGucs() {
  guc::DefineInt({.name = "authentication_timeout",
                  .context = GucContext::kSighup,
                  .group = GucGroup::kConnAuth,
                  .short_desc = "Sets the maximum allowed time to complete client authentication.",
                  .variable = &g_authentication_timeout_s,
                  .boot = 60,
                  .min = 1,
                  .max = 600,
                  .unit = GucUnit::kS});
  guc::DefineEnum({.name = "password_encryption",
                   .context = GucContext::kUser,
                   .group = GucGroup::kConnAuth,
                   .short_desc = "Chooses the algorithm for encrypting passwords.",
                   .variable = &g_password_encryption,
                   .boot = static_cast<int>(PasswordEncryption::kScramSha256),
                   .options = kPasswordEncryptions});
  guc::DefineBool({.name = "ssl",
                   .context = GucContext::kSighup,
                   .group = GucGroup::kConnSsl,
                   .short_desc = "Enables SSL connections.",
                   .variable = &g_ssl,
                   .boot = false});
  guc::DefineString({.name = "ssl_cert_file",
                     .context = GucContext::kSighup,
                     .group = GucGroup::kConnSsl,
                     .short_desc = "Location of the SSL server certificate file.",
                     .variable = &g_ssl_cert_file,
                     .boot = "server.crt"});
  guc::DefineString({.name = "ssl_key_file",
                     .context = GucContext::kSighup,
                     .group = GucGroup::kConnSsl,
                     .short_desc = "Location of the SSL server private key file.",
                     .variable = &g_ssl_key_file,
                     .boot = "server.key"});
  guc::DefineString({.name = "ssl_ca_file",
                     .context = GucContext::kSighup,
                     .group = GucGroup::kConnSsl,
                     .short_desc = "Location of the SSL certificate authority file.",
                     .variable = &g_ssl_ca_file,
                     .boot = ""});
  RegisterSslCipherGucs();
}

void DefineTimeoutMs(std::string_view name, int* variable, std::string_view description) {
  guc::DefineInt({.name = name,
                  .context = GucContext::kUser,
                  .group = GucGroup::kClientStatement,
                  .short_desc = description,
                  .variable = variable,
                  .boot = 0,
                  .min = 0,
                  .max = INT_MAX,
                  .unit = GucUnit::kMs});
}

// pg_stat_activity shows the current application_name (PostgreSQL's
// assign_application_name).
void PublishApplicationName(const std::string& name) {
  storage::ReportApplicationName(name);
}

void RegisterSessionGucs() {
  DefineTimeoutMs("statement_timeout", &g_statement_timeout_ms,
                  "Sets the maximum allowed duration of any statement.");
  DefineTimeoutMs("idle_in_transaction_session_timeout", &g_idle_in_transaction_session_timeout_ms,
                  "Sets the maximum allowed idle time between queries, when in a transaction.");
  DefineTimeoutMs("idle_session_timeout", &g_idle_session_timeout_ms,
                  "Sets the maximum allowed idle time between queries, when not in a "
                  "transaction.");
  guc::DefineEnum(
      {.name = "client_min_messages",
       .context = GucContext::kUser,
       .group = GucGroup::kClientStatement,
       .short_desc = "Sets the message levels that are sent to the client.",
       .boot = 18,
       .options = kClientMessageLevels,
       .assign = [](const int& level) { g_client_min_messages = SeverityForLevel(level); }});
  guc::DefineString({.name = "application_name",
                     .context = GucContext::kUser,
                     .group = GucGroup::kLoggingWhat,
                     .short_desc = "Sets the application name to be reported in statistics "
                                   "and logs.",
                     .variable = &g_application_name,
                     .boot = "",
                     .flags = flag::kIsName | flag::kReport | flag::kNotInSample,
                     .check = CheckPrintableAscii,
                     .assign = PublishApplicationName});
}

void RegisterLoggingGucs() {
  guc::DefineEnum(
      {.name = "log_min_messages",
       .context = GucContext::kSuperuser,
       .group = GucGroup::kLoggingWhen,
       .short_desc = "Sets the message levels that are logged.",
       .boot = 19,
       .options = kServerMessageLevels,
       .assign = [](const int& level) { log::g_min_severity = SeverityForLevel(level); }});
  guc::DefineBool({.name = "log_connections",
                   .context = GucContext::kSuperuserBackend,
                   .group = GucGroup::kLoggingWhat,
                   .short_desc = "Logs each successful connection.",
                   .variable = &g_log_connections});
  guc::DefineBool({.name = "log_disconnections",
                   .context = GucContext::kSuperuserBackend,
                   .group = GucGroup::kLoggingWhat,
                   .short_desc = "Logs end of a session, including duration.",
                   .variable = &g_log_disconnections});
  guc::DefineString({.name = "cluster_name",
                     .context = GucContext::kPostmaster,
                     .group = GucGroup::kProcessTitle,
                     .short_desc = "Sets the name of the cluster, which is included in the "
                                   "process title.",
                     .variable = &g_cluster_name,
                     .boot = "",
                     .flags = flag::kIsName,
                     .check = CheckPrintableAscii});
  guc::DefineBool({.name = "update_process_title",
                   .context = GucContext::kSuperuser,
                   .group = GucGroup::kProcessTitle,
                   .short_desc = "Updates the process title to show the active SQL command.",
                   .variable = &g_update_process_title,
                   .boot = true});
}

void RegisterFileGucs() {
  constexpr uint32_t kFileFlags = flag::kSuperuserOnly;
  guc::DefineString({.name = "data_directory",
                     .context = GucContext::kPostmaster,
                     .group = GucGroup::kFileLocations,
                     .short_desc = "Sets the server's data directory.",
                     .variable = &g_data_directory,
                     .boot = "",
                     .flags = kFileFlags});
  guc::DefineString({.name = "config_file",
                     .context = GucContext::kPostmaster,
                     .group = GucGroup::kFileLocations,
                     .short_desc = "Sets the server's main configuration file.",
                     .variable = &g_config_file,
                     .boot = "",
                     .flags = kFileFlags | flag::kNotInSample});
  guc::DefineString({.name = "hba_file",
                     .context = GucContext::kPostmaster,
                     .group = GucGroup::kFileLocations,
                     .short_desc = "Sets the server's \"hba\" configuration file.",
                     .variable = &g_hba_file,
                     .boot = "",
                     .flags = flag::kSuperuserOnly});
}

}  // namespace

void RegisterConnectionGucs() {
  RegisterListenGucs();
  RegisterAuthGucs();
  RegisterSessionGucs();
  RegisterLoggingGucs();
  RegisterFileGucs();
}

}  // namespace hyrax::server::config
