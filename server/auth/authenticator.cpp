// The authentication methods (see server/auth/authenticator.h). Message texts follow
// PostgreSQL's auth.c (ClientAuthentication, auth_failed).
#include "server/auth/authenticator.h"

#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::server::auth {

namespace {

std::string EncryptionText(bool is_ssl) {
  return is_ssl ? "SSL encryption" : "no encryption";
}

class TrustAuthenticator final : public Authenticator {
 public:
  void Authenticate(AuthExchange&, const AuthTarget&) override {}
};

class RejectAuthenticator final : public Authenticator {
 public:
  explicit RejectAuthenticator(bool is_ssl) : is_ssl_(is_ssl) {}
  void Authenticate(AuthExchange&, const AuthTarget& target) override {
    throw Error(errcode::kInvalidAuthorizationSpecification,
                fmt::format("pg_hba.conf rejects connection for host \"{}\", user \"{}\", "
                            "database \"{}\", {}",
                            target.host, target.user, target.database, EncryptionText(is_ssl_)),
                Severity::kFatal);
  }

 private:
  bool is_ssl_;
};

// TODO(#tls): password, md5 and scram-sha-256 (SASL with SCRAM-SHA-256, no -PLUS without
// TLS) land with the TLS issue; until then a line naming them refuses the connection.
class UnsupportedAuthenticator final : public Authenticator {
 public:
  explicit UnsupportedAuthenticator(AuthMethod method) : method_(method) {}
  void Authenticate(AuthExchange&, const AuthTarget&) override {
    throw Error(errcode::kInvalidAuthorizationSpecification,
                fmt::format("authentication method \"{}\" not supported", AuthMethodName(method_)),
                Severity::kFatal);
  }

 private:
  AuthMethod method_;
};

}  // namespace

std::unique_ptr<Authenticator> MakeAuthenticator(const HbaLine& line) {
  switch (line.method) {
    case AuthMethod::kTrust:
      return std::make_unique<TrustAuthenticator>();
    case AuthMethod::kReject:
      return std::make_unique<RejectAuthenticator>(line.type == ConnectionType::kHostSsl);
    default:
      return std::make_unique<UnsupportedAuthenticator>(line.method);
  }
}

Error NoHbaEntryError(const AuthTarget& target, bool is_ssl) {
  return Error(errcode::kInvalidAuthorizationSpecification,
               fmt::format("no pg_hba.conf entry for host \"{}\", user \"{}\", database \"{}\", {}",
                           target.host, target.user, target.database, EncryptionText(is_ssl)),
               Severity::kFatal);
}

}  // namespace hyrax::server::auth
