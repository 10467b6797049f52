// The password, md5 and scram-sha-256 methods (see server/auth/password_methods.h),
// following PostgreSQL's auth.c (CheckPasswordAuth, CheckPWChallengeAuth, CheckMD5Auth,
// recv_password_packet) and crypt.c (get_role_password).
#include "server/auth/password_methods.h"

#include <ctime>

#include <fmt/format.h>

#include "common/error.h"
#include "server/auth/auth_crypto.h"
#include "server/auth/password_crypt.h"
#include "server/auth/sasl_authenticator.h"
#include "server/protocol/auth_messages.h"

namespace hyrax::server::auth {

namespace {

int64_t Now(const AuthTarget& target) {
  return target.now ? target.now() : static_cast<int64_t>(std::time(nullptr));
}

// Reads a PasswordMessage (recv_password_packet); nullopt when the client left.
std::optional<std::string> ReceivePassword(AuthExchange& exchange) {
  std::optional<std::string> body = exchange.Receive(ResponseKind::kPassword);
  if (!body) return std::nullopt;
  std::string password = protocol::DecodePasswordMessage(*body).password;
  if (password.empty()) {
    // libpq never sends one; other clients could, and external checks would accept it.
    throw Error(errcode::kInvalidPassword, "empty password returned by client", Severity::kFatal);
  }
  return password;
}

class PasswordAuthenticator final : public Authenticator {
 public:
  AuthResult Authenticate(AuthExchange& exchange, const AuthTarget& target) override {
    exchange.Send({protocol::AuthRequest::kCleartextPassword, {}, {}});
    std::optional<std::string> password = ReceivePassword(exchange);
    if (!password) return {AuthStatus::kClientGone, {}};
    AuthResult result;
    std::optional<std::string> stored = GetRolePassword(target, &result.log_detail);
    if (stored && VerifyPlainPassword(target.user, *stored, *password, &result.log_detail)) {
      return {AuthStatus::kOk, {}};
    }
    return result;
  }
};

class ChallengeAuthenticator final : public Authenticator {
 public:
  explicit ChallengeAuthenticator(AuthMethod method) : method_(method) {}

  AuthResult Authenticate(AuthExchange& exchange, const AuthTarget& target) override {
    std::string log_detail;
    std::optional<std::string> stored = GetRolePassword(target, &log_detail);
    // Without a usable password, pretend the role has one of the configured kind: that is
    // what most genuine roles have, so the exchange blends in (CheckPWChallengeAuth).
    PasswordType type = stored ? GetPasswordType(*stored) : ConfiguredPasswordType();
    if (method_ == AuthMethod::kMd5 && type == PasswordType::kMd5) {
      return Md5Exchange(exchange, target, stored, std::move(log_detail));
    }
    std::optional<ScramSecret> secret;
    if (stored) {
      secret = ParseScramSecret(*stored);
      if (!secret) {
        log_detail = fmt::format("User \"{}\" does not have a valid SCRAM secret.", target.user);
      }
    }
    AuthResult result =
        RunScramAuthentication(exchange, target, std::move(secret), std::move(log_detail));
    if (!stored && result.status == AuthStatus::kOk) result.status = AuthStatus::kFailed;
    return result;
  }

 private:
  static AuthResult Md5Exchange(AuthExchange& exchange, const AuthTarget& target,
                                const std::optional<std::string>& stored, std::string log_detail) {
    std::string salt = StrongRandomBytes(4);
    exchange.Send({protocol::AuthRequest::kMd5Password, salt, {}});
    std::optional<std::string> response = ReceivePassword(exchange);
    if (!response) return {AuthStatus::kClientGone, {}};
    if (stored && VerifyMd5Response(target.user, *stored, *response, salt, &log_detail)) {
      return {AuthStatus::kOk, {}};
    }
    return {AuthStatus::kFailed, std::move(log_detail)};
  }

  AuthMethod method_;
};

}  // namespace

std::unique_ptr<Authenticator> MakePasswordAuthenticator() {
  return std::make_unique<PasswordAuthenticator>();
}

std::unique_ptr<Authenticator> MakeChallengeAuthenticator(AuthMethod method) {
  return std::make_unique<ChallengeAuthenticator>(method);
}

std::optional<std::string> GetRolePassword(const AuthTarget& target, std::string* log_detail) {
  std::optional<RoleInfo> role = target.lookup_role ? target.lookup_role() : std::nullopt;
  if (!role) {
    *log_detail = fmt::format("Role \"{}\" does not exist.", target.user);
    return std::nullopt;
  }
  if (!role->password) {
    *log_detail = fmt::format("User \"{}\" has no password assigned.", target.user);
    return std::nullopt;
  }
  if (role->valid_until && *role->valid_until < Now(target)) {
    *log_detail = fmt::format("User \"{}\" has an expired password.", target.user);
    return std::nullopt;
  }
  return role->password;
}

}  // namespace hyrax::server::auth
