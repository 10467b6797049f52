// hba.conf parsing and matching (see server/auth/hba.h). Token rules, keywords and
// messages follow PostgreSQL's hba.c (next_token, parse_hba_line, check_hba).
#include "server/auth/hba.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <ifaddrs.h>
#include <netdb.h>
#include <sstream>

#include <arpa/inet.h>
#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::server::auth {

namespace {

// A field of a line: comma-separated tokens.
using Field = std::vector<HbaToken>;

// Splits one line into fields (PostgreSQL's tokenize: white space separates fields,
// commas separate list elements, double quotes protect, "" is a literal quote, # starts a
// comment outside quotes).
std::vector<Field> Tokenize(std::string_view line) {
  std::vector<Field> fields;
  size_t pos = 0;
  auto at_space = [&] {
    return pos < line.size() && std::isspace(static_cast<unsigned char>(line[pos]));
  };
  while (true) {
    while (at_space()) ++pos;
    if (pos >= line.size() || line[pos] == '#') break;
    Field field;
    for (;;) {
      HbaToken token;
      bool in_quotes = false;
      while (pos < line.size()) {
        char c = line[pos];
        if (!in_quotes && (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '#'))
          break;
        if (c == '"') {
          if (in_quotes && pos + 1 < line.size() && line[pos + 1] == '"') {
            token.text += '"';
            pos += 2;
            continue;
          }
          in_quotes = !in_quotes;
          token.quoted = true;
          ++pos;
          continue;
        }
        token.text += c;
        ++pos;
      }
      field.push_back(std::move(token));
      if (pos < line.size() && line[pos] == ',') {
        ++pos;
        while (at_space()) ++pos;  // a list may continue after ", "
        continue;
      }
      break;
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

struct LineParser {
  const std::string& file_name;
  int line_number;

  [[noreturn]] void Fail(std::string message) const {
    throw Error(errcode::kConfigFileError, std::move(message))
        .Context(fmt::format("line {} of configuration file \"{}\"", line_number, file_name));
  }

  const std::string& Single(const Field& field, const char* what) const {
    if (field.size() != 1) Fail(fmt::format("multiple values specified for {}", what));
    return field[0].text;
  }

  ConnectionType ParseType(const std::string& text) const {
    if (text == "local") return ConnectionType::kLocal;
    if (text == "host") return ConnectionType::kHost;
    if (text == "hostssl") return ConnectionType::kHostSsl;
    if (text == "hostnossl") return ConnectionType::kHostNoSsl;
    if (text == "hostgssenc") return ConnectionType::kHostGssEnc;
    if (text == "hostnogssenc") return ConnectionType::kHostNoGssEnc;
    Fail(fmt::format("invalid connection type \"{}\"", text));
  }

  AuthMethod ParseMethod(const std::string& text) const {
    static const std::pair<const char*, AuthMethod> kMethods[] = {
        {"trust", AuthMethod::kTrust},
        {"reject", AuthMethod::kReject},
        {"password", AuthMethod::kPassword},
        {"md5", AuthMethod::kMd5},
        {"scram-sha-256", AuthMethod::kScramSha256},
        {"gss", AuthMethod::kGss},
        {"sspi", AuthMethod::kSspi},
        {"ident", AuthMethod::kIdent},
        {"peer", AuthMethod::kPeer},
        {"ldap", AuthMethod::kLdap},
        {"radius", AuthMethod::kRadius},
        {"cert", AuthMethod::kCert},
        {"pam", AuthMethod::kPam},
        {"bsd", AuthMethod::kBsd}};
    for (const auto& [name, method] : kMethods) {
      if (text == name) return method;
    }
    Fail(fmt::format("invalid authentication method \"{}\"", text));
  }

  // Parses the address field (and the mask field when the address has no /len); returns
  // how many fields were used.
  size_t ParseAddress(HbaLine& line, const std::vector<Field>& fields, size_t at) const {
    if (at >= fields.size()) Fail("end-of-line before IP address specification");
    const std::string& text = Single(fields[at], "host name");
    if (text == "all") {
      line.address_kind = AddressKind::kAll;
      return 1;
    }
    if (text == "samehost" || text == "samenet") {
      line.address_kind = text == "samehost" ? AddressKind::kSameHost : AddressKind::kSameNet;
      return 1;
    }
    size_t slash = text.find('/');
    std::string host = text.substr(0, slash);
    std::optional<IpAddress> address = IpAddress::Parse(host);
    if (!address) {
      if (slash != std::string::npos) {
        Fail(fmt::format("invalid IP address \"{}\": Name or service not known", host));
      }
      line.address_kind = AddressKind::kHostName;
      line.host_name = host;
      return 1;
    }
    line.address_kind = AddressKind::kCidr;
    line.address = *address;
    line.mask.family = address->family;
    if (slash != std::string::npos) {
      SetPrefixMask(line, text, text.substr(slash + 1));
      return 1;
    }
    if (at + 1 >= fields.size()) Fail("end-of-line before netmask specification");
    const std::string& mask_text = Single(fields[at + 1], "netmask");
    std::optional<IpAddress> mask = IpAddress::Parse(mask_text);
    if (!mask) Fail(fmt::format("invalid IP mask \"{}\": Name or service not known", mask_text));
    if (mask->family != address->family) Fail("IP address and mask do not match");
    line.mask = *mask;
    return 2;
  }

  void SetPrefixMask(HbaLine& line, const std::string& text, const std::string& bits) const {
    int max_bits = static_cast<int>(line.address.size() * 8);
    int prefix = -1;
    if (!bits.empty() && bits.size() <= 3 && std::all_of(bits.begin(), bits.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        })) {
      prefix = std::stoi(bits);
    }
    if (prefix < 0 || prefix > max_bits) {
      Fail(fmt::format("invalid CIDR mask in address \"{}\"", text));
    }
    for (size_t idx = 0; idx < line.address.size(); ++idx) {
      int remaining = std::clamp(prefix - static_cast<int>(idx) * 8, 0, 8);
      line.mask.bytes[idx] = static_cast<uint8_t>(0xFF << (8 - remaining));
    }
  }

  // clientcert is enforced by the session (auth::CheckClientCertificate); PostgreSQL's
  // parse_hba_auth_opt rules and texts.
  void CheckClientCertOption(const HbaLine& line) const {
    auto option = line.options.find("clientcert");
    if (option == line.options.end()) return;
    if (line.type != ConnectionType::kHostSsl) {
      Fail("clientcert can only be configured for \"hostssl\" rows");
    }
    if (option->second != "verify-ca" && option->second != "verify-full") {
      Fail(fmt::format("invalid value for clientcert: \"{}\"", option->second));
    }
    if (line.method == AuthMethod::kCert && option->second != "verify-full") {
      Fail("clientcert only accepts \"verify-full\" when using \"cert\" authentication");
    }
  }

  HbaLine Parse(const std::vector<Field>& fields, std::string raw) const {
    HbaLine line;
    line.line_number = line_number;
    line.raw_line = std::move(raw);
    line.type = ParseType(Single(fields[0], "connection type"));
    if (fields.size() < 2) Fail("end-of-line before database specification");
    line.databases = fields[1];
    if (fields.size() < 3) Fail("end-of-line before role specification");
    line.users = fields[2];
    size_t at = 3;
    if (line.type != ConnectionType::kLocal) at += ParseAddress(line, fields, at);
    if (at >= fields.size()) Fail("end-of-line before authentication method");
    line.method = ParseMethod(Single(fields[at], "authentication method"));
    if (line.method == AuthMethod::kPeer && line.type != ConnectionType::kLocal) {
      Fail("peer authentication is only supported on local sockets");
    }
    for (++at; at < fields.size(); ++at) {
      for (const HbaToken& option : fields[at]) {
        size_t equals = option.text.find('=');
        if (equals == std::string::npos) {
          Fail(fmt::format("authentication option not in name=value format: {}", option.text));
        }
        line.options[option.text.substr(0, equals)] = option.text.substr(equals + 1);
      }
    }
    CheckClientCertOption(line);
    return line;
  }
};

bool MaskedEqual(const IpAddress& client, const IpAddress& rule, const IpAddress& mask) {
  for (size_t idx = 0; idx < rule.size(); ++idx) {
    if ((client.bytes[idx] & mask.bytes[idx]) != (rule.bytes[idx] & mask.bytes[idx])) return false;
  }
  return true;
}

// An IPv4-mapped IPv6 client address (::ffff:a.b.c.d) as IPv4, so IPv4 rules apply.
IpAddress Unmapped(const IpAddress& address) {
  static const uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (address.family != AF_INET6 || std::memcmp(address.bytes, kPrefix, 12) != 0) return address;
  IpAddress v4;
  v4.family = AF_INET;
  std::memcpy(v4.bytes, address.bytes + 12, 4);
  return v4;
}

bool InRange(const IpAddress& client, const IpAddress& rule, const IpAddress& mask) {
  IpAddress candidate = rule.family == AF_INET ? Unmapped(client) : client;
  return candidate.family == rule.family && MaskedEqual(candidate, rule, mask);
}

std::optional<IpAddress> FromSockaddr(const sockaddr* addr) {
  IpAddress address;
  if (addr->sa_family == AF_INET) {
    address.family = AF_INET;
    std::memcpy(address.bytes, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, 4);
    return address;
  }
  if (addr->sa_family == AF_INET6) {
    address.family = AF_INET6;
    std::memcpy(address.bytes, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, 16);
    return address;
  }
  return std::nullopt;
}

// samehost / samenet: compare with every address of this machine's interfaces.
bool MatchesLocalInterface(const IpAddress& client, bool same_net) {
  ifaddrs* interfaces = nullptr;
  if (getifaddrs(&interfaces) != 0) return false;
  bool match = false;
  for (ifaddrs* entry = interfaces; entry && !match; entry = entry->ifa_next) {
    if (!entry->ifa_addr) continue;
    std::optional<IpAddress> address = FromSockaddr(entry->ifa_addr);
    if (!address) continue;
    IpAddress mask;
    mask.family = address->family;
    std::memset(mask.bytes, 0xFF, sizeof(mask.bytes));
    if (same_net && entry->ifa_netmask) {
      if (std::optional<IpAddress> net = FromSockaddr(entry->ifa_netmask)) mask = *net;
    }
    match = InRange(client, *address, mask);
  }
  freeifaddrs(interfaces);
  return match;
}

bool MatchesHostName(const IpAddress& client, const std::string& host_name) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* results = nullptr;
  if (getaddrinfo(host_name.c_str(), nullptr, &hints, &results) != 0) return false;
  bool match = false;
  for (addrinfo* entry = results; entry && !match; entry = entry->ai_next) {
    std::optional<IpAddress> address = FromSockaddr(entry->ai_addr);
    if (!address) continue;
    IpAddress full;
    full.family = address->family;
    std::memset(full.bytes, 0xFF, sizeof(full.bytes));
    match = InRange(client, *address, full);
  }
  freeaddrinfo(results);
  return match;
}

bool MatchType(const HbaLine& line, const HbaRequest& request) {
  if (line.type == ConnectionType::kLocal) return request.is_local;
  if (request.is_local) return false;
  switch (line.type) {
    case ConnectionType::kHostSsl:
      return request.is_ssl;
    case ConnectionType::kHostNoSsl:
      return !request.is_ssl;
    case ConnectionType::kHostGssEnc:
      return false;  // GSS encryption is never negotiated
    default:
      return true;
  }
}

bool MatchAddress(const HbaLine& line, const HbaRequest& request) {
  if (line.type == ConnectionType::kLocal) return true;
  if (!request.client_address) return false;
  const IpAddress& client = *request.client_address;
  switch (line.address_kind) {
    case AddressKind::kAll:
      return true;
    case AddressKind::kSameHost:
      return MatchesLocalInterface(client, false);
    case AddressKind::kSameNet:
      return MatchesLocalInterface(client, true);
    case AddressKind::kCidr:
      return InRange(client, line.address, line.mask);
    case AddressKind::kHostName:
      return MatchesHostName(client, line.host_name);
    case AddressKind::kNone:
      return false;
  }
  return false;
}

bool IsMember(const HbaRequest& request, std::string_view role) {
  if (request.user == role) return true;
  return request.is_member && request.is_member(request.user, role);
}

bool MatchDatabase(const HbaLine& line, const HbaRequest& request) {
  for (const HbaToken& token : line.databases) {
    if (!token.quoted) {
      if (token.text == "replication") {
        if (request.is_replication) return true;
        continue;
      }
      if (request.is_replication) continue;
      if (token.text == "all") return true;
      if (token.text == "sameuser") {
        if (request.database == request.user) return true;
        continue;
      }
      if (token.text == "samerole" || token.text == "samegroup") {
        if (IsMember(request, request.database)) return true;
        continue;
      }
    }
    if (!request.is_replication && token.text == request.database) return true;
  }
  return false;
}

bool MatchUser(const HbaLine& line, const HbaRequest& request) {
  for (const HbaToken& token : line.users) {
    if (!token.quoted && token.text == "all") return true;
    if (!token.quoted && token.text.starts_with('+')) {
      if (IsMember(request, std::string_view(token.text).substr(1))) return true;
      continue;
    }
    if (token.text == request.user) return true;
  }
  return false;
}

std::vector<HbaLine>& CurrentRules() {
  static std::vector<HbaLine> rules;
  return rules;
}

}  // namespace

size_t IpAddress::size() const {
  return family == AF_INET6 ? 16 : 4;
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  std::string copy(text);
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes) == 1) {
    address.family = AF_INET;
    return address;
  }
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes) == 1) {
    address.family = AF_INET6;
    return address;
  }
  return std::nullopt;
}

