// The password methods against a forked postmaster with the fake engine, over the wire and
// with libpq (psql, psycopg2): scram-sha-256, md5 (and its fall-back to SCRAM), password,
// hba first-match choosing the method, unknown users / roles without or with an expired
// password failing exactly like a wrong password, malformed SASL traffic, a client leaving
// mid-exchange, and authentication_timeout during an exchange. Stored passwords are made
// with EncryptPassword, so these tests also show its verifiers are accepted.
#include <gtest/gtest.h>

#include "server/auth/auth_crypto.h"
#include "server/auth/password_crypt.h"
#include "server/protocol/auth_messages.h"
#include "tests/unit/server/fake/run_command.h"
#include "tests/unit/server/fake/scram_client.h"
#include "tests/unit/server/fake/server_fixture.h"

namespace hyrax::server::testing {
namespace {

using auth::PasswordType;

backend::RoleInfo RoleWithPassword(std::optional<std::string> stored,
                                   std::optional<int64_t> valid_until = std::nullopt) {
  return backend::RoleInfo{16384, false, true, std::move(stored), valid_until};
}

class AuthMethodsTest : public ServerFixture {
 protected:
  void PrepareDataDirectory() override {
    WriteFile("hba.conf",
              "host    all    pwuser     127.0.0.1/32  password\n"
              "host    all    pwuser     127.0.0.1/32  reject\n"
              "host    md5db  all        127.0.0.1/32  md5\n"
              "host    all    md5user    127.0.0.1/32  md5\n"
              "host    all    md5scram   127.0.0.1/32  md5\n"
              "host    all    trusted    127.0.0.1/32  trust\n"
              "host    all    all        127.0.0.1/32  scram-sha-256\n");
    g_fake_roles["alice"] =
        RoleWithPassword(auth::EncryptPassword("alice", "alice-pw", PasswordType::kScramSha256));
    g_fake_roles["pwuser"] =
        RoleWithPassword(auth::EncryptPassword("pwuser", "pw-secret", PasswordType::kScramSha256));
    g_fake_roles["md5user"] =
        RoleWithPassword(auth::EncryptPassword("md5user", "md5-secret", PasswordType::kMd5));
    g_fake_roles["md5scram"] =
        RoleWithPassword(auth::EncryptPassword("md5scram", "scram-pw", PasswordType::kScramSha256));
    g_fake_roles["nopass"] = RoleWithPassword(std::nullopt);
    g_fake_roles["expired"] =
        RoleWithPassword(auth::EncryptPassword("expired", "old-pw", PasswordType::kScramSha256), 1);
  }

  std::string ConnString(const std::string& user, const std::string& database = "postgres") {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + user +
           " dbname=" + database + " sslmode=disable";
  }

