// Stored passwords (pg_authid.rolpassword) as PostgreSQL 15 writes and checks them
// (crypt.c, scram-common.c): "md5" + md5(password || role) or a SCRAM-SHA-256 secret
// "SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>".
// EncryptPassword is what CREATE ROLE / ALTER ROLE ... PASSWORD call; the verify functions
// serve the password and md5 authentication methods. server/auth/README.md "Password
// storage".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hyrax::server::auth {

enum class PasswordType { kPlaintext, kMd5, kScramSha256 };

inline constexpr int kScramDefaultIterations = 4096;
inline constexpr size_t kScramDefaultSaltLength = 16;
inline constexpr size_t kMd5PasswordLength = 35;  // "md5" + 32 hex digits

// What a stored (or given) password is: an md5 hash, a well-formed SCRAM secret, or
// anything else (plaintext). PostgreSQL's get_password_type.
PasswordType GetPasswordType(std::string_view password);

// The type password_encryption selects (server/config: md5 or scram-sha-256).
PasswordType ConfiguredPasswordType();

// The value to store for `password` of `role`: a SCRAM-SHA-256 secret (random 16-byte salt,
// 4096 iterations, SASLprep'd password) or an md5 hash, per `type`. A password that already
// is an md5 hash or SCRAM secret is returned unchanged, whatever `type` says (PostgreSQL's
// rule: a hash cannot be converted). Requires: `type` is not kPlaintext (throws Error XX000
// "cannot encrypt password with 'plaintext'"). The caller refuses empty passwords.
std::string EncryptPassword(std::string_view role, std::string_view password, PasswordType type);
// EncryptPassword with ConfiguredPasswordType().
std::string EncryptPassword(std::string_view role, std::string_view password);

// "md5" + md5hex(password || salt): pg_md5_encrypt. The stored md5 form uses the role
// name as salt; the md5 challenge response uses the hex digits of the stored hash as the
// password and the 4 random bytes as salt.
std::string Md5Encrypt(std::string_view password, std::string_view salt);

// A parsed SCRAM-SHA-256 secret.
struct ScramSecret {
  int iterations = kScramDefaultIterations;
  std::string salt;        // raw bytes
  std::string stored_key;  // H(ClientKey), 32 bytes
  std::string server_key;  // HMAC(SaltedPassword, "Server Key"), 32 bytes
};

// Parses the stored form; nullopt when it is not exactly a SCRAM-SHA-256 secret.
std::optional<ScramSecret> ParseScramSecret(std::string_view text);
std::string FormatScramSecret(const ScramSecret& secret);
// Derives the secret of `password` (SASLprep'd here) with the given salt and iterations.
ScramSecret BuildScramSecret(std::string_view password, std::string_view salt, int iterations);

// The check of the `password` method: `client_password` (sent in clear) against the stored
// `stored` of `role`, PostgreSQL's plain_crypt_verify. On failure returns false and sets
// `log_detail` ("Password does not match for user \"%s\".", "Password of user \"%s\" is in
// unrecognized format.").
bool VerifyPlainPassword(std::string_view role, std::string_view stored,
                         std::string_view client_password, std::string* log_detail);

// The check of the md5 method's response (md5_crypt_verify): `response` must equal
// Md5Encrypt(stored without "md5", salt). A stored SCRAM secret cannot be used ("User
// \"%s\" has a password that cannot be used with MD5 authentication.").
bool VerifyMd5Response(std::string_view role, std::string_view stored, std::string_view response,
                       std::string_view salt, std::string* log_detail);

}  // namespace hyrax::server::auth
