// Client authentication: the method chosen by hba.conf runs an exchange with the client
// through AuthExchange (Authentication* requests out, 'p' responses in) and reports success,
// failure (with a reason for the server log only) or that the client went away. Methods:
// trust, reject, password, md5, scram-sha-256 (PostgreSQL's ClientAuthentication);
// password_methods.cpp and sasl_authenticator.cpp hold the password ones.
// server/auth/README.md "Methods".
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

// Which kind of 'p' message the method expects (for the protocol-violation text).
enum class ResponseKind { kPassword, kSasl };

// The client side of an authentication exchange, provided by the backend.
class AuthExchange {
 public:
  virtual ~AuthExchange() = default;
  // Sends an Authentication request and flushes it.
  virtual void Send(const protocol::Authentication& request) = 0;
  // Reads the client's next message, which must be a 'p' message, and returns its body;
  // nullopt when the client closed the connection instead (psql does that to ask the user
  // for a password). Throws FATAL 08P01 "expected password response, got message type %d"
  // (kPassword) or "expected SASL response, got message type %d" (kSasl), and the framing
  // errors of protocol::Connection.
  virtual std::optional<std::string> Receive(ResponseKind kind) = 0;
};

// The facts an authenticator needs about the connection.
struct AuthTarget {
  std::string user;
  std::string database;
  std::string host;  // "127.0.0.1", "[local]", for messages
  const HbaLine* hba_line = nullptr;
  // Looks the role up lazily (not every method needs it).
  std::function<std::optional<RoleInfo>()> lookup_role;
  bool is_ssl = false;  // the connection is encrypted
  // tls-server-end-point channel binding data (hash of the server certificate); empty
  // without TLS. SCRAM-SHA-256-PLUS is offered when it is set.
  std::string channel_binding;
  // Unix seconds, for rolvaliduntil; empty = the system clock.
  std::function<int64_t()> now;
  // TLS client certificates: whether the server asks for them (ssl_ca_file loaded), and the
  // common name of the one presented (nullopt: none). A presented certificate has been
  // verified against ssl_ca_file during the handshake.
  bool client_ca_loaded = false;
  std::optional<std::string> client_certificate_cn;
};

enum class AuthStatus { kOk, kFailed, kClientGone };

struct AuthResult {
  AuthStatus status = AuthStatus::kFailed;
  // kFailed: why, for the server log only (PostgreSQL's errdetail_log): "Role \"%s\" does
  // not exist.", "User \"%s\" has no password assigned.", "Password does not match for user
  // \"%s\"." ... May be empty.
  std::string log_detail;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Runs the method's exchange. Malformed client messages throw Error FATAL (08P01 ...,
  // sent to the client). Does not send AuthenticationOk; the caller does after kOk, and
  // raises AuthFailedError after kFailed.
  virtual AuthResult Authenticate(AuthExchange& exchange, const AuthTarget& target) = 0;
};

// The authenticator for the method of `line`. Methods Hyrax lacks (gss, ident, ldap, ...)
// authenticate by failing with FATAL 28000 "authentication method \"%s\" not supported".
std::unique_ptr<Authenticator> MakeAuthenticator(const HbaLine& line);

// The error the client sees after AuthStatus::kFailed, identical whatever the reason
// (PostgreSQL's auth_failed): FATAL 28P01 "password authentication failed for user \"%s\""
// for password, md5 and scram-sha-256; 28000 "authentication failed for user \"%s\"" for
// the others.
Error AuthFailedError(const AuthTarget& target);

// The clientcert=verify-ca / verify-full option of the matched line, checked before the
// method runs (PostgreSQL's ClientAuthentication). Throws FATAL F0000 "client certificates
// can only be checked if a root certificate store is available" or 28000 "connection
// requires a valid client certificate".
void CheckClientCertificate(const AuthTarget& target);
// clientcert=verify-full, checked after the method succeeded: the certificate's common
// name must be the user name. Logs "certificate validation (clientcert=verify-full) failed
// for user \"%s\": CN mismatch" and returns false otherwise.
bool ClientCertificateNameMatches(const AuthTarget& target);

// The server-log detail of a failure: the method's reason and "Connection matched
// pg_hba.conf line %d: \"%s\"".
std::string AuthFailedLogDetail(const AuthTarget& target, const std::string& reason);

// The FATAL 28000 raised when no hba line matches: "no pg_hba.conf entry for host \"%s\",
// user \"%s\", database \"%s\", no encryption" (or "SSL encryption").
Error NoHbaEntryError(const AuthTarget& target, bool is_ssl);

}  // namespace hyrax::server::auth