std::string_view AuthMethodName(AuthMethod method) {
  constexpr std::string_view kNames[] = {"trust",  "reject", "password", "md5",  "scram-sha-256",
                                         "gss",    "sspi",   "ident",    "peer", "ldap",
                                         "radius", "cert",   "pam",      "bsd"};
  return kNames[static_cast<size_t>(method)];
}

std::vector<HbaLine> ParseHba(std::string_view text, const std::string& file_name) {
  std::vector<HbaLine> lines;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    ++line_number;
    std::vector<Field> fields = Tokenize(raw);
    if (!fields.empty()) {
      LineParser parser{file_name, line_number};
      lines.push_back(parser.Parse(fields, std::string(raw)));
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

std::vector<HbaLine> LoadHbaFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw MakeError(errcode::kUndefinedFile, "could not open configuration file \"{}\": {}", path,
                    std::strerror(errno));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return ParseHba(contents.str(), path);
}

const HbaLine* MatchHba(const std::vector<HbaLine>& lines, const HbaRequest& request) {
  for (const HbaLine& line : lines) {
    if (MatchType(line, request) && MatchAddress(line, request) && MatchDatabase(line, request) &&
        MatchUser(line, request)) {
      return &line;
    }
  }
  return nullptr;
}

const std::vector<HbaLine>& CurrentHba() {
  return CurrentRules();
}

void SetCurrentHba(std::vector<HbaLine> lines) {
  CurrentRules() = std::move(lines);
}

}  // namespace hyrax::server::auth