  CommandResult Psql(const std::string& user, const std::string& password,
                     const std::string& database = "postgres") {
    return RunCommand("PGPASSWORD=" + ShellQuote(password) + " /usr/bin/psql -X -At " +
                      ShellQuote(ConnString(user, database)) + " -c 'select 1'");
  }
};

protocol::Authentication AuthOf(const protocol::RawMessage& message) {
  EXPECT_EQ(message.type, 'R');
  return protocol::DecodeAuthentication(message.body);
}

// One raw SCRAM-SHA-256 login: every message the server sent, in order.
struct ScramTranscript {
  std::vector<std::string> mechanisms;
  std::string server_first;
  std::vector<protocol::RawMessage> after_final;  // up to ReadyForQuery or the error
  std::string expected_server_final;
};

ScramTranscript ScramLogin(TestClient& client, const std::string& user, const std::string& password,
                           const std::string& database = "postgres") {
  ScramTranscript transcript;
  client.SendStartup(user, database);
  std::optional<protocol::RawMessage> offer = client.ReadMessage();
  if (!offer || offer->type != 'R') return transcript;
  transcript.mechanisms = AuthOf(*offer).mechanisms;
  ScramClient scram{password};
  std::string bytes;
  protocol::WriteSaslInitialResponse(bytes, {"SCRAM-SHA-256", scram.ClientFirst()});
  client.Send(bytes);
  std::optional<protocol::RawMessage> first = client.ReadMessage();
  if (!first || first->type != 'R') return transcript;
  transcript.server_first = AuthOf(*first).data;
  bytes.clear();
  protocol::WriteSaslResponse(bytes, {scram.ClientFinal(transcript.server_first)});
  client.Send(bytes);
  transcript.after_final = client.ReadUntilReady();
  transcript.expected_server_final = scram.expected_server_final;
  return transcript;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

TEST_F(AuthMethodsTest, ScramLoginSendsTheServerSignatureThenAuthenticationOk) {
  TestClient client(port_);
  ScramTranscript transcript = ScramLogin(client, "alice", "alice-pw");
  EXPECT_EQ(transcript.mechanisms, std::vector<std::string>{"SCRAM-SHA-256"});
  ASSERT_GE(transcript.after_final.size(), 3u);
  protocol::Authentication final_message = AuthOf(transcript.after_final[0]);
  EXPECT_EQ(final_message.request, protocol::AuthRequest::kSaslFinal);
  EXPECT_EQ(final_message.data, transcript.expected_server_final);
  EXPECT_EQ(AuthOf(transcript.after_final[1]).request, protocol::AuthRequest::kOk);
  EXPECT_EQ(transcript.after_final.back().type, 'Z');
}

TEST_F(AuthMethodsTest, WrongPasswordAndMissingRolesFailIdenticallyForTheClient) {
  TestClient reference_client(port_);
  ScramTranscript reference = ScramLogin(reference_client, "alice", "wrong-pw");
  ASSERT_EQ(Types(reference.after_final), "E");
  std::map<char, std::string> fields = ErrorFields(reference.after_final[0]);
  EXPECT_EQ(fields['S'], "FATAL");
  EXPECT_EQ(fields['C'], "28P01");
  EXPECT_EQ(fields['M'], "password authentication failed for user \"alice\"");
  EXPECT_EQ(fields.count('D'), 0u);  // the reason is for the server log only
  EXPECT_TRUE(reference_client.WaitClosed());
  const std::string reference_body = Replace(reference.after_final[0].body, "alice", "USER");
  std::map<char, std::string> reference_first = ScramAttributes(reference.server_first);

  // ghost: no such role; nopass: no password; expired: rolvaliduntil in 1970.
  for (const std::string user : {"ghost", "nopass", "expired"}) {
    TestClient client(port_);
    ScramTranscript transcript = ScramLogin(client, user, "wrong-pw");
    EXPECT_EQ(transcript.mechanisms, reference.mechanisms) << user;
    std::map<char, std::string> first = ScramAttributes(transcript.server_first);
    EXPECT_EQ(first['i'], reference_first['i']) << user;
    EXPECT_EQ(first['s'].size(), reference_first['s'].size()) << user;
    EXPECT_EQ(first['r'].size(), reference_first['r'].size()) << user;
    ASSERT_EQ(Types(transcript.after_final), "E") << user;
    EXPECT_EQ(Replace(transcript.after_final[0].body, user, "USER"), reference_body) << user;
    EXPECT_TRUE(client.WaitClosed()) << user;
  }
  // The expired role's password is right, and still refused.
  TestClient expired(port_);
  EXPECT_EQ(Types(ScramLogin(expired, "expired", "old-pw").after_final), "E");
}

TEST_F(AuthMethodsTest, UnknownUserGetsTheSameMockSaltEveryTime) {
  auto salt_of = [&](const std::string& user) {
    TestClient client(port_);
    return ScramAttributes(ScramLogin(client, user, "x").server_first)['s'];
  };
  std::string ghost = salt_of("ghost");
  EXPECT_EQ(auth::Base64Decode(ghost)->size(), 16u);
  EXPECT_EQ(salt_of("ghost"), ghost);
  EXPECT_NE(salt_of("ghost2"), ghost);
  // A real role's salt is its secret's.
  std::optional<auth::ScramSecret> alice = auth::ParseScramSecret(*g_fake_roles["alice"].password);
  ASSERT_TRUE(alice);
  EXPECT_EQ(salt_of("alice"), auth::Base64Encode(alice->salt));
}

TEST_F(AuthMethodsTest, PsqlAndPsycopg2AuthenticateWithScram) {
  if (!HavePsql() || !HavePsycopg2()) GTEST_SKIP() << "psql or psycopg2 is not installed";
  CommandResult ok = Psql("alice", "alice-pw");
  EXPECT_EQ(ok.output, "1\n");
  EXPECT_EQ(ok.exit_code, 0);
  CommandResult wrong = Psql("alice", "nope");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.output.find("FATAL:  password authentication failed for user \"alice\""),
            std::string::npos)
      << wrong.output;
  CommandResult python = RunCommand(
      "/usr/bin/python3 -c " +
      ShellQuote("import psycopg2; c = psycopg2.connect(" + ShellQuote(ConnString("alice")) +
                 ", password='alice-pw'); cur = c.cursor(); cur.execute('select 5'); "
                 "print(cur.fetchone()[0])"));
  EXPECT_EQ(python.output, "5\n");
}

TEST_F(AuthMethodsTest, Md5MethodUsesMd5ForMd5HashesAndScramOtherwise) {
  // md5user has an md5 hash: AuthenticationMD5Password with a 4-byte salt.
  TestClient client(port_);
  client.SendStartup("md5user");
  protocol::Authentication request = AuthOf(*client.ReadMessage());
  ASSERT_EQ(request.request, protocol::AuthRequest::kMd5Password);
  ASSERT_EQ(request.data.size(), 4u);
  std::string stored = auth::Md5Encrypt("md5-secret", "md5user");
  std::string bytes;
  protocol::WritePasswordMessage(bytes, {auth::Md5Encrypt(stored.substr(3), request.data)});
  client.Send(bytes);
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(AuthOf(messages[0]).request, protocol::AuthRequest::kOk);
  EXPECT_EQ(messages.back().type, 'Z');

  // md5scram has a SCRAM secret: the md5 line runs SCRAM, as PostgreSQL does.
  TestClient scram_client(port_);
  ScramTranscript transcript = ScramLogin(scram_client, "md5scram", "scram-pw");
  EXPECT_EQ(transcript.mechanisms, std::vector<std::string>{"SCRAM-SHA-256"});
  EXPECT_EQ(transcript.after_final.back().type, 'Z');

  // An unknown user on an md5 line gets what password_encryption suggests: SCRAM.
  TestClient ghost(port_);
  ghost.SendStartup("ghost", "md5db");
  EXPECT_EQ(AuthOf(*ghost.ReadMessage()).request, protocol::AuthRequest::kSasl);

  if (!HavePsql()) GTEST_SKIP() << "psql is not installed";
  EXPECT_EQ(Psql("md5user", "md5-secret").output, "1\n");
  EXPECT_EQ(Psql("md5scram", "scram-pw").output, "1\n");
  EXPECT_NE(Psql("md5user", "wrong").output.find("password authentication failed"),
            std::string::npos);
}

TEST_F(AuthMethodsTest, PasswordMethodTakesTheFirstMatchingLineAndCleartext) {
  TestClient client(port_);
  client.SendStartup("pwuser");
  // The first line matches (password), not the reject line after it.
  ASSERT_EQ(AuthOf(*client.ReadMessage()).request, protocol::AuthRequest::kCleartextPassword);
  std::string bytes;
  protocol::WritePasswordMessage(bytes, {"pw-secret"});
  client.Send(bytes);
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(AuthOf(messages[0]).request, protocol::AuthRequest::kOk);

  TestClient wrong(port_);
  wrong.SendStartup("pwuser");
  wrong.ReadMessage();
  bytes.clear();
  protocol::WritePasswordMessage(bytes, {"pw-wrong"});
  wrong.Send(bytes);
  messages = wrong.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "28P01");

