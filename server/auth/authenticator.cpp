// The method dispatch and the trust / reject methods (see server/auth/authenticator.h).
// Message texts follow PostgreSQL's auth.c (ClientAuthentication, auth_failed).
#include "server/auth/authenticator.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/logging.h"
#include "server/auth/password_methods.h"

namespace hyrax::server::auth {

namespace {

std::string EncryptionText(bool is_ssl) {
  return is_ssl ? "SSL encryption" : "no encryption";
}

class TrustAuthenticator final : public Authenticator {
 public:
  AuthResult Authenticate(AuthExchange&, const AuthTarget&) override {
    return {AuthStatus::kOk, {}};
  }
};

class RejectAuthenticator final : public Authenticator {
 public:
  AuthResult Authenticate(AuthExchange&, const AuthTarget& target) override {
    throw Error(
        errcode::kInvalidAuthorizationSpecification,
        fmt::format("pg_hba.conf rejects connection for host \"{}\", user \"{}\", "
                    "database \"{}\", {}",
                    target.host, target.user, target.database, EncryptionText(target.is_ssl)),
        Severity::kFatal);
  }
};

class UnsupportedAuthenticator final : public Authenticator {
 public:
  explicit UnsupportedAuthenticator(AuthMethod method) : method_(method) {}
  AuthResult Authenticate(AuthExchange&, const AuthTarget&) override {
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
      return std::make_unique<RejectAuthenticator>();
    case AuthMethod::kPassword:
      return MakePasswordAuthenticator();
    case AuthMethod::kMd5:
    case AuthMethod::kScramSha256:
      return MakeChallengeAuthenticator(line.method);
    default:
      return std::make_unique<UnsupportedAuthenticator>(line.method);
  }
}

Error AuthFailedError(const AuthTarget& target) {
  AuthMethod method = target.hba_line ? target.hba_line->method : AuthMethod::kPassword;
  if (method == AuthMethod::kPassword || method == AuthMethod::kMd5 ||
      method == AuthMethod::kScramSha256) {
    return Error(errcode::kInvalidPassword,
                 fmt::format("password authentication failed for user \"{}\"", target.user),
                 Severity::kFatal);
  }
  return Error(errcode::kInvalidAuthorizationSpecification,
               fmt::format("authentication failed for user \"{}\"", target.user), Severity::kFatal);
}

namespace {

// The line's clientcert value, or nullptr.
const std::string* ClientCertOption(const AuthTarget& target) {
  if (!target.hba_line) return nullptr;
  auto option = target.hba_line->options.find("clientcert");
  return option == target.hba_line->options.end() ? nullptr : &option->second;
}

}  // namespace

void CheckClientCertificate(const AuthTarget& target) {
  if (!ClientCertOption(target)) return;
  if (!target.client_ca_loaded) {
    throw Error(errcode::kConfigFileError,
                "client certificates can only be checked if a root certificate store is "
                "available",
                Severity::kFatal);
  }
  if (!target.client_certificate_cn) {
    throw Error(errcode::kInvalidAuthorizationSpecification,
                "connection requires a valid client certificate", Severity::kFatal);
  }
}

bool ClientCertificateNameMatches(const AuthTarget& target) {
  const std::string* option = ClientCertOption(target);
  if (!option || *option != "verify-full") return true;
  if (target.client_certificate_cn && *target.client_certificate_cn == target.user) return true;
  log::Log("certificate validation (clientcert=verify-full) failed for user \"{}\": CN mismatch",
           target.user);
  return false;
}

std::string AuthFailedLogDetail(const AuthTarget& target, const std::string& reason) {
  std::string matched;
  if (target.hba_line) {
    matched = fmt::format("Connection matched pg_hba.conf line {}: \"{}\"",
                          target.hba_line->line_number, target.hba_line->raw_line);
  }
  if (reason.empty()) return matched;
  if (matched.empty()) return reason;
  return reason + "\n" + matched;
}

Error NoHbaEntryError(const AuthTarget& target, bool is_ssl) {
  return Error(errcode::kInvalidAuthorizationSpecification,
               fmt::format("no pg_hba.conf entry for host \"{}\", user \"{}\", database \"{}\", {}",
                           target.host, target.user, target.database, EncryptionText(is_ssl)),
               Severity::kFatal);
}

}  // namespace hyrax::server::auth
