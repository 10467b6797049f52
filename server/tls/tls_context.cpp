// Building and (re)loading the server's SSL_CTX (see server/tls/tls_context.h). The checks,
// options and message texts follow PostgreSQL's be_tls_init and
// check_ssl_key_file_permissions (be-secure-common.c).
#include "server/tls/tls_context.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/err.h>
#include <sys/stat.h>

#include "common/error.h"
#include "common/logging.h"
#include "server/config/server_gucs.h"

namespace hyrax::server::tls {

namespace {

SslCtxPtr g_context;  // the process's context; copied into every forked backend

Error ConfigError(std::string message) {
  return Error(errcode::kConfigFileError, std::move(message));
}

int OpenSslVersion(int guc_value) {
  switch (static_cast<config::TlsProtocolVersion>(guc_value)) {
    case config::TlsProtocolVersion::kTls12:
      return TLS1_2_VERSION;
    case config::TlsProtocolVersion::kTls13:
      return TLS1_3_VERSION;
    case config::TlsProtocolVersion::kAny:
      break;
  }
  return 0;
}

// PostgreSQL refuses key files others could read: 0600 or less when owned by us, 0640 or
// less when owned by root (so a system-wide key readable through a group works).
void CheckKeyFilePermissions(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    throw Error(errcode::kUndefinedFile, fmt::format("could not access private key file \"{}\": {}",
                                                     path, std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    throw ConfigError(fmt::format("private key file \"{}\" is not a regular file", path));
  }
  if (info.st_uid != geteuid() && info.st_uid != 0) {
    throw ConfigError(
        fmt::format("private key file \"{}\" must be owned by the database user or root", path));
  }
  if ((info.st_uid == geteuid() && (info.st_mode & (S_IRWXG | S_IRWXO))) ||
      (info.st_uid == 0 && (info.st_mode & (S_IWGRP | S_IXGRP | S_IRWXO)))) {
    throw ConfigError(fmt::format("private key file \"{}\" has group or world access", path))
        .Detail(
            "File must have permissions u=rw (0600) or less if owned by the database user, or "
            "permissions u=rw,g=r (0640) or less if owned by root.");
  }
}

void LoadCertificateAndKey(SSL_CTX* context, const TlsSettings& settings) {
  if (SSL_CTX_use_certificate_chain_file(context, settings.cert_file.c_str()) != 1) {
    throw ConfigError(fmt::format("could not load server certificate file \"{}\": {}",
                                  settings.cert_file, TakeOpenSslError()));
  }
  CheckKeyFilePermissions(settings.key_file);
  // No passphrase prompt: a key that needs one fails to load (PostgreSQL's reload rule,
  // applied at start too, since the postmaster has no terminal to ask on).
  SSL_CTX_set_default_passwd_cb(context, [](char*, int, int, void*) { return 0; });
  if (SSL_CTX_use_PrivateKey_file(context, settings.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw ConfigError(fmt::format("could not load private key file \"{}\": {}", settings.key_file,
                                  TakeOpenSslError()));
  }
  if (SSL_CTX_check_private_key(context) != 1) {
    throw ConfigError(fmt::format("check of private key failed: {}", TakeOpenSslError()));
  }
}

void SetProtocolVersions(SSL_CTX* context, const TlsSettings& settings) {
  if (!SSL_CTX_set_min_proto_version(context, settings.min_protocol_version)) {
    throw ConfigError("could not set minimum SSL protocol version");
  }
  if (!SSL_CTX_set_max_proto_version(context, settings.max_protocol_version)) {
    throw ConfigError("could not set maximum SSL protocol version");
  }
  if (settings.max_protocol_version != 0 &&
      settings.min_protocol_version > settings.max_protocol_version) {
    throw ConfigError("could not set SSL protocol version range")
        .Detail("\"ssl_min_protocol_version\" cannot be higher than \"ssl_max_protocol_version\"");
  }
}

void LoadClientCa(SSL_CTX* context, const std::string& ca_file) {
  STACK_OF(X509_NAME)* names = nullptr;
  if (SSL_CTX_load_verify_locations(context, ca_file.c_str(), nullptr) != 1 ||
      (names = SSL_load_client_CA_file(ca_file.c_str())) == nullptr) {
    throw ConfigError(fmt::format("could not load root certificate file \"{}\": {}", ca_file,
                                  TakeOpenSslError()));
  }
  SSL_CTX_set_client_CA_list(context, names);  // the context owns the list now
  // Ask for a client certificate but do not require one: hba.conf decides (clientcert=).
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, nullptr);
}

}  // namespace

TlsSettings SettingsFromGucs() {
  TlsSettings settings;
  settings.cert_file = config::g_ssl_cert_file;
  settings.key_file = config::g_ssl_key_file;
  settings.ca_file = config::g_ssl_ca_file;
  settings.ciphers = config::g_ssl_ciphers;
  settings.prefer_server_ciphers = config::g_ssl_prefer_server_ciphers;
  settings.ecdh_curve = config::g_ssl_ecdh_curve;
  settings.min_protocol_version = OpenSslVersion(config::g_ssl_min_protocol_version);
  settings.max_protocol_version = OpenSslVersion(config::g_ssl_max_protocol_version);
  return settings;
}

SslCtxPtr BuildServerContext(const TlsSettings& settings) {
  ERR_clear_error();
  SslCtxPtr context(SSL_CTX_new(TLS_server_method()));
  if (!context) {
    throw ConfigError(fmt::format("could not create SSL context: {}", TakeOpenSslError()));
  }
  LoadCertificateAndKey(context.get(), settings);
  SetProtocolVersions(context.get(), settings);
  SSL_CTX_set_options(context.get(), SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION |
                                         SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_session_cache_mode(context.get(), SSL_SESS_CACHE_OFF);
  // PostgreSQL ships fixed DH parameters; OpenSSL's automatic choice serves the same end.
  SSL_CTX_set_dh_auto(context.get(), 1);
  if (SSL_CTX_set1_groups_list(context.get(), settings.ecdh_curve.c_str()) != 1) {
    ERR_clear_error();
    throw ConfigError(fmt::format("ECDH: unrecognized curve name: {}", settings.ecdh_curve));
  }
  if (SSL_CTX_set_cipher_list(context.get(), settings.ciphers.c_str()) != 1) {
    ERR_clear_error();
    throw ConfigError("could not set the cipher list (no valid ciphers available)");
  }
  if (settings.prefer_server_ciphers) {
    SSL_CTX_set_options(context.get(), SSL_OP_CIPHER_SERVER_PREFERENCE);
  }
  if (!settings.ca_file.empty()) LoadClientCa(context.get(), settings.ca_file);
  return context;
}

void LoadServerTls(bool is_server_start) {
  if (!config::g_ssl) {
    g_context.reset();
    return;
  }
  try {
    g_context = BuildServerContext(SettingsFromGucs());
  } catch (Error& error) {
    if (is_server_start) {
      error.SetSeverity(Severity::kFatal);
      throw;
    }
    log::Emit(Severity::kLog, error.message());
    log::Emit(Severity::kLog, "SSL configuration was not reloaded");
  }
}

bool ServerTlsEnabled() {
  return config::g_ssl && g_context != nullptr;
}

bool ServerTlsVerifiesClients() {
  return g_context && (SSL_CTX_get_verify_mode(g_context.get()) & SSL_VERIFY_PEER) != 0;
}

SSL_CTX* ServerTlsContext() {
  return g_context.get();
}

}  // namespace hyrax::server::tls
