// The settings owned by the server layer itself (listening, connection limits enforced by
// the postmaster, authentication, timeouts the backend arms, logging of connections,
// file locations). Bound by the GUC table in server/config/guc_table_*.cpp; read them
// directly. server/config/README.md lists every setting and its owner.
#pragma once

#include <string>

#include "common/error.h"

namespace hyrax::server::config {

// Connections and authentication.
extern std::string g_listen_addresses;  // "localhost", "*", or a comma-separated list
extern int g_port;
extern int g_authentication_timeout_s;
extern bool g_ssl;
extern std::string g_ssl_cert_file;
extern std::string g_ssl_key_file;
extern std::string g_ssl_ca_file;
extern std::string g_ssl_ciphers;
extern bool g_ssl_prefer_server_ciphers;
extern std::string g_ssl_ecdh_curve;
extern int g_ssl_min_protocol_version;  // TlsProtocolVersion value
extern int g_ssl_max_protocol_version;  // TlsProtocolVersion value; kAny = no limit
extern int g_password_encryption;       // PasswordEncryption value

enum class PasswordEncryption : int { kMd5 = 0, kScramSha256 = 1 };
// ssl_min/max_protocol_version values (PostgreSQL's numbering; TLS 1.0 and 1.1 are refused).
enum class TlsProtocolVersion : int { kAny = 0, kTls12 = 3, kTls13 = 4 };

// Session timeouts armed by the backend (milliseconds; 0 = off).
extern int g_statement_timeout_ms;
extern int g_idle_in_transaction_session_timeout_ms;
extern int g_idle_session_timeout_ms;

// Messages: which notices reach the client (client_min_messages).
extern Severity g_client_min_messages;

// Logging and process titles.
extern bool g_log_connections;
extern bool g_log_disconnections;
extern bool g_update_process_title;
extern std::string g_cluster_name;
extern std::string g_application_name;

// File locations (absolute after start-up; data_directory is the postmaster's cwd).
extern std::string g_data_directory;
extern std::string g_config_file;
extern std::string g_hba_file;

}  // namespace hyrax::server::config
