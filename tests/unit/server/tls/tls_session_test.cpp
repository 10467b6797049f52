// TLS sessions against a forked postmaster with ssl = on, the certificates `hyrax init`
// generates and the fake engine: SSLRequest -> 'S' -> handshake -> the session over TLS
// (large messages both ways, close_notify at the end), TLS 1.2 minimum, plaintext pipelined
// with the SSLRequest refused and never answered, hostssl / hostnossl following the real
// connection state, SCRAM-SHA-256-PLUS with tls-server-end-point binding, and libpq (psql,
// psycopg2) with sslmode=require and verify-full against the generated root.crt.
#include <filesystem>

#include <gtest/gtest.h>

#include "common/guc/guc.h"
#include "server/auth/password_crypt.h"
#include "server/cli/cli_args.h"
#include "server/cli/init_command.h"
#include "server/config/guc_table.h"
#include "server/protocol/auth_messages.h"
#include "server/tls/certificate_generator.h"
#include "tests/unit/server/fake/run_command.h"
#include "tests/unit/server/fake/scram_client.h"
#include "tests/unit/server/fake/server_fixture.h"
#include "tests/unit/server/fake/tls_test_client.h"

namespace hyrax::server::testing {
namespace {

class TlsSessionTest : public ServerFixture {
 protected:
  void PrepareDataDirectory() override {
    tls::GenerateCertificates(data_dir_);
    WriteFile("hyrax.conf", "max_connections = 20\nssl = on\nssl_ca_file = 'root.crt'\n");
    WriteFile("hba.conf",
              "hostssl    all  sslonly    127.0.0.1/32  trust\n"
              "hostnossl  all  plainonly  127.0.0.1/32  trust\n"
              "host       all  alice      127.0.0.1/32  scram-sha-256\n"
              "hostssl    all  certuser   127.0.0.1/32  trust  clientcert=verify-full\n"
              "host       all  tester     127.0.0.1/32  trust\n");
    g_fake_roles["alice"] = backend::RoleInfo{
        16384, false, true,
        auth::EncryptPassword("alice", "alice-pw", auth::PasswordType::kScramSha256), std::nullopt};
  }

  std::string Root() const { return data_dir_ + "/root.crt"; }

  std::string ConnString(const std::string& user, const std::string& extra) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + user + " dbname=postgres " +
           extra;
  }