  TestClient empty(port_);
  empty.SendStartup("pwuser");
  empty.ReadMessage();
  bytes.clear();
  protocol::WritePasswordMessage(bytes, {""});
  empty.Send(bytes);
  messages = empty.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "28P01");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "empty password returned by client");

  if (!HavePsql()) GTEST_SKIP() << "psql is not installed";
  EXPECT_EQ(Psql("pwuser", "pw-secret").output, "1\n");
}

TEST_F(AuthMethodsTest, TrustLineNeedsNoPassword) {
  TestClient client(port_);
  std::vector<protocol::RawMessage> messages = client.Login("trusted");
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(AuthOf(messages[0]).request, protocol::AuthRequest::kOk);
}

TEST_F(AuthMethodsTest, MalformedSaslTrafficIsAFatalProtocolViolation) {
  TestClient client(port_);
  client.SendStartup("alice");
  client.ReadMessage();
  std::string bytes;
  protocol::WriteSaslInitialResponse(bytes, {"SCRAM-SHA-256", "n,,n=,r=a\x01"});
  client.Send(bytes);
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "08P01");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "non-printable characters in SCRAM nonce");
  EXPECT_TRUE(client.WaitClosed());

  TestClient bad_flag(port_);
  bad_flag.SendStartup("ghost");
  bad_flag.ReadMessage();
  bytes.clear();
  protocol::WriteSaslInitialResponse(bytes, {"SCRAM-SHA-256", "q,,n=,r=abc"});
  bad_flag.Send(bytes);
  messages = bad_flag.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "malformed SCRAM message");
  EXPECT_EQ(ErrorFields(messages[0])['D'], "Unexpected channel-binding flag \"'q'\".");

  TestClient query_instead(port_);
  query_instead.SendStartup("alice");
  query_instead.ReadMessage();
  messages = query_instead.Query("select 1");
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "expected SASL response, got message type 81");
}

