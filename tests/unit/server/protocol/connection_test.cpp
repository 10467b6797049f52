// The connection's framing: messages split across reads, PostgreSQL's length limits
// enforced before any large buffer is sized, clean and unclean end of stream, and output
// buffering.
#include "server/protocol/connection.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "server/protocol/query_messages.h"
#include "server/protocol/startup_messages.h"
#include "tests/unit/server/protocol/memory_stream.h"

namespace hyrax::server::protocol {
namespace {

std::string Length(int32_t value) {
  std::string out;
  MessageBuilder(out).Int32(value);
  return out;
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

TEST(ConnectionTest, ReadsMessagesSplitAcrossReads) {
  std::string input;
  StartupMessage startup;
  startup.parameters = {{"user", "u"}};
  WriteStartupPacket(input, startup);
  WriteQuery(input, "select 1; select 2");
  WriteQuery(input, "");
  MemoryStream stream(input, 3);
  Connection connection(&stream);
  std::optional<std::string> packet = connection.ReadStartupPacket();
  ASSERT_TRUE(packet);
  EXPECT_TRUE(std::holds_alternative<StartupMessage>(DecodeStartupPacket(*packet)));
  ASSERT_EQ(connection.ReadMessageType(), 'Q');
  EXPECT_EQ(DecodeQuery(connection.ReadMessageBody('Q')).text, "select 1; select 2");
  ASSERT_EQ(connection.ReadMessageType(), 'Q');
  EXPECT_EQ(DecodeQuery(connection.ReadMessageBody('Q')).text, "");
  EXPECT_EQ(connection.ReadMessageType(), std::nullopt);
  EXPECT_FALSE(connection.broken());
}

TEST(ConnectionTest, ClosedBeforeAnyByteIsNotAnError) {
  MemoryStream stream("");
  Connection connection(&stream);
  EXPECT_EQ(connection.ReadStartupPacket(), std::nullopt);
}

TEST(ConnectionTest, RejectsStartupPacketsWithInvalidLength) {
  for (int32_t length : {0, 4, 7, 10001, -1, 0x7fffffff}) {
    MemoryStream stream(Length(length) + std::string(16, 'x'));
    Connection connection(&stream);
    Error error = ErrorFrom([&] { connection.ReadStartupPacket(); });
    EXPECT_EQ(error.code(), errcode::kProtocolViolation) << length;
    EXPECT_EQ(error.message(), "invalid length of startup packet") << length;
    EXPECT_TRUE(connection.broken());
  }
  MemoryStream truncated(Length(100) + "abc");
  Connection connection(&truncated);
  EXPECT_EQ(ErrorFrom([&] { connection.ReadStartupPacket(); }).message(),
            "incomplete startup packet");
}

TEST(ConnectionTest, RejectsOversizedMessagesBeforeReadingThem) {
  // Sync may be at most 10000 bytes; Query up to 1 GB.
  MemoryStream stream(std::string("S") + Length(20000));
  Connection connection(&stream);
  ASSERT_EQ(connection.ReadMessageType(), 'S');
  Error error = ErrorFrom([&] { connection.ReadMessageBody('S'); });
  EXPECT_EQ(error.message(), "invalid message length");
  EXPECT_EQ(error.severity(), Severity::kFatal);
  EXPECT_TRUE(connection.broken());

  MemoryStream huge(std::string("Q") + Length(0x7fffffff));
  Connection huge_connection(&huge);
  huge_connection.ReadMessageType();
  EXPECT_EQ(ErrorFrom([&] { huge_connection.ReadMessageBody('Q'); }).message(),
            "invalid message length");
  MemoryStream tiny(std::string("Q") + Length(3));
  Connection tiny_connection(&tiny);
  tiny_connection.ReadMessageType();
  EXPECT_EQ(ErrorFrom([&] { tiny_connection.ReadMessageBody('Q'); }).message(),
            "invalid message length");
}

TEST(ConnectionTest, ADeclaredLengthNeverSizesTheBuffer) {
  // 512 MB declared, 10 bytes sent: reading fails without allocating for the declared size.
  MemoryStream stream(std::string("Q") + Length(512 << 20) + "0123456789");
  Connection connection(&stream);
  connection.ReadMessageType();
  EXPECT_EQ(ErrorFrom([&] { connection.ReadMessageBody('Q'); }).message(),
            "incomplete message from client");
  EXPECT_LE(stream.max_read_request(), size_t{1} << 20);
}

TEST(ConnectionTest, ReportsEofInsideTheLengthWord) {
  MemoryStream stream(std::string("Q\0\0", 3));
  Connection connection(&stream);
  connection.ReadMessageType();
  EXPECT_EQ(ErrorFrom([&] { connection.ReadMessageBody('Q'); }).message(),
            "unexpected EOF within message length word");
}

TEST(ConnectionTest, KnowsWhenInputIsAlreadyBuffered) {
  std::string input;
  WriteStartupPacket(input, SslRequest{});
  WriteQuery(input, "injected");
  MemoryStream stream(input);
  Connection connection(&stream);
  ASSERT_TRUE(connection.ReadStartupPacket());
  EXPECT_TRUE(connection.HasBufferedInput());
}

TEST(ConnectionTest, BuffersOutputUntilFlushed) {
  MemoryStream stream("");
  Connection connection(&stream);
  WriteCommandComplete(connection.out(), "SELECT 1");
  EXPECT_TRUE(stream.written().empty());
  connection.Flush();
  EXPECT_EQ(stream.written().size(), 14u);
  EXPECT_EQ(MaxMessageLength('Q'), kLargeMessageLimit);
  EXPECT_EQ(MaxMessageLength('p'), kAuthMessageLimit);
  EXPECT_EQ(MaxMessageLength('E'), kSmallMessageLimit);
}

}  // namespace
}  // namespace hyrax::server::protocol
