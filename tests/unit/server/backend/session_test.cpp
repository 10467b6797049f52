// Protocol flows of a backend session, over TCP against a forked postmaster with the fake
// engine: SSL/GSS negotiation, start-up reports and errors, simple queries with several
// statements, error recovery, the extended protocol's skip-until-Sync, COPY, notices,
// cancel (right and wrong key), timeouts, and malformed input.
#include "tests/unit/server/fake/server_fixture.h"

namespace hyrax::server::testing {
namespace {

using SessionTest = ServerFixture;

std::string Packet(const protocol::StartupPacket& packet) {
  std::string bytes;
  protocol::WriteStartupPacket(bytes, packet);
  return bytes;
}

std::map<std::string, std::string> Statuses(const std::vector<protocol::RawMessage>& messages) {
  std::map<std::string, std::string> values;
  for (const protocol::RawMessage& message : messages) {
    if (message.type != 'S') continue;
    protocol::ParameterStatus status = protocol::DecodeParameterStatus(message.body);
    values[status.name] = status.value;
  }
  return values;
}

protocol::BackendKeyData KeyOf(const std::vector<protocol::RawMessage>& messages) {
  const protocol::RawMessage* key = ServerFixture::Find(messages, 'K');
  return key ? protocol::DecodeBackendKeyData(key->body) : protocol::BackendKeyData{};
}

char StatusOf(const std::vector<protocol::RawMessage>& messages) {
  return messages.empty() || messages.back().type != 'Z' ? '?' : messages.back().body[0];
}

TEST_F(SessionTest, StartupSendsAuthOkParameterStatusKeyAndReady) {
  TestClient client(port_);
  std::vector<protocol::RawMessage> messages =
      client.Login("tester", {{"application_name", "psql"}});
  std::string types = Types(messages);
  EXPECT_EQ(types, "R" + std::string(13, 'S') + "KZ");
  EXPECT_EQ(protocol::DecodeAuthentication(messages[0].body).request, protocol::AuthRequest::kOk);
  std::map<std::string, std::string> status = Statuses(messages);
  EXPECT_EQ(status["server_version"], "15.0 (Hyrax 0.1.0)");
  EXPECT_EQ(status["server_encoding"], "UTF8");
  EXPECT_EQ(status["client_encoding"], "UTF8");
  EXPECT_EQ(status["DateStyle"], "ISO, MDY");
  EXPECT_EQ(status["integer_datetimes"], "on");
  EXPECT_EQ(status["standard_conforming_strings"], "on");
  EXPECT_EQ(status["IntervalStyle"], "postgres");
  EXPECT_EQ(status["is_superuser"], "off");
  EXPECT_EQ(status["session_authorization"], "tester");
  EXPECT_EQ(status["application_name"], "psql");
  EXPECT_EQ(status["default_transaction_read_only"], "off");
  EXPECT_EQ(status["in_hot_standby"], "off");
  EXPECT_TRUE(status.count("TimeZone"));
  EXPECT_NE(KeyOf(messages).pid, 0);
  EXPECT_EQ(StatusOf(messages), 'I');
}

TEST_F(SessionTest, SslRequestIsAnsweredNThenStartupWorksOnTheSameSocket) {
  TestClient client(port_);
  client.Send(Packet(protocol::SslRequest{}));
  EXPECT_EQ(client.ReadByte(), 'N');
  EXPECT_EQ(StatusOf(client.Login()), 'I');
}

TEST_F(SessionTest, GssEncRequestIsAnsweredN) {
  TestClient client(port_);
  client.Send(Packet(protocol::GssEncRequest{}));
  EXPECT_EQ(client.ReadByte(), 'N');
  client.Send(Packet(protocol::SslRequest{}));
  EXPECT_EQ(client.ReadByte(), 'N');
  EXPECT_EQ(StatusOf(client.Login()), 'I');
}

TEST_F(SessionTest, DataPipelinedAfterSslRequestIsRefused) {
  TestClient client(port_);
  protocol::StartupMessage startup;
  startup.parameters = {{"user", "tester"}};
  client.Send(Packet(protocol::SslRequest{}) + Packet(startup));
  EXPECT_EQ(client.ReadByte(), 'N');
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");  // never an 'R', 'K' or 'Z' for the injected startup
  EXPECT_EQ(ErrorFields(messages[0])['C'], "08P01");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "received unencrypted data after SSL request");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(SessionTest, SecondSslRequestIsAProtocolError) {
  TestClient client(port_);
  client.Send(Packet(protocol::SslRequest{}));
  ASSERT_EQ(client.ReadByte(), 'N');
  client.Send(Packet(protocol::SslRequest{}));
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'],
            "unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0");
}

TEST_F(SessionTest, SeveralStatementsInOneQueryAnswerInOrderWithOneReady) {
  TestClient client(port_);
  client.Login();
  std::vector<protocol::RawMessage> messages = client.Query("select 1; select 2;select 3");
  EXPECT_EQ(Types(messages), "TDCTDCTDCZ");
  EXPECT_EQ(std::string(*protocol::DecodeDataRow(messages[4].body)[0]), "2");
  EXPECT_EQ(protocol::DecodeCommandComplete(messages[8].body), "SELECT 1");
  EXPECT_EQ(Types(client.Query("")), "IZ");
  EXPECT_EQ(Types(client.Query("  ;  ")), "IZ");
}

TEST_F(SessionTest, AnErrorStopsTheBatchAndReadyFollows) {
  TestClient client(port_);
  client.Login();
  std::vector<protocol::RawMessage> messages = client.Query("select 1; bogus; select 3");
  ASSERT_EQ(Types(messages), "TDCEZ");
  std::map<char, std::string> error = ErrorFields(messages[3]);
  EXPECT_EQ(error['S'], "ERROR");
  EXPECT_EQ(error['V'], "ERROR");
  EXPECT_EQ(error['C'], "42601");
  EXPECT_EQ(error['P'], "1");
  EXPECT_EQ(StatusOf(messages), 'I');
  EXPECT_EQ(FirstValue(client.Query("select 4")), "4");
}

TEST_F(SessionTest, ReadyForQueryCarriesTheTransactionStatus) {
  TestClient client(port_);
  client.Login();
  EXPECT_EQ(StatusOf(client.Query("begin")), 'T');
  EXPECT_EQ(StatusOf(client.Query("bogus")), 'E');
  std::vector<protocol::RawMessage> ignored = client.Query("select 1");
  EXPECT_EQ(ErrorFields(ignored[0])['C'], "25P02");
  EXPECT_EQ(StatusOf(ignored), 'E');
  EXPECT_EQ(StatusOf(client.Query("rollback")), 'I');
}

TEST_F(SessionTest, ChangedReportedSettingsAreSentBeforeReady) {
  TestClient client(port_);
  client.Login();
  std::vector<protocol::RawMessage> messages = client.Query("set application_name = 'app'");
  EXPECT_EQ(Types(messages), "CSZ");
  EXPECT_EQ(Statuses(messages)["application_name"], "app");
  messages = client.Query("set DateStyle = 'german'");
  EXPECT_EQ(Statuses(messages)["DateStyle"], "German, DMY");
  EXPECT_EQ(Types(client.Query("set work_mem = '8MB'")), "CZ");  // not a reported setting
  // A SET undone by ROLLBACK within one query leaves nothing to report.
  EXPECT_EQ(Types(client.Query("begin; set application_name = 'x'; rollback")), "CCCZ");
  // An aborted SET is reverted and reported once the value is back.
  client.Query("begin; set application_name = 'y'");
  messages = client.Query("rollback");
  EXPECT_EQ(Statuses(messages)["application_name"], "app");
}

TEST_F(SessionTest, StartupSettingsApplyAsClientSource) {
  TestClient client(port_);
  client.Login("tester", {{"options", "-c work_mem=16MB --statement-timeout=5s"},
                          {"DateStyle", "ISO"},
                          {"extra_float_digits", "2"}});
  EXPECT_EQ(FirstValue(client.Query("show work_mem")), "16MB");
  EXPECT_EQ(FirstValue(client.Query("show statement_timeout")), "5s");
  EXPECT_EQ(FirstValue(client.Query("show extra_float_digits")), "2");
}

TEST_F(SessionTest, StartupErrorsAreFatalWithPostgresCodes) {
  struct Case {
    std::string user;
    std::vector<std::pair<std::string, std::string>> extra;
    std::string database;
    const char* code;
    const char* message;
  };
  const Case cases[] = {
      {"tester",
       {{"no_such_setting", "1"}},
       "postgres",
       "42704",
       "unrecognized configuration parameter \"no_such_setting\""},
      {"tester",
       {{"log_min_messages", "debug1"}},
       "postgres",
       "42501",
       "permission denied to set parameter \"log_min_messages\""},
      {"tester",
       {{"port", "1"}},
       "postgres",
       "55P02",
       "parameter \"port\" cannot be changed without restarting the server"},
      {"ghost", {}, "postgres", "28000", "role \"ghost\" does not exist"},
      {"tester", {}, "nodb", "3D000", "database \"nodb\" does not exist"},
      {"rejectme",
       {},
       "postgres",
       "28000",
       "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"rejectme\", database "
       "\"postgres\", no encryption"},
      {"tester",
       {{"options", "-x"}},
       "postgres",
       "42601",
       "invalid command-line argument for server process: -x"},
  };
  for (const Case& test : cases) {
    TestClient client(port_);
    client.SendStartup(test.user, test.database, test.extra);
    std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
    ASSERT_FALSE(messages.empty()) << test.message;
    std::map<char, std::string> error = ErrorFields(messages.back());
    EXPECT_EQ(messages.back().type, 'E') << test.message;
    EXPECT_EQ(error['S'], "FATAL") << test.message;
    EXPECT_EQ(error['C'], test.code) << test.message;
    EXPECT_EQ(error['M'], test.message);
    EXPECT_TRUE(client.WaitClosed());
  }
  TestClient no_user(port_);
  protocol::StartupMessage startup;
  startup.parameters = {{"database", "postgres"}};
  no_user.Send(Packet(startup));
  std::vector<protocol::RawMessage> messages = no_user.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "no PostgreSQL user name specified in startup packet");
}

