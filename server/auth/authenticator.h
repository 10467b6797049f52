// Client authentication: the method chosen by hba.conf runs an exchange with the client
// through AuthExchange (Authentication* requests out, 'p' responses in) and either
// returns (authenticated) or throws FATAL. trust and reject are implemented; the password
// methods (password, md5, scram-sha-256) plug in here. server/auth/README.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/ids.h"
#include "server/auth/hba.h"
#include "server/protocol/auth_messages.h"

namespace hyrax::server::auth {

// What the engine knows about a role (pg_authid), for authentication.
struct RoleInfo {
  Oid oid = kInvalidOid;
  bool is_superuser = false;
  bool can_login = false;
  // rolpassword: "SCRAM-SHA-256$<iterations>:<salt>$<stored key>:<server key>" or
  // "md5<hex>"; nullopt when the role has no password.
  std::optional<std::string> password;
  // rolvaliduntil as Unix seconds; nullopt = forever.
  std::optional<int64_t> valid_until;
};

// The client side of an authentication exchange, provided by the backend.
class AuthExchange {
 public:
  virtual ~AuthExchange() = default;
  // Sends an Authentication request and flushes it.
  virtual void Send(const protocol::Authentication& request) = 0;
  // Reads the client's next message, which must be a 'p' message; returns its body.
  // Throws FATAL 08P01 "expected password response, got message type %d", or FATAL when
  // the client disconnects (PostgreSQL then logs and exits quietly).
  virtual std::string Receive() = 0;
};

// The facts an authenticator needs about the connection.
struct AuthTarget {
  std::string user;
  std::string database;
  std::string host;  // "127.0.0.1", "[local]", for messages
  const HbaLine* hba_line = nullptr;
  // Looks the role up lazily (not every method needs it).
  std::function<std::optional<RoleInfo>()> lookup_role;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Authenticates the client or throws Error FATAL (28000 / 28P01 with PostgreSQL's
  // texts). Does not send AuthenticationOk; the caller does after it returns.
  virtual void Authenticate(AuthExchange& exchange, const AuthTarget& target) = 0;
};

// The authenticator for the method of `line`. Methods not implemented yet authenticate by
// failing with FATAL 28000 "authentication method \"%s\" not supported".
std::unique_ptr<Authenticator> MakeAuthenticator(const HbaLine& line);

// The FATAL 28000 raised when no hba line matches: "no pg_hba.conf entry for host \"%s\",
// user \"%s\", database \"%s\", no encryption" (or "SSL encryption").
Error NoHbaEntryError(const AuthTarget& target, bool is_ssl);

}  // namespace hyrax::server::auth
