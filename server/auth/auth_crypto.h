// The cryptographic primitives of password authentication, over OpenSSL's EVP API: SHA-256,
// HMAC-SHA-256, PBKDF2-HMAC-SHA-256 (SCRAM's Hi), MD5 in hex, base64 as SCRAM and
// PostgreSQL write it, strong random bytes and constant-time comparison. Byte strings are
// std::string. server/auth/README.md "Password storage".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hyrax::server::auth {

inline constexpr size_t kSha256Length = 32;

std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
// PBKDF2-HMAC-SHA-256 with a 32-byte output: SCRAM's Hi(password, salt, iterations).
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);
// The 32 lower-case hex digits of MD5(data).
std::string Md5Hex(std::string_view data);

// Standard base64 with padding (RFC 4648 section 4).
std::string Base64Encode(std::string_view data);
// Decodes base64 as PostgreSQL's pg_b64_decode does: white space is skipped, padding is
// only allowed at the end. nullopt for anything else.
std::optional<std::string> Base64Decode(std::string_view text);

// `count` bytes from the operating system's strong random source. Throws Error XX000 when
// none is available.
std::string StrongRandomBytes(size_t count);

// Equality without an early exit (no timing oracle on secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace hyrax::server::auth