TEST_F(SessionTest, NewerMinorProtocolVersionIsNegotiated) {
  TestClient client(port_);
  protocol::StartupMessage startup;
  startup.protocol_version = (3 << 16) | 2;
  startup.parameters = {{"user", "tester"}, {"_pq_.compression", "on"}};
  client.Send(Packet(startup));
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages).front(), 'v');
  protocol::NegotiateProtocolVersion negotiate =
      protocol::DecodeNegotiateProtocolVersion(messages[0].body);
  EXPECT_EQ(negotiate.newest_minor, 0);
  EXPECT_EQ(negotiate.unrecognized_options, std::vector<std::string>{"_pq_.compression"});
  EXPECT_EQ(StatusOf(messages), 'I');
  TestClient old(port_);
  startup.protocol_version = 2 << 16;
  old.Send(Packet(startup));
  messages = old.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'],
            "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
}

TEST_F(SessionTest, MalformedFramingClosesWithoutAReply) {
  TestClient short_startup(port_);
  short_startup.Send(std::string("\0\0\0\5x", 5));
  EXPECT_EQ(short_startup.ReadByte(), std::nullopt);
  EXPECT_TRUE(short_startup.WaitClosed());
  TestClient huge(port_);
  huge.Login();
  huge.Send(std::string("Q\x7f\xff\xff\xff", 5));
  EXPECT_EQ(huge.ReadMessage(), std::nullopt);
  EXPECT_TRUE(huge.WaitClosed());
  TestClient unknown(port_);
  unknown.Login();
  unknown.Send(std::string("z\0\0\0\4", 5));
  std::vector<protocol::RawMessage> messages = unknown.ReadUntilReady();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "invalid frontend message type 122");
  EXPECT_TRUE(unknown.WaitClosed());
  TestClient after(port_);
  EXPECT_EQ(StatusOf(after.Login()), 'I');
  EXPECT_EQ(shared_->startup_calls.load(), 1);  // none of this crashed a backend
}

