// hba.conf: PostgreSQL's line format and keywords, first-match-wins, CIDR and address/mask
// matching for IPv4 and IPv6 (including IPv4-mapped clients), reject lines, and the errors
// for malformed lines; plus the trust / reject authenticators.
#include "server/auth/hba.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "server/auth/authenticator.h"

namespace hyrax::server::auth {
namespace {

HbaRequest Tcp(std::string_view address, std::string user, std::string database) {
  HbaRequest request;
  request.client_address = IpAddress::Parse(address);
  request.user = std::move(user);
  request.database = std::move(database);
  return request;
}

const char* MethodOf(const std::vector<HbaLine>& lines, const HbaRequest& request) {
  const HbaLine* line = MatchHba(lines, request);
  return line ? AuthMethodName(line->method).data() : "none";
}

Error ParseError(std::string_view text) {
  try {
    ParseHba(text, "/d/hba.conf");
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for " << text;
  return Error(errcode::kSuccessfulCompletion, "");
}

TEST(HbaTest, ParsesPostgresLineFormat) {
  std::vector<HbaLine> lines = ParseHba(
      "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n"
      "local   all             all                                     trust\n"
      "host    all             all             127.0.0.1/32            trust\n"
      "host    db1,\"db 2\"      alice, +admins  10.0.0.0 255.0.0.0      md5  # comment\n"
      "hostssl all             all             ::1/128                 scram-sha-256 "
      "clientcert=verify-ca\n"
      "\n",
      "/d/hba.conf");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].type, ConnectionType::kLocal);
  EXPECT_EQ(lines[0].line_number, 2);
  EXPECT_EQ(lines[1].address_kind, AddressKind::kCidr);
  EXPECT_EQ(lines[2].databases, (std::vector<HbaToken>{{"db1", false}, {"db 2", true}}));
  EXPECT_EQ(lines[2].users, (std::vector<HbaToken>{{"alice", false}, {"+admins", false}}));
  EXPECT_EQ(lines[2].mask.bytes[0], 255);
  EXPECT_EQ(lines[2].mask.bytes[1], 0);
  EXPECT_EQ(lines[2].method, AuthMethod::kMd5);
  EXPECT_EQ(lines[3].type, ConnectionType::kHostSsl);
  EXPECT_EQ(lines[3].options.at("clientcert"), "verify-ca");
}

TEST(HbaTest, FirstMatchingLineWins) {
  std::vector<HbaLine> lines = ParseHba(
      "host all bob 127.0.0.1/32 reject\n"
      "host all all 127.0.0.0/8 trust\n"
      "host all all 0.0.0.0/0 md5\n",
      "f");
  EXPECT_STREQ(MethodOf(lines, Tcp("127.0.0.1", "bob", "db")), "reject");
  EXPECT_STREQ(MethodOf(lines, Tcp("127.0.0.1", "alice", "db")), "trust");
  EXPECT_STREQ(MethodOf(lines, Tcp("127.9.9.9", "bob", "db")), "trust");
  EXPECT_STREQ(MethodOf(lines, Tcp("192.168.1.5", "bob", "db")), "md5");
}

TEST(HbaTest, MatchesCidrForIpv4AndIpv6) {
  std::vector<HbaLine> lines = ParseHba(
      "host all all 10.1.0.0/16 trust\n"
      "host all all fe80::/10 password\n"
      "host all all ::1/128 md5\n"
      "host all all 192.168.0.0 255.255.255.0 scram-sha-256\n",
      "f");
  EXPECT_STREQ(MethodOf(lines, Tcp("10.1.200.3", "u", "d")), "trust");
  EXPECT_STREQ(MethodOf(lines, Tcp("10.2.0.1", "u", "d")), "none");
  EXPECT_STREQ(MethodOf(lines, Tcp("fe80::1234", "u", "d")), "password");
  EXPECT_STREQ(MethodOf(lines, Tcp("::1", "u", "d")), "md5");
  EXPECT_STREQ(MethodOf(lines, Tcp("::2", "u", "d")), "none");
  EXPECT_STREQ(MethodOf(lines, Tcp("192.168.0.77", "u", "d")), "scram-sha-256");
  // An IPv4 client seen on an IPv6 socket matches IPv4 rules.
  EXPECT_STREQ(MethodOf(lines, Tcp("::ffff:10.1.2.3", "u", "d")), "trust");
}

TEST(HbaTest, DatabaseAndUserKeywords) {
  std::vector<HbaLine> lines = ParseHba(
      "host sameuser all 0.0.0.0/0 trust\n"
      "host samerole all 0.0.0.0/0 password\n"
      "host all +staff 0.0.0.0/0 md5\n"
      "host \"all\" all 0.0.0.0/0 ident\n"
      "host replication all 0.0.0.0/0 cert\n",
      "f");
  auto membership = [](std::string_view user, std::string_view role) {
    return user == "carol" && (role == "staff" || role == "team");
  };
  HbaRequest same = Tcp("1.2.3.4", "alice", "alice");
  EXPECT_STREQ(MethodOf(lines, same), "trust");
  HbaRequest role = Tcp("1.2.3.4", "carol", "team");
  role.is_member = membership;
  EXPECT_STREQ(MethodOf(lines, role), "password");
  HbaRequest group = Tcp("1.2.3.4", "carol", "other");
  group.is_member = membership;
  EXPECT_STREQ(MethodOf(lines, group), "md5");
  // A quoted "all" is a database named all, not the keyword.
  EXPECT_STREQ(MethodOf(lines, Tcp("1.2.3.4", "dave", "all")), "ident");
  EXPECT_STREQ(MethodOf(lines, Tcp("1.2.3.4", "dave", "other")), "none");
  HbaRequest replication = Tcp("1.2.3.4", "dave", "other");
  replication.is_replication = true;
  EXPECT_STREQ(MethodOf(lines, replication), "cert");
}

TEST(HbaTest, ConnectionTypesSeparateLocalSslAndPlainTcp) {
  std::vector<HbaLine> lines = ParseHba(
      "local all all peer\n"
      "hostssl all all all scram-sha-256\n"
      "hostnossl all all all trust\n",
      "f");
  HbaRequest local;
  local.is_local = true;
  local.user = "u";
  local.database = "d";
  EXPECT_STREQ(MethodOf(lines, local), "peer");
  HbaRequest ssl = Tcp("1.1.1.1", "u", "d");
  ssl.is_ssl = true;
  EXPECT_STREQ(MethodOf(lines, ssl), "scram-sha-256");
  EXPECT_STREQ(MethodOf(lines, Tcp("1.1.1.1", "u", "d")), "trust");
}

TEST(HbaTest, SameHostMatchesThisMachine) {
  std::vector<HbaLine> lines = ParseHba("host all all samehost trust\n", "f");
  EXPECT_STREQ(MethodOf(lines, Tcp("127.0.0.1", "u", "d")), "trust");
}

TEST(HbaTest, RejectsMalformedLinesWithPostgresMessages) {
  Error type = ParseError("hots all all 127.0.0.1/32 trust\n");
  EXPECT_EQ(type.message(), "invalid connection type \"hots\"");
  EXPECT_EQ(type.context(), "line 1 of configuration file \"/d/hba.conf\"");
  EXPECT_EQ(ParseError("host all all 127.0.0.1/32 magic\n").message(),
            "invalid authentication method \"magic\"");
  EXPECT_EQ(ParseError("host all all 127.0.0.1/33 trust\n").message(),
            "invalid CIDR mask in address \"127.0.0.1/33\"");
  EXPECT_EQ(ParseError("host all all 127.0.0.1/32\n").message(),
            "end-of-line before authentication method");
  EXPECT_EQ(ParseError("host all all 127.0.0.1\n").message(),
            "end-of-line before netmask specification");
  EXPECT_EQ(ParseError("host all\n").message(), "end-of-line before role specification");
  EXPECT_EQ(ParseError("host all all ::1/128 peer\n").message(),
            "peer authentication is only supported on local sockets");
  EXPECT_EQ(ParseError("local all all trust foo\n").message(),
            "authentication option not in name=value format: foo");
  EXPECT_EQ(ParseError("host all all all trust clientcert=verify-ca\n").message(),
            "clientcert can only be configured for \"hostssl\" rows");
  EXPECT_EQ(ParseError("hostssl all all all trust clientcert=1\n").message(),
            "invalid value for clientcert: \"1\"");
}

class NoExchange final : public AuthExchange {
 public:
  void Send(const protocol::Authentication&) override { ADD_FAILURE() << "unexpected send"; }
  std::optional<std::string> Receive(ResponseKind) override {
    ADD_FAILURE() << "unexpected receive";
    return std::nullopt;
  }
};

TEST(AuthenticatorTest, TrustAcceptsAndRejectRefusesWithPostgresText) {
  std::vector<HbaLine> lines = ParseHba("host all all all trust\nhost all all all reject\n", "f");
  NoExchange exchange;
  AuthTarget target{"bob", "db", "127.0.0.1", &lines[0], {}};
  EXPECT_EQ(MakeAuthenticator(lines[0])->Authenticate(exchange, target).status, AuthStatus::kOk);
  try {
    MakeAuthenticator(lines[1])->Authenticate(exchange, target);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), errcode::kInvalidAuthorizationSpecification);
    EXPECT_EQ(error.severity(), Severity::kFatal);
    EXPECT_EQ(error.message(),
              "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"bob\", database "
              "\"db\", no encryption");
  }
  EXPECT_EQ(NoHbaEntryError(target, false).message(),
            "no pg_hba.conf entry for host \"127.0.0.1\", user \"bob\", database \"db\", no "
            "encryption");
  // Over TLS the texts say so (the connection's state, not the line's type).
  target.is_ssl = true;
  try {
    MakeAuthenticator(lines[1])->Authenticate(exchange, target);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(),
              "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"bob\", database "
              "\"db\", SSL encryption");
  }
  EXPECT_EQ(NoHbaEntryError(target, true).message(),
            "no pg_hba.conf entry for host \"127.0.0.1\", user \"bob\", database \"db\", SSL "
            "encryption");
}

}  // namespace
}  // namespace hyrax::server::auth