  CommandResult Psql(const std::string& conninfo, const std::string& sql,
                     const std::string& password = "") {
    std::string env = password.empty() ? "" : "PGPASSWORD=" + ShellQuote(password) + " ";
    return RunCommand(env + "/usr/bin/psql -X -At " + ShellQuote(conninfo) + " -c " +
                      ShellQuote(sql));
  }
};

std::string Packet(const protocol::StartupPacket& packet) {
  std::string bytes;
  protocol::WriteStartupPacket(bytes, packet);
  return bytes;
}

TEST_F(TlsSessionTest, SslRequestIsAnsweredSAndTheSessionRunsOverTls) {
  TlsTestClient client(port_);
  ASSERT_EQ(client.answer(), 'S');
  ASSERT_TRUE(client.handshake_ok()) << client.handshake_error();
  EXPECT_GE(SSL_version(client.ssl()), TLS1_2_VERSION);
  std::vector<protocol::RawMessage> login = client.Login("tester");
  ASSERT_FALSE(login.empty());
  EXPECT_EQ(login.back().type, 'Z');
  EXPECT_EQ(FirstValue(client.Query("show ssl")), "on");
  // The engine's accessor reports what was negotiated (pg_stat_ssl's version, cipher, bits).
  std::string info = FirstValue(client.Query("ssl info"));
  EXPECT_EQ(info,
            std::string(SSL_get_version(client.ssl())) + " " +
                SSL_CIPHER_get_name(SSL_get_current_cipher(client.ssl())) + " " +
                std::to_string(SSL_CIPHER_get_bits(SSL_get_current_cipher(client.ssl()), nullptr)));
  // Messages far larger than a TLS record go through whole, in both directions.
  std::string big(200000, '7');
  EXPECT_EQ(FirstValue(client.Query("select " + big)), big);
}

TEST_F(TlsSessionTest, SessionEndSendsCloseNotify) {
  TlsTestClient client(port_);
  ASSERT_TRUE(client.handshake_ok());
  client.Login("tester");
  std::string terminate;
  protocol::WriteEmpty(terminate, 'X');
  client.Send(terminate);
  EXPECT_EQ(client.ReadToEndOfSession(), SSL_ERROR_ZERO_RETURN);
}

TEST_F(TlsSessionTest, ProtocolsBelowTls12AreRefused) {
  TlsTestClient old_client(port_, {.max_version = TLS1_1_VERSION});
  ASSERT_EQ(old_client.answer(), 'S');
  EXPECT_FALSE(old_client.handshake_ok());
  TlsTestClient tls12(port_, {.max_version = TLS1_2_VERSION});
  ASSERT_TRUE(tls12.handshake_ok()) << tls12.handshake_error();
  EXPECT_EQ(SSL_version(tls12.ssl()), TLS1_2_VERSION);
  EXPECT_EQ(tls12.Login("tester").back().type, 'Z');
}

TEST_F(TlsSessionTest, PlaintextStartupPipelinedWithSslRequestIsNeverAnswered) {
  protocol::StartupMessage startup;
  startup.parameters = {{"user", "tester"}, {"database", "postgres"}};
  TlsTestClient client(port_, {.pipelined = Packet(startup)});
  ASSERT_EQ(client.answer(), 'S');
  // Nothing was sent in plaintext after 'S': that would have broken the handshake.
  ASSERT_TRUE(client.handshake_ok()) << client.handshake_error();
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");  // never 'R', 'K' or 'Z' for the injected packet
  EXPECT_EQ(ErrorFields(messages[0])['C'], "08P01");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "received unencrypted data after SSL request");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(TlsSessionTest, GarbageInsteadOfAHandshakeIsNotAnsweredInPlaintext) {
  TestClient client(port_);
  client.Send(Packet(protocol::SslRequest{}));
  ASSERT_EQ(client.ReadByte(), 'S');
  client.Send(Packet(protocol::StartupMessage{3 << 16, {{"user", "tester"}}}));
  std::string reply;
  while (std::optional<char> byte = client.ReadByte()) reply += *byte;
  // At most a TLS alert record (content type 21), never a protocol message.
  EXPECT_TRUE(reply.empty() || reply[0] == '\x15') << static_cast<int>(reply[0]);
}

TEST_F(TlsSessionTest, HostsslAndHostnosslFollowTheConnection) {
  TlsTestClient ssl_ok(port_);
  EXPECT_EQ(ssl_ok.Login("sslonly").back().type, 'Z');
  TestClient plain_refused(port_);
  std::vector<protocol::RawMessage> messages = plain_refused.Login("sslonly");
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'],
            "no pg_hba.conf entry for host \"127.0.0.1\", user \"sslonly\", database "
            "\"postgres\", no encryption");

  TestClient plain_ok(port_);
  EXPECT_EQ(plain_ok.Login("plainonly").back().type, 'Z');
  TlsTestClient ssl_refused(port_);
  messages = ssl_refused.Login("plainonly");
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "28000");
  EXPECT_EQ(ErrorFields(messages[0])['M'],
            "no pg_hba.conf entry for host \"127.0.0.1\", user \"plainonly\", database "
            "\"postgres\", SSL encryption");
}

// A raw SCRAM exchange over TLS; returns the mechanisms offered and what followed the
// client-final-message.
std::pair<std::vector<std::string>, std::vector<protocol::RawMessage>> TlsScramLogin(
    TlsTestClient& client, ScramClient& scram, const std::string& mechanism) {
  client.SendStartup("alice");
  std::optional<protocol::RawMessage> offer = client.ReadMessage();
  if (!offer) return {};
  std::vector<std::string> mechanisms = protocol::DecodeAuthentication(offer->body).mechanisms;
  std::string bytes;
  protocol::WriteSaslInitialResponse(bytes, {mechanism, scram.ClientFirst()});
  client.Send(bytes);
  std::optional<protocol::RawMessage> first = client.ReadMessage();
  if (!first || first->type != 'R') return {mechanisms, {}};
  bytes.clear();
  protocol::WriteSaslResponse(
      bytes, {scram.ClientFinal(protocol::DecodeAuthentication(first->body).data)});
  client.Send(bytes);
  return {mechanisms, client.ReadUntilReady()};
}