TEST_F(AuthMethodsTest, ClientLeavingMidExchangeEndsTheBackendQuietly) {
  {
    TestClient client(port_);
    client.SendStartup("alice");
    ASSERT_EQ(AuthOf(*client.ReadMessage()).request, protocol::AuthRequest::kSasl);
    ASSERT_NE(shared_->slots[0].pid.load(), 0);  // the backend holds a proc slot
  }
  // The backend saw end of stream, released its slot (Engine::Shutdown) and exited.
  EXPECT_TRUE(WaitFor([&] {
    for (const auto& slot : shared_->slots) {
      if (slot.pid.load() != 0) return false;
    }
    return true;
  }));
}

class AuthTimeoutTest : public AuthMethodsTest {
 protected:
  void PrepareDataDirectory() override {
    AuthMethodsTest::PrepareDataDirectory();
    WriteFile("hyrax.conf", "max_connections = 20\nauthentication_timeout = 1s\n");
  }
};

TEST_F(AuthTimeoutTest, AuthenticationTimeoutEndsAStalledScramExchange) {
  TestClient client(port_);
  client.SendStartup("alice");
  ASSERT_EQ(AuthOf(*client.ReadMessage()).request, protocol::AuthRequest::kSasl);
  // The client never answers; the server gives up after authentication_timeout.
  std::optional<protocol::RawMessage> fatal = client.ReadMessage();
  ASSERT_TRUE(fatal);
  EXPECT_EQ(ErrorFields(*fatal)['C'], "57014");
  EXPECT_EQ(ErrorFields(*fatal)['M'], "canceling authentication due to timeout");
  EXPECT_TRUE(client.WaitClosed());
}

}  // namespace
}  // namespace hyrax::server::testing
