// The certificates `hyrax init` creates so that TLS works out of the box: a self-signed
// certificate authority (root.crt, root.key) and a server certificate it signs (server.crt,
// server.key) for CN=localhost with subjectAltName DNS:localhost, IP:127.0.0.1, IP:::1.
// Built with the OpenSSL 3 API (ECDSA P-256 keys, SHA-256 signatures, 10-year validity).
// server/tls/README.md "Certificates from hyrax init".
#pragma once

#include <string>

namespace hyrax::server::tls {

inline constexpr const char* kRootCertificateFile = "root.crt";
inline constexpr const char* kRootKeyFile = "root.key";
inline constexpr const char* kServerCertificateFile = "server.crt";
inline constexpr const char* kServerKeyFile = "server.key";
inline constexpr int kCertificateValidityDays = 3650;

// Writes the four files into `directory` (which must exist): keys with mode 0600,
// certificates with mode 0644. Existing files are replaced. Throws Error 58030
// ("could not write file \"%s\": %m") or XX000 when OpenSSL fails.
void GenerateCertificates(const std::string& directory);

}  // namespace hyrax::server::tls
