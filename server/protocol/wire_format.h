// Primitive encoding of v3 protocol messages: MessageBuilder appends one message (type
// byte, big-endian length, body) to an output buffer; MessageCursor reads the body of a
// received message with bounds checks that raise PostgreSQL's 08P01 errors. Strings are
// NUL-terminated and must be valid UTF-8 (22021 otherwise), as the server encoding is UTF8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hyrax::server::protocol {

// A frontend message as framed on the wire; `body` excludes the type and length.
struct RawMessage {
  char type = 0;
  std::string body;
};

class MessageBuilder {
 public:
  explicit MessageBuilder(std::string& out) : out_(out) {}

  // Starts a message; type '\0' writes none (startup-phase packets have no type byte).
  MessageBuilder& Begin(char type);
  MessageBuilder& Byte(char value);
  MessageBuilder& Int16(int16_t value);
  MessageBuilder& Int32(int32_t value);
  MessageBuilder& String(std::string_view value);  // followed by NUL
  MessageBuilder& Bytes(std::string_view value);   // raw
  // Patches the length word of the message started by Begin().
  void End();

 private:
  std::string& out_;
  size_t length_at_ = 0;
};

class MessageCursor {
 public:
  explicit MessageCursor(std::string_view body) : body_(body) {}

  // Each throws Error 08P01 ("no data left in message", "insufficient data left in
  // message", "invalid string in message") when the body is too short.
  char Byte();
  int16_t Int16();
  int32_t Int32();
  // The NUL-terminated string at the cursor (without the NUL), checked to be valid UTF-8
  // (throws 22021) unless `validate` is false. The view points into the body.
  std::string_view String(bool validate = true);
  std::string_view Bytes(size_t count);
  size_t remaining() const { return body_.size() - pos_; }
  // Throws 08P01 "invalid message format" when bytes are left over.
  void ExpectEnd() const;

 private:
  std::string_view body_;
  size_t pos_ = 0;
};

// Throws Error 22021 "invalid byte sequence for encoding \"UTF8\": 0x.." at the first byte
// sequence that is not valid UTF-8 (PostgreSQL's pg_verify_mbstr), or for a NUL byte.
void ValidateUtf8(std::string_view text);

}  // namespace hyrax::server::protocol
