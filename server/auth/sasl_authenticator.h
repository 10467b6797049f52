// The SASL message loop of SCRAM authentication (PostgreSQL's CheckSASLAuth):
// AuthenticationSASL with the mechanism list, SASLInitialResponse (mechanism + client-first),
// AuthenticationSASLContinue / SASLResponse rounds, AuthenticationSASLFinal on success.
// server/auth/README.md "scram-sha-256".
#pragma once

#include <optional>
#include <string>

#include "server/auth/authenticator.h"
#include "server/auth/password_crypt.h"

namespace hyrax::server::auth {

// Runs one SCRAM exchange against `secret` (nullopt: a mock exchange that fails as a wrong
// password would). `log_detail` is reported on failure. Throws what ScramExchange and the
// message decoders throw (FATAL 08P01 ...).
AuthResult RunScramAuthentication(AuthExchange& exchange, const AuthTarget& target,
                                  std::optional<ScramSecret> secret, std::string log_detail);

}  // namespace hyrax::server::auth