TEST_F(SessionTest, MalformedMessagesAreErrorsAndTheSessionGoesOn) {
  TestClient client(port_);
  client.Login();
  client.Send(
      std::string("Q\0\0\0\x0b"
                  "abc\0def\0",
                  12));
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "invalid message format");
  std::string bad_utf8;
  protocol::WriteQuery(bad_utf8, "select '\xc3\x28'");
  client.Send(bad_utf8);
  messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "22021");
  EXPECT_EQ(FirstValue(client.Query("select 424242")), "424242");
  // Copy messages outside COPY are ignored.
  std::string stray;
  protocol::WriteCopyData(stray, "junk");
  protocol::WriteCopyDone(stray);
  client.Send(stray);
  EXPECT_EQ(FirstValue(client.Query("select 5")), "5");
}

TEST_F(SessionTest, ExtendedProtocolRunsAndSkipsToSyncAfterAnError) {
  TestClient client(port_);
  client.Login();
  std::string batch;
  protocol::WriteParse(batch, {"", "select 11", {}});
  protocol::WriteBind(batch, {"", "", {}, {}, {}});
  protocol::WriteDescribe(batch, {protocol::ObjectKind::kPortal, ""});
  protocol::WriteExecute(batch, {"", 0});
  protocol::WriteEmpty(batch, 'S');
  client.Send(batch);
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  EXPECT_EQ(Types(messages), "12TDCZ");

  batch.clear();
  protocol::WriteParse(batch, {"s1", "bogus", {}});
  protocol::WriteBind(batch, {"p1", "s1", {}, {}, {}});
  protocol::WriteExecute(batch, {"p1", 0});
  protocol::WriteParse(batch, {"s2", "select 2", {}});  // skipped: after the error
  protocol::WriteEmpty(batch, 'S');
  protocol::WriteBind(batch, {"", "s2", {}, {}, {}});  // s2 was never parsed
  protocol::WriteEmpty(batch, 'S');
  protocol::WriteDescribe(batch, {protocol::ObjectKind::kStatement, "s1"});
  protocol::WriteEmpty(batch, 'S');
  client.Send(batch);
  messages = client.ReadUntilReady();
  EXPECT_EQ(Types(messages), "12EZ");
  EXPECT_EQ(ErrorFields(messages[2])['C'], "42601");
  messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "26000");
  messages = client.ReadUntilReady();
  EXPECT_EQ(Types(messages), "tnZ");  // ParameterDescription, NoData

  batch.clear();
  protocol::WriteParse(batch, {"", "", {}});
  protocol::WriteBind(batch, {"", "", {}, {}, {}});
  protocol::WriteExecute(batch, {"", 1});
  protocol::WriteClose(batch, {protocol::ObjectKind::kStatement, "s1"});
  protocol::WriteEmpty(batch, 'S');
  client.Send(batch);
  EXPECT_EQ(Types(client.ReadUntilReady()), "12I3Z");  // empty query, as pgjdbc isValid()
}

