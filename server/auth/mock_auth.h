// The cluster secret behind mock authentication (PostgreSQL's mock_authentication_nonce in
// pg_control): a SCRAM exchange for a role that does not exist, or has no usable password,
// sends a salt derived from the user name and this secret, so it is stable across attempts
// and restarts and looks like a real one. Kept in the data directory file mock_auth_nonce
// (32 random bytes, mode 0600), created by `hyrax init` or at the first start.
// server/auth/README.md "Unknown users".
#pragma once

#include <string>
#include <string_view>

namespace hyrax::server::auth {

inline constexpr const char* kMockAuthNonceFile = "mock_auth_nonce";
inline constexpr size_t kMockAuthNonceLength = 32;

// Reads the nonce from `path`, creating the file with a fresh random nonce when it does
// not exist. Called by the postmaster at start (backends inherit it) and by `hyrax init`.
// Throws Error FATAL 58030 when the file cannot be read or written, or has the wrong size.
void LoadMockAuthNonce(const std::string& path);

// The nonce; a random per-process value when LoadMockAuthNonce never ran (tests).
const std::string& MockAuthNonce();

// The 16-byte SCRAM salt for mock authentication of `user`: SHA-256(user || nonce),
// truncated (PostgreSQL's scram_mock_salt).
std::string MockScramSalt(std::string_view user);

}  // namespace hyrax::server::auth
