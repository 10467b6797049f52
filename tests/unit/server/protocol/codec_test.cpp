// Protocol message codecs: every message family round-trips through its writer and
// decoder, and malformed bodies are rejected with PostgreSQL's SQLSTATEs and texts.
#include <gtest/gtest.h>

#include "common/error.h"
#include "server/protocol/auth_messages.h"
#include "server/protocol/copy_messages.h"
#include "server/protocol/error_messages.h"
#include "server/protocol/frontend_message.h"
#include "server/protocol/session_messages.h"
#include "server/protocol/startup_messages.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {
namespace {

// Splits one written message into its type and body, checking the length word.
RawMessage Frame(const std::string& bytes) {
  EXPECT_GE(bytes.size(), 5u);
  uint32_t length = 0;
  for (int idx = 1; idx <= 4; ++idx)
    length = (length << 8) | static_cast<unsigned char>(bytes[idx]);
  EXPECT_EQ(length + 1, bytes.size());
  return {bytes[0], bytes.substr(5)};
}

template <typename Fn>
Error ErrorFrom(Fn&& fn) {
  try {
    fn();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error";
  return Error(errcode::kSuccessfulCompletion, "");
}

std::string Int32Bytes(int32_t value) {
  std::string out;
  MessageBuilder builder(out);
  builder.Int32(value);
  return out;
}

TEST(ProtocolCodecTest, StartupPacketsRoundTrip) {
  StartupMessage startup;
  startup.parameters = {{"user", "alice"}, {"database", "db"}, {"application_name", "psql"}};
  std::string out;
  WriteStartupPacket(out, startup);
  StartupPacket decoded = DecodeStartupPacket(std::string_view(out).substr(4));
  ASSERT_TRUE(std::holds_alternative<StartupMessage>(decoded));
  EXPECT_EQ(std::get<StartupMessage>(decoded).parameters, startup.parameters);
  EXPECT_EQ(std::get<StartupMessage>(decoded).protocol_version, 196608);

  for (StartupPacket packet : {StartupPacket{SslRequest{}}, StartupPacket{GssEncRequest{}},
                               StartupPacket{CancelRequest{1234, -99}}}) {
    std::string bytes;
    WriteStartupPacket(bytes, packet);
    EXPECT_EQ(DecodeStartupPacket(std::string_view(bytes).substr(4)).index(), packet.index());
  }
  std::string cancel;
  WriteStartupPacket(cancel, CancelRequest{4321, 77});
  auto decoded_cancel =
      std::get<CancelRequest>(DecodeStartupPacket(std::string_view(cancel).substr(4)));
  EXPECT_EQ(decoded_cancel.pid, 4321);
  EXPECT_EQ(decoded_cancel.secret, 77);
  EXPECT_EQ(kSslRequestCode, 80877103);
  EXPECT_EQ(kGssEncRequestCode, 80877104);
  EXPECT_EQ(kCancelRequestCode, 80877102);
}

TEST(ProtocolCodecTest, StartupPacketWithoutFinalTerminatorIsRejected) {
  std::string body = Int32Bytes(196608) + std::string("user\0alice\0", 11);  // no final NUL
  Error error = ErrorFrom([&] { DecodeStartupPacket(body); });
  EXPECT_EQ(error.code(), errcode::kProtocolViolation);
  EXPECT_EQ(error.severity(), Severity::kFatal);
  EXPECT_EQ(error.message(), "invalid startup packet layout: expected terminator as last byte");
  std::string missing_value = Int32Bytes(196608) + std::string("user\0", 5);
  EXPECT_THROW(DecodeStartupPacket(missing_value), Error);
  EXPECT_THROW(DecodeStartupPacket(Int32Bytes(kCancelRequestCode) + "12345"), Error);
}

TEST(ProtocolCodecTest, AuthenticationMessagesRoundTrip) {
  for (const Authentication& message :
       {Authentication{AuthRequest::kOk, "", {}},
        Authentication{AuthRequest::kMd5Password, "salt", {}},
        Authentication{AuthRequest::kSasl, "", {"SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"}},
        Authentication{AuthRequest::kSaslContinue, "r=abc,s=xyz,i=4096", {}}}) {
    std::string out;
    WriteAuthentication(out, message);
    RawMessage raw = Frame(out);
    EXPECT_EQ(raw.type, 'R');
    Authentication decoded = DecodeAuthentication(raw.body);
    EXPECT_EQ(decoded.request, message.request);
    EXPECT_EQ(decoded.data, message.data);
    EXPECT_EQ(decoded.mechanisms, message.mechanisms);
  }
  std::string password;
  WritePasswordMessage(password, {"secret"});
  EXPECT_EQ(DecodePasswordMessage(Frame(password).body).password, "secret");
  EXPECT_EQ(ErrorFrom([] { DecodePasswordMessage(std::string("a\0b\0", 4)); }).message(),
            "invalid password packet size");
  std::string initial;
  WriteSaslInitialResponse(initial, {"SCRAM-SHA-256", std::string("n,,n=,r=x")});
  SaslInitialResponse sasl = DecodeSaslInitialResponse(Frame(initial).body);
  EXPECT_EQ(sasl.mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(sasl.data, "n,,n=,r=x");
}

TEST(ProtocolCodecTest, SessionMessagesRoundTrip) {
  std::string out;
  WriteParameterStatus(out, {"server_version", "15.0 (Hyrax 0.1.0)"});
  ParameterStatus status = DecodeParameterStatus(Frame(out).body);
  EXPECT_EQ(status.value, "15.0 (Hyrax 0.1.0)");
  out.clear();
  WriteBackendKeyData(out, {42, -7});
  EXPECT_EQ(DecodeBackendKeyData(Frame(out).body).secret, -7);
  out.clear();
  WriteReadyForQuery(out, TransactionStatus::kFailed);
  EXPECT_EQ(out, std::string("Z\0\0\0\5E", 6));
  EXPECT_EQ(DecodeReadyForQuery(Frame(out).body), TransactionStatus::kFailed);
  out.clear();
  WriteNotificationResponse(out, {9, "chan", "hello"});
  EXPECT_EQ(DecodeNotificationResponse(Frame(out).body).payload, "hello");
  out.clear();
  WriteNegotiateProtocolVersion(out, {0, {"_pq_.compression"}});
  NegotiateProtocolVersion negotiate = DecodeNegotiateProtocolVersion(Frame(out).body);
  EXPECT_EQ(negotiate.unrecognized_options, std::vector<std::string>{"_pq_.compression"});
}

TEST(ProtocolCodecTest, ResultMessagesRoundTrip) {
  std::vector<FieldDescription> fields = {{"id", 16384, 1, 23, 4, -1, 0},
                                          {"name", 0, 0, 25, -1, -1, 1}};
  std::string out;
  WriteRowDescription(out, fields);
  RawMessage raw = Frame(out);
  EXPECT_EQ(raw.type, 'T');
  EXPECT_EQ(DecodeRowDescription(raw.body), fields);
  out.clear();
  std::vector<FieldValue> values = {"1", std::nullopt, ""};
  WriteDataRow(out, values);
  EXPECT_EQ(DecodeDataRow(Frame(out).body), values);
  out.clear();
  WriteCommandComplete(out, "INSERT 0 1");
  EXPECT_EQ(DecodeCommandComplete(Frame(out).body), "INSERT 0 1");
  out.clear();
  WriteEmptyQueryResponse(out);
  EXPECT_EQ(out, std::string("I\0\0\0\4", 5));
}

TEST(ProtocolCodecTest, ExtendedMessagesRoundTrip) {
  std::string out;
  WriteParse(out, {"S_1", "select $1::int4", {23, 0}});
  FrontendMessage parse = DecodeFrontendMessage('P', Frame(out).body);
  EXPECT_EQ(std::get<Parse>(parse).param_types, (std::vector<uint32_t>{23, 0}));
  out.clear();
  Bind bind{"C_1", "S_1", {1}, {std::string("\0\0\0\1", 4), std::nullopt}, {0, 1}};
  WriteBind(out, bind);
  Bind decoded = std::get<Bind>(DecodeFrontendMessage('B', Frame(out).body));
  EXPECT_EQ(decoded.portal, "C_1");
  EXPECT_EQ(decoded.params, bind.params);
  EXPECT_EQ(decoded.result_formats, bind.result_formats);
  out.clear();
  WriteDescribe(out, {ObjectKind::kPortal, "C_1"});
  EXPECT_EQ(std::get<Describe>(DecodeFrontendMessage('D', Frame(out).body)).kind,
            ObjectKind::kPortal);
  out.clear();
  WriteExecute(out, {"C_1", 2});
  EXPECT_EQ(std::get<Execute>(DecodeFrontendMessage('E', Frame(out).body)).max_rows, 2);
  out.clear();
  WriteClose(out, {ObjectKind::kStatement, "S_1"});
  EXPECT_EQ(std::get<Close>(DecodeFrontendMessage('C', Frame(out).body)).name, "S_1");
  out.clear();
  WriteEmpty(out, 'S');
  EXPECT_TRUE(std::holds_alternative<Sync>(DecodeFrontendMessage('S', Frame(out).body)));
  out.clear();
  std::vector<uint32_t> oids = {23, 25};
  WriteParameterDescription(out, oids);
  EXPECT_EQ(DecodeParameterDescription(Frame(out).body), oids);
}

TEST(ProtocolCodecTest, CopyAndFunctionCallMessagesRoundTrip) {
  std::string out;
  WriteCopyResponse(out, {CopyDirection::kOut, 0, {0, 0, 0}});
  RawMessage raw = Frame(out);
  EXPECT_EQ(raw.type, 'H');
  EXPECT_EQ(DecodeCopyResponse(raw.type, raw.body).column_formats.size(), 3u);
  out.clear();
  WriteCopyData(out, "1\tone\n");
  EXPECT_EQ(std::get<CopyData>(DecodeFrontendMessage('d', Frame(out).body)).data, "1\tone\n");
  out.clear();
  WriteCopyFail(out, {"aborted by user"});
  EXPECT_EQ(std::get<CopyFail>(DecodeFrontendMessage('f', Frame(out).body)).message,
            "aborted by user");
  out.clear();
  WriteFunctionCall(out, {1598, {0}, {std::string("x"), std::nullopt}, 1});
  FunctionCall call = std::get<FunctionCall>(DecodeFrontendMessage('F', Frame(out).body));
  EXPECT_EQ(call.function_oid, 1598u);
  EXPECT_EQ(call.args.size(), 2u);
  out.clear();
  WriteFunctionCallResponse(out, std::nullopt);
  EXPECT_EQ(DecodeFunctionCallResponse(Frame(out).body), std::nullopt);
}

TEST(ProtocolCodecTest, ErrorResponseCarriesEveryField) {
  Error error = Error(errcode::kUniqueViolation, "duplicate key value violates unique constraint")
                    .Detail("Key (id)=(1) already exists.")
                    .Hint("hint")
                    .Position(7)
                    .InternalQuery("select 1", 3)
                    .Context("SQL function")
                    .Schema("public")
                    .Table("t")
                    .Column("id")
                    .DataType("int4")
                    .Constraint("t_pkey");
  SourceLocation location{"nbtinsert.c", 663, "_bt_check_unique"};
  std::string out;
  WriteErrorResponse(out, error, false, &location);
  RawMessage raw = Frame(out);
  EXPECT_EQ(raw.type, 'E');
  std::map<char, std::string> fields = DecodeErrorFields(raw.body);
  EXPECT_EQ(fields['S'], "ERROR");
  EXPECT_EQ(fields['V'], "ERROR");
  EXPECT_EQ(fields['C'], "23505");
  EXPECT_EQ(fields['M'], "duplicate key value violates unique constraint");
  EXPECT_EQ(fields['D'], "Key (id)=(1) already exists.");
  EXPECT_EQ(fields['H'], "hint");
  EXPECT_EQ(fields['P'], "7");
  EXPECT_EQ(fields['p'], "3");
  EXPECT_EQ(fields['q'], "select 1");
  EXPECT_EQ(fields['W'], "SQL function");
  EXPECT_EQ(fields['s'], "public");
  EXPECT_EQ(fields['t'], "t");
  EXPECT_EQ(fields['c'], "id");
  EXPECT_EQ(fields['d'], "int4");
  EXPECT_EQ(fields['n'], "t_pkey");
  EXPECT_EQ(fields['F'], "nbtinsert.c");
  EXPECT_EQ(fields['L'], "663");
  EXPECT_EQ(fields['R'], "_bt_check_unique");
  out.clear();
  WriteErrorResponse(out, Error(errcode::kWarning, "careful", Severity::kWarning), true);
  raw = Frame(out);
  EXPECT_EQ(raw.type, 'N');
  EXPECT_EQ(DecodeErrorFields(raw.body)['S'], "WARNING");
}

TEST(ProtocolCodecTest, MalformedFrontendMessagesRaise08P01) {
  auto code_of = [](char type, std::string body) {
    return ErrorFrom([&] { DecodeFrontendMessage(type, body); }).code();
  };
  EXPECT_EQ(code_of('Q', "select 1"), errcode::kProtocolViolation);  // no terminator
  EXPECT_EQ(ErrorFrom([] { DecodeFrontendMessage('Q', std::string("a\0b\0", 4)); }).message(),
            "invalid message format");
  EXPECT_EQ(code_of('S', "x"), errcode::kProtocolViolation);
  EXPECT_EQ(ErrorFrom([] { DecodeFrontendMessage('D', std::string("Xname\0", 6)); }).message(),
            "invalid DESCRIBE message subtype 88");
  EXPECT_EQ(ErrorFrom([] { DecodeFrontendMessage('C', std::string("Q\0", 2)); }).message(),
            "invalid CLOSE message subtype 81");
  // Parse claiming 65535 parameter types with none present: rejected before allocating.
  EXPECT_EQ(
      ErrorFrom([] { DecodeFrontendMessage('P', std::string("\0q\0\xff\xff", 5)); }).message(),
      "insufficient data left in message");
  // Bind whose parameter length runs past the end of the message, or is negative.
  std::string bind_past_end = std::string("\0\0\0\0\0\1", 6) + Int32Bytes(1000) + "ab";
  EXPECT_EQ(ErrorFrom([&] { DecodeFrontendMessage('B', bind_past_end); }).message(),
            "insufficient data left in message");
  std::string bind_negative = std::string("\0\0\0\0\0\1", 6) + Int32Bytes(-5) + "\0\0";
  EXPECT_EQ(code_of('B', bind_negative), errcode::kProtocolViolation);
  std::string bind_formats = std::string("\0\0\0\2\0\0\0\0\0\1", 10) + Int32Bytes(-1) + "\0\0";
  EXPECT_EQ(ErrorFrom([&] { DecodeFrontendMessage('B', bind_formats); }).message(),
            "bind message has 2 parameter formats but 1 parameters");
  std::string bind_bad_format = std::string("\0\0\0\1\0\7\0\0\0\0", 10);
  Error format = ErrorFrom([&] { DecodeFrontendMessage('B', bind_bad_format); });
  EXPECT_EQ(format.code(), errcode::kInvalidParameterValue);
  EXPECT_EQ(format.message(), "unsupported format code: 7");
  Error unknown = ErrorFrom([] { DecodeFrontendMessage('z', ""); });
  EXPECT_EQ(unknown.message(), "invalid frontend message type 122");
  EXPECT_EQ(unknown.severity(), Severity::kFatal);
}

TEST(ProtocolCodecTest, InvalidUtf8InQueryTextRaises22021) {
  Error error =
      ErrorFrom([] { DecodeFrontendMessage('Q', std::string("select '\xc3\x28'\0", 12)); });
  EXPECT_EQ(error.code(), errcode::kCharacterNotInRepertoire);
  EXPECT_EQ(error.message(), "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
  EXPECT_NO_THROW(ValidateUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  EXPECT_THROW(ValidateUtf8("\xed\xa0\x80"), Error);  // surrogate
  EXPECT_THROW(ValidateUtf8("\xc0\xaf"), Error);      // overlong
  EXPECT_THROW(ValidateUtf8("\xf0\x9f\x98"), Error);  // truncated
}

}  // namespace
}  // namespace hyrax::server::protocol