TEST_F(SessionTest, CopyOutAndCopyInFollowTheSubProtocol) {
  TestClient client(port_);
  client.Login();
  EXPECT_EQ(Types(client.Query("copy out")), "HddcCZ");
  std::string query;
  protocol::WriteQuery(query, "copy in");
  client.Send(query);
  std::optional<protocol::RawMessage> response = client.ReadMessage();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->type, 'G');
  std::string data;
  protocol::WriteCopyData(data, "1\tone\n");
  protocol::WriteEmpty(data, 'H');
  protocol::WriteCopyData(data, "2\ttwo\n");
  protocol::WriteCopyDone(data);
  client.Send(data);
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "CZ");
  EXPECT_EQ(protocol::DecodeCommandComplete(messages[0].body), "COPY 2");

  client.Send(query);
  ASSERT_EQ(client.ReadMessage()->type, 'G');
  std::string fail;
  protocol::WriteCopyFail(fail, {"nope"});
  client.Send(fail);
  messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "57014");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "COPY from stdin failed: nope");
}

TEST_F(SessionTest, NoticesHonourClientMinMessages) {
  TestClient client(port_);
  client.Login();
  std::vector<protocol::RawMessage> messages = client.Query("notice hello");
  ASSERT_EQ(Types(messages), "NCZ");
  EXPECT_EQ(ErrorFields(messages[0])['S'], "NOTICE");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "hello");
  client.Query("set client_min_messages = warning");
  EXPECT_EQ(Types(client.Query("notice hidden")), "CZ");
}

