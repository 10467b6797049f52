// What this backend's connection negotiated, for pg_stat_ssl / ssl_* functions and SHOW:
// set by the session after a TLS handshake, read by the engine (PostgreSQL's
// be_tls_get_version, be_tls_get_cipher, be_tls_get_cipher_bits, be_tls_get_peer_*).
// server/tls/README.md "Connection facts".
#pragma once

#include <optional>
#include <string>

namespace hyrax::server::tls {

struct TlsConnectionInfo {
  std::string version;  // "TLSv1.3"
  std::string cipher;   // "TLS_AES_256_GCM_SHA384"
  int bits = 0;         // symmetric key bits
  // From the client certificate, empty without one: subject and issuer in OpenSSL's
  // one-line form ("/CN=alice"), serial number in decimal.
  std::string client_dn;
  std::string client_serial;
  std::string issuer_dn;
  // The client certificate's common name (hba clientcert=verify-full); nullopt without a
  // certificate, empty when it has none.
  std::optional<std::string> client_cn;
};

// The facts of this process's client connection; nullopt when it is not encrypted (or in
// a process that serves no client). Valid until the next SetCurrentTlsConnection.
const std::optional<TlsConnectionInfo>& CurrentTlsConnection();
// Called by the session once the handshake completed.
void SetCurrentTlsConnection(std::optional<TlsConnectionInfo> info);

}  // namespace hyrax::server::tls
