// The server's TLS configuration (PostgreSQL's be_tls_init / secure_initialize): one
// SSL_CTX built from ssl_cert_file, ssl_key_file, ssl_ca_file, ssl_ciphers,
// ssl_prefer_server_ciphers, ssl_ecdh_curve and ssl_min/max_protocol_version. The postmaster
// builds it at start (a bad file stops the start) and on SIGHUP (a bad file keeps the old
// context); forked backends inherit it. server/tls/README.md "Set-up".
#pragma once

#include <string>

#include "server/tls/openssl_handles.h"

namespace hyrax::server::tls {

// Everything a server context is built from. Paths are relative to the current directory
// (the data directory in a running server).
struct TlsSettings {
  std::string cert_file = "server.crt";
  std::string key_file = "server.key";
  std::string ca_file;  // empty: client certificates are not requested
  std::string ciphers = "HIGH:MEDIUM:+3DES:!aNULL";
  bool prefer_server_ciphers = true;
  std::string ecdh_curve = "prime256v1";
  int min_protocol_version = TLS1_2_VERSION;  // OpenSSL version numbers
  int max_protocol_version = 0;               // 0 = the highest OpenSSL supports
};

// The settings from the ssl* GUCs (server/config/server_gucs.h).
TlsSettings SettingsFromGucs();

// Builds a server context: TLS 1.2 or later, no session tickets or caching, no compression
// or renegotiation, the cipher list with server preference, and, when a CA file is given,
// optional client certificates checked against it. Throws Error F0000 (severity ERROR) with
// PostgreSQL's texts: "could not load server certificate file \"%s\": %s", "private key
// file \"%s\" has group or world access" (and the other key-file permission checks), "could
// not load private key file \"%s\": %s", "check of private key failed: %s", "could not set
// the cipher list (no valid ciphers available)", "ECDH: unrecognized curve name: %s",
// "could not load root certificate file \"%s\": %s".
SslCtxPtr BuildServerContext(const TlsSettings& settings);

// (Re)loads this process's context from the GUCs. With ssl = off the context is dropped.
// At server start a failure throws the Error of BuildServerContext as FATAL; on reload it
// is logged, followed by "SSL configuration was not reloaded", and the previous context
// (if any) stays in force, as in PostgreSQL.
void LoadServerTls(bool is_server_start);

// True when an SSLRequest is answered 'S': ssl = on and a context is loaded.
bool ServerTlsEnabled();
// True when the loaded context asks clients for certificates (ssl_ca_file was loaded).
bool ServerTlsVerifiesClients();
// The loaded context, or nullptr. Owned by this module; valid until the next LoadServerTls.
SSL_CTX* ServerTlsContext();

}  // namespace hyrax::server::tls
