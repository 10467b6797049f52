// Stored-password formats and their checks (see server/auth/password_crypt.h), following
// PostgreSQL's crypt.c (get_password_type, encrypt_password, plain_crypt_verify,
// md5_crypt_verify) and scram-common.c (scram_build_secret, parse_scram_secret).
#include "server/auth/password_crypt.h"

#include <charconv>

#include <fmt/format.h>

#include "common/error.h"
#include "server/auth/auth_crypto.h"
#include "server/auth/saslprep.h"
#include "server/config/server_gucs.h"

namespace hyrax::server::auth {

namespace {

std::string ScramClientKey(std::string_view salted_password) {
  return HmacSha256(salted_password, "Client Key");
}

std::string ScramServerKey(std::string_view salted_password) {
  return HmacSha256(salted_password, "Server Key");
}

// Splits "a<sep>b" at the first `separator`; false when it is absent.
bool SplitAt(std::string_view text, char separator, std::string_view* head,
             std::string_view* tail) {
  size_t pos = text.find(separator);
  if (pos == std::string_view::npos) return false;
  *head = text.substr(0, pos);
  *tail = text.substr(pos + 1);
  return true;
}

}  // namespace

PasswordType GetPasswordType(std::string_view password) {
  if (password.size() == kMd5PasswordLength && password.starts_with("md5") &&
      password.find_first_not_of("0123456789abcdef", 3) == std::string_view::npos) {
    return PasswordType::kMd5;
  }
  if (ParseScramSecret(password)) return PasswordType::kScramSha256;
  return PasswordType::kPlaintext;
}

PasswordType ConfiguredPasswordType() {
  return config::g_password_encryption == static_cast<int>(config::PasswordEncryption::kMd5)
             ? PasswordType::kMd5
             : PasswordType::kScramSha256;
}

std::string Md5Encrypt(std::string_view password, std::string_view salt) {
  std::string input(password);
  input.append(salt);
  return "md5" + Md5Hex(input);
}

std::string EncryptPassword(std::string_view role, std::string_view password, PasswordType type) {
  if (GetPasswordType(password) != PasswordType::kPlaintext) return std::string(password);
  switch (type) {
    case PasswordType::kMd5:
      return Md5Encrypt(password, role);
    case PasswordType::kScramSha256:
      return FormatScramSecret(BuildScramSecret(
          password, StrongRandomBytes(kScramDefaultSaltLength), kScramDefaultIterations));
    case PasswordType::kPlaintext:
      break;
  }
  throw Error(errcode::kInternalError, "cannot encrypt password with 'plaintext'");
}

std::string EncryptPassword(std::string_view role, std::string_view password) {
  return EncryptPassword(role, password, ConfiguredPasswordType());
}

std::optional<ScramSecret> ParseScramSecret(std::string_view text) {
  std::string_view scheme, rest, iterations_text, salt_text, stored_text, server_text;
  if (!SplitAt(text, '$', &scheme, &rest) || scheme != "SCRAM-SHA-256") return std::nullopt;
  if (!SplitAt(rest, ':', &iterations_text, &rest)) return std::nullopt;
  if (!SplitAt(rest, '$', &salt_text, &rest)) return std::nullopt;
  if (!SplitAt(rest, ':', &stored_text, &server_text)) return std::nullopt;
  ScramSecret secret;
  auto [end, error] = std::from_chars(
      iterations_text.data(), iterations_text.data() + iterations_text.size(), secret.iterations);
  if (error != std::errc() || end != iterations_text.data() + iterations_text.size() ||
      iterations_text.empty() || secret.iterations <= 0) {
    return std::nullopt;
  }
  std::optional<std::string> salt = Base64Decode(salt_text);
  std::optional<std::string> stored_key = Base64Decode(stored_text);
  std::optional<std::string> server_key = Base64Decode(server_text);
  if (!salt || salt->empty() || !stored_key || stored_key->size() != kSha256Length || !server_key ||
      server_key->size() != kSha256Length) {
    return std::nullopt;
  }
  secret.salt = std::move(*salt);
  secret.stored_key = std::move(*stored_key);
  secret.server_key = std::move(*server_key);
  return secret;
}

std::string FormatScramSecret(const ScramSecret& secret) {
  return fmt::format("SCRAM-SHA-256${}:{}${}:{}", secret.iterations, Base64Encode(secret.salt),
                     Base64Encode(secret.stored_key), Base64Encode(secret.server_key));
}

ScramSecret BuildScramSecret(std::string_view password, std::string_view salt, int iterations) {
  std::string salted = Pbkdf2Sha256(PreparePassword(password), salt, iterations);
  ScramSecret secret;
  secret.iterations = iterations;
  secret.salt = std::string(salt);
  secret.stored_key = Sha256(ScramClientKey(salted));
  secret.server_key = ScramServerKey(salted);
  return secret;
}

bool VerifyPlainPassword(std::string_view role, std::string_view stored,
                         std::string_view client_password, std::string* log_detail) {
  bool match = false;
  switch (GetPasswordType(stored)) {
    case PasswordType::kScramSha256: {
      ScramSecret secret = *ParseScramSecret(stored);
      std::string salted =
          Pbkdf2Sha256(PreparePassword(client_password), secret.salt, secret.iterations);
      match = ConstantTimeEquals(ScramServerKey(salted), secret.server_key);
      break;
    }
    case PasswordType::kMd5:
      match = ConstantTimeEquals(Md5Encrypt(client_password, role), stored);
      break;
    case PasswordType::kPlaintext:
      *log_detail = fmt::format("Password of user \"{}\" is in unrecognized format.", role);
      return false;
  }
  if (!match) *log_detail = fmt::format("Password does not match for user \"{}\".", role);
  return match;
}

bool VerifyMd5Response(std::string_view role, std::string_view stored, std::string_view response,
                       std::string_view salt, std::string* log_detail) {
  if (GetPasswordType(stored) != PasswordType::kMd5) {
    *log_detail = fmt::format(
        "User \"{}\" has a password that cannot be used with MD5 authentication.", role);
    return false;
  }
  if (ConstantTimeEquals(Md5Encrypt(stored.substr(3), salt), response)) return true;
  *log_detail = fmt::format("Password does not match for user \"{}\".", role);
  return false;
}

}  // namespace hyrax::server::auth
