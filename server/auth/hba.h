// hba.conf: which authentication method applies to a connection, in PostgreSQL's
// pg_hba.conf format (local / host / hostssl / hostnossl / hostgssenc / hostnogssenc,
// database and user lists with all / sameuser / samerole / replication / +group / quoted
// names, CIDR or address + mask, all / samehost / samenet, method, name=value options).
// The first matching line wins; no match means rejection. server/auth/README.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::server::auth {

enum class ConnectionType { kLocal, kHost, kHostSsl, kHostNoSsl, kHostGssEnc, kHostNoGssEnc };

enum class AuthMethod {
  kTrust,
  kReject,
  kPassword,
  kMd5,
  kScramSha256,
  kGss,
  kSspi,
  kIdent,
  kPeer,
  kLdap,
  kRadius,
  kCert,
  kPam,
  kBsd,
};

// The configuration-file name of a method ("scram-sha-256").
std::string_view AuthMethodName(AuthMethod method);

// One token of a database or user list; quoted tokens are never keywords.
struct HbaToken {
  std::string text;
  bool quoted = false;
  bool operator==(const HbaToken&) const = default;
};

// An IP address in network byte order (4 or 16 bytes).
struct IpAddress {
  int family = 0;  // AF_INET or AF_INET6
  uint8_t bytes[16] = {};
  size_t size() const;
  // Parses a numeric IPv4 or IPv6 address.
  static std::optional<IpAddress> Parse(std::string_view text);
};

enum class AddressKind { kNone, kAll, kSameHost, kSameNet, kCidr, kHostName };

struct HbaLine {
  int line_number = 0;
  std::string raw_line;
  ConnectionType type = ConnectionType::kLocal;
  std::vector<HbaToken> databases;
  std::vector<HbaToken> users;
  AddressKind address_kind = AddressKind::kNone;  // kNone for local lines
  IpAddress address;
  IpAddress mask;
  std::string host_name;  // kHostName
  AuthMethod method = AuthMethod::kReject;
  std::map<std::string, std::string> options;
};

// Parses hba.conf text. Throws Error F0000 with PostgreSQL's message for the first bad line
// (e.g. "invalid connection type \"%s\"", "invalid authentication method \"%s\"", "invalid
// IP address \"%s\": %s", "end-of-line before authentication method") and the context
// "line %d of configuration file \"%s\"".
std::vector<HbaLine> ParseHba(std::string_view text, const std::string& file_name);
// Reads and parses a file; throws like ParseHba, or 58P01 when it cannot be read.
std::vector<HbaLine> LoadHbaFile(const std::string& path);

// The connection being authenticated.
struct HbaRequest {
  bool is_local = false;  // Unix-domain socket
  std::optional<IpAddress> client_address;
  bool is_ssl = false;
  bool is_replication = false;
  std::string user;
  std::string database;
  // Role membership (for +group and samerole); may be empty when not needed.
  std::function<bool(std::string_view user, std::string_view role)> is_member;
};

// The first line matching `request`, or nullptr (the caller then refuses: "no pg_hba.conf
// entry for host ..."). The pointer is valid as long as `lines`.
const HbaLine* MatchHba(const std::vector<HbaLine>& lines, const HbaRequest& request);

// The rules in force for this process: loaded by the postmaster at start and on SIGHUP,
// inherited by forked backends.
const std::vector<HbaLine>& CurrentHba();
void SetCurrentHba(std::vector<HbaLine> lines);

}  // namespace hyrax::server::auth
