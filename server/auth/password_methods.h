// The password-based hba methods (PostgreSQL's CheckPasswordAuth, CheckPWChallengeAuth,
// CheckMD5Auth): `password` (AuthenticationCleartextPassword), `md5`
// (AuthenticationMD5Password with a random salt, or SCRAM when the role's password is a
// SCRAM secret) and `scram-sha-256`. Roles that do not exist, have no password or an
// expired one go through the same exchange and fail the same way as a wrong password.
// server/auth/README.md "Methods".
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "server/auth/authenticator.h"

namespace hyrax::server::auth {

std::unique_ptr<Authenticator> MakePasswordAuthenticator();
// `method` is kMd5 or kScramSha256.
std::unique_ptr<Authenticator> MakeChallengeAuthenticator(AuthMethod method);

// The role's stored password if it can be used now (PostgreSQL's get_role_password);
// otherwise nullopt and the reason in `log_detail`: "Role \"%s\" does not exist.", "User
// \"%s\" has no password assigned.", "User \"%s\" has an expired password.".
std::optional<std::string> GetRolePassword(const AuthTarget& target, std::string* log_detail);

}  // namespace hyrax::server::auth