TEST_F(TlsSessionTest, ScramPlusBindsTheExchangeToTheServerCertificate) {
  TlsTestClient client(port_);
  ScramClient scram{"alice-pw"};
  scram.gs2_header = "p=tls-server-end-point,,";
  scram.channel_binding = client.ServerCertificateHash();
  auto [mechanisms, after] = TlsScramLogin(client, scram, "SCRAM-SHA-256-PLUS");
  EXPECT_EQ(mechanisms, (std::vector<std::string>{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}));
  ASSERT_GE(after.size(), 2u);
  protocol::Authentication final_message = protocol::DecodeAuthentication(after[0].body);
  EXPECT_EQ(final_message.request, protocol::AuthRequest::kSaslFinal);
  EXPECT_EQ(final_message.data, scram.expected_server_final);
  EXPECT_EQ(after.back().type, 'Z');

  // Binding data of another certificate (a man in the middle's) is refused.
  TlsTestClient relayed(port_);
  ScramClient forged{"alice-pw"};
  forged.gs2_header = "p=tls-server-end-point,,";
  forged.channel_binding = std::string(32, 'x');
  auto [unused, refused] = TlsScramLogin(relayed, forged, "SCRAM-SHA-256-PLUS");
  ASSERT_EQ(Types(refused), "E");
  EXPECT_EQ(ErrorFields(refused[0])['C'], "28000");
  EXPECT_EQ(ErrorFields(refused[0])['M'], "SCRAM channel binding check failed");

  // Without TLS there is nothing to bind to: -PLUS is not offered.
  TestClient plain(port_);
  plain.SendStartup("alice");
  std::optional<protocol::RawMessage> offer = plain.ReadMessage();
  ASSERT_TRUE(offer);
  EXPECT_EQ(protocol::DecodeAuthentication(offer->body).mechanisms,
            std::vector<std::string>{"SCRAM-SHA-256"});
}

TEST_F(TlsSessionTest, PsqlAndPsycopg2ConnectWithSslmodeRequire) {
  if (!HavePsql() || !HavePsycopg2()) GTEST_SKIP() << "psql or psycopg2 is not installed";
  CommandResult psql = Psql(ConnString("tester", "sslmode=require"), "ssl info");
  EXPECT_EQ(psql.exit_code, 0) << psql.output;
  EXPECT_EQ(psql.output.rfind("TLSv1.", 0), 0u) << psql.output;
  CommandResult python = RunCommand(
      "/usr/bin/python3 -c " +
      ShellQuote("import psycopg2; c = psycopg2.connect(" +
                 ShellQuote(ConnString("tester", "sslmode=require")) +
                 "); cur = c.cursor(); cur.execute('ssl info'); print(cur.fetchone()[0])"));
  EXPECT_EQ(python.output.rfind("TLSv1.", 0), 0u) << python.output;
}

TEST_F(TlsSessionTest, VerifyFullWorksWithTheGeneratedRootCertificate) {
  if (!HavePsql() || !HavePsycopg2()) GTEST_SKIP() << "psql or psycopg2 is not installed";
  const std::string verify_full = "host=localhost port=" + std::to_string(port_) +
                                  " user=tester dbname=postgres sslmode=verify-full "
                                  "sslrootcert=" +
                                  Root();
  CommandResult psql = Psql(verify_full, "ssl info");
  EXPECT_EQ(psql.exit_code, 0) << psql.output;
  EXPECT_EQ(psql.output.rfind("TLSv1.", 0), 0u) << psql.output;
  CommandResult python = RunCommand(
      "/usr/bin/python3 -c " +
      ShellQuote("import psycopg2; c = psycopg2.connect(" + ShellQuote(verify_full) +
                 "); cur = c.cursor(); cur.execute('select 3'); print(cur.fetchone()[0])"));
  EXPECT_EQ(python.output, "3\n");

  // Another data directory's CA does not vouch for this server.
  std::string other = data_dir_ + "/other";
  std::filesystem::create_directory(other);
  tls::GenerateCertificates(other);
  CommandResult wrong_ca = Psql(
      "host=localhost port=" + std::to_string(port_) +
          " user=tester dbname=postgres sslmode=verify-full sslrootcert=" + other + "/root.crt",
      "select 1");
  EXPECT_NE(wrong_ca.exit_code, 0);
  EXPECT_NE(wrong_ca.output.find("certificate verify failed"), std::string::npos)
      << wrong_ca.output;
}