TEST_F(SessionTest, CancelWithTheRightKeyInterruptsAndAWrongKeyIsIgnored) {
  TestClient client(port_);
  protocol::BackendKeyData key = KeyOf(client.Login());
  std::string wait;
  protocol::WriteQuery(wait, "wait");
  // Wrong key: ignored, so the statement runs until the test releases it.
  client.Send(wait);
  ASSERT_EQ(client.ReadMessage()->type, 'N');  // the statement is running
  TestClient wrong(port_);
  wrong.Send(Packet(protocol::CancelRequest{key.pid, key.secret + 1}));
  EXPECT_TRUE(wrong.WaitClosed());  // never answered
  shared_->release_wait = 1;
  EXPECT_EQ(Types(client.ReadUntilReady()), "TDCZ");
  // Right key: the running statement fails with 57014.
  shared_->release_wait = 0;
  client.Send(wait);
  ASSERT_EQ(client.ReadMessage()->type, 'N');
  TestClient right(port_);
  right.Send(Packet(protocol::CancelRequest{key.pid, key.secret}));
  EXPECT_TRUE(right.WaitClosed());
  std::vector<protocol::RawMessage> messages = client.ReadUntilReady();
  ASSERT_EQ(Types(messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0])['C'], "57014");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "canceling statement due to user request");
  EXPECT_EQ(FirstValue(client.Query("select 1")), "1");
}

TEST_F(SessionTest, StatementTimeoutCancelsTheStatement) {
  TestClient client(port_);
  client.Login();
  std::vector<protocol::RawMessage> messages = client.Query("set statement_timeout = 20; wait");
  ASSERT_EQ(Types(messages), "CNEZ");
  EXPECT_EQ(ErrorFields(messages[2])['C'], "57014");
  EXPECT_EQ(ErrorFields(messages[2])['M'], "canceling statement due to statement timeout");
}

TEST_F(SessionTest, IdleInTransactionTimeoutEndsTheSession) {
  TestClient client(port_);
  client.Login();
  std::vector<protocol::RawMessage> messages =
      client.Query("set idle_in_transaction_session_timeout = 20; begin");
  EXPECT_EQ(StatusOf(messages), 'T');
  std::optional<protocol::RawMessage> fatal = client.ReadMessage();
  ASSERT_TRUE(fatal);
  EXPECT_EQ(ErrorFields(*fatal)['C'], "25P03");
  EXPECT_EQ(ErrorFields(*fatal)['M'], "terminating connection due to idle-in-transaction timeout");
  EXPECT_TRUE(client.WaitClosed());
}

}  // namespace
}  // namespace hyrax::server::testing