TEST_F(TlsSessionTest, ClientcertVerifyFullNeedsACertificateNamedForTheUser) {
  TlsTestClient no_certificate(port_);
  std::vector<protocol::RawMessage> messages = no_certificate.Login("certuser");
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "28000");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "connection requires a valid client certificate");

  if (!HavePsql() || RunCommand("openssl version").exit_code != 0) {
    GTEST_SKIP() << "psql or the openssl tool is not installed";
  }
  // Client certificates signed by the data directory's CA (the README's recipe).
  auto make_certificate = [&](const std::string& name) {
    std::string base = data_dir_ + "/" + name;
    CommandResult made = RunCommand(
        "cd " + data_dir_ +
        " && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 " +
        "-nodes -keyout " + base + ".key -subj /CN=" + name + " -out " + base + ".csr && " +
        "openssl x509 -req -in " + base + ".csr -CA root.crt -CAkey root.key -CAcreateserial " +
        "-days 1 -out " + base + ".crt && chmod 600 " + base + ".key");
    EXPECT_EQ(made.exit_code, 0) << made.output;
    return " sslcert=" + base + ".crt sslkey=" + base + ".key";
  };
  std::string right = make_certificate("certuser");
  std::string wrong = make_certificate("someone");
  CommandResult ok = Psql(ConnString("certuser", "sslmode=require" + right), "select 1");
  EXPECT_EQ(ok.output, "1\n");
  CommandResult mismatch = Psql(ConnString("certuser", "sslmode=require" + wrong), "select 1");
  EXPECT_NE(mismatch.exit_code, 0);
  EXPECT_NE(mismatch.output.find("authentication failed for user \"certuser\""), std::string::npos)
      << mismatch.output;
}

TEST_F(TlsSessionTest, LibpqNegotiatesScramSha256PlusOverTls) {
  if (!HavePsql()) GTEST_SKIP() << "psql is not installed";
  // channel_binding=require fails unless the server offers and completes -PLUS.
  CommandResult bound =
      Psql(ConnString("alice", "sslmode=require channel_binding=require"), "select 1", "alice-pw");
  EXPECT_EQ(bound.output, "1\n");
  CommandResult plain =
      Psql(ConnString("alice", "sslmode=disable channel_binding=require"), "select 1", "alice-pw");
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_NE(plain.output.find("channel binding"), std::string::npos) << plain.output;
  // libpq's default (channel_binding=prefer) works too, and a wrong password fails.
  EXPECT_EQ(Psql(ConnString("alice", "sslmode=require"), "select 1", "alice-pw").output, "1\n");
  EXPECT_NE(Psql(ConnString("alice", "sslmode=require"), "select 1", "nope")
                .output.find("password authentication failed for user \"alice\""),
            std::string::npos);
}

// A data directory made by `hyrax init` itself (its hyrax.conf, hba.conf and certificates):
// the documented verify-full command works without further set-up.
class InitDirectoryTest : public ServerFixture {
 protected:
  void PrepareDataDirectory() override {
    std::filesystem::remove(data_dir_ + "/hba.conf");
    std::filesystem::remove(data_dir_ + "/hyrax.conf");
    guc::ResetRegistryForTesting();
    config::RegisterServerGucs();
    cli::CreateDataDirectory(cli::ParseCliArgs({"hyrax", "init", "-D", data_dir_}));
    guc::ResetRegistryForTesting();
  }
};

TEST_F(InitDirectoryTest, PsqlVerifyFullWorksOutOfTheBox) {
  if (!HavePsql()) GTEST_SKIP() << "psql is not installed";
  CommandResult psql =
      RunCommand("/usr/bin/psql -X -At " +
                 ShellQuote("sslmode=verify-full sslrootcert=" + data_dir_ +
                            "/root.crt host=localhost port=" + std::to_string(port_) +
                            " user=tester dbname=postgres") +
                 " -c 'ssl info'");
  EXPECT_EQ(psql.exit_code, 0) << psql.output;
  EXPECT_EQ(psql.output.rfind("TLSv1.3 ", 0), 0u) << psql.output;
}

}  // namespace
}  // namespace hyrax::server::testing
