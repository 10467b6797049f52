// The buffered message reader/writer of one client connection: frames startup packets and
// typed messages over a ByteStream with PostgreSQL's length limits, and buffers outgoing
// messages until Flush(). Framing failures end the connection without a reply, as in
// PostgreSQL (they are logged as COMMERROR there): broken() tells the session not to try
// sending an ErrorResponse. server/protocol/README.md has the limits.
#pragma once

#include <optional>
#include <string>

#include "server/protocol/byte_stream.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

// PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
inline constexpr size_t kMaxStartupPacketLength = 10000;
// PQ_LARGE_MESSAGE_LIMIT for Query, Parse, Bind, FunctionCall and CopyData.
inline constexpr size_t kLargeMessageLimit = (size_t{1} << 30) - 2;
// PG_MAX_AUTH_TOKEN_LENGTH for password / SASL messages.
inline constexpr size_t kAuthMessageLimit = 65535;
// PQ_SMALL_MESSAGE_LIMIT for every other message.
inline constexpr size_t kSmallMessageLimit = 10000;

// The largest body length accepted for a frontend message of `type`.
size_t MaxMessageLength(char type);

class Connection {
 public:
  // `stream` must outlive the connection (or be replaced by SetStream first).
  explicit Connection(ByteStream* stream) : stream_(stream) {}

  // Switches to another stream (the TLS stream after a handshake). Requires: no buffered
  // input (HasBufferedInput() is false).
  void SetStream(ByteStream* stream) { stream_ = stream; }

  // Reads one startup-phase packet (length word, then body) and returns the body.
  // Returns nullopt when the client closed before sending a byte. Throws Error FATAL 08P01
  // "invalid length of startup packet" (length < 8 or > 10000) or "incomplete startup
  // packet", marking the connection broken.
  std::optional<std::string> ReadStartupPacket();

  // Reads the type byte of the next message; nullopt at a clean end of stream.
  std::optional<char> ReadMessageType();
  // Reads the rest of a message of `type`: checks the length word against
  // MaxMessageLength(type) before reading (so an untrusted length never sizes a buffer)
  // and returns the body. Throws Error FATAL 08P01 "invalid message length", "unexpected
  // EOF within message length word" or "incomplete message from client" (broken).
  std::string ReadMessageBody(char type);

  // True when bytes already read from the stream are waiting in the buffer.
  bool HasBufferedInput() const { return in_pos_ < in_.size(); }
  // Drops buffered input (bytes that must never be interpreted, e.g. plaintext pipelined
  // after an SSLRequest).
  void DiscardBufferedInput() {
    in_.clear();
    in_pos_ = 0;
  }

  // The output buffer; append complete messages (server/protocol/*_messages.h writers).
  std::string& out() { return out_; }
  // Sends the buffer when it has grown large (call after each appended data row).
  void MaybeFlush() {
    if (out_.size() >= kFlushThreshold) Flush();
  }
  // Writes everything buffered. Throws Error FATAL 08006 when the client is gone (and
  // marks the connection broken; later flushes discard their data).
  void Flush();
  bool broken() const { return broken_; }

 private:
  static constexpr size_t kFlushThreshold = 64 * 1024;
  static constexpr size_t kReadChunk = 16 * 1024;

  // Reads until `count` more bytes are available or the stream ends; returns false then.
  bool Fill(size_t count);
  int32_t TakeInt32();
  [[noreturn]] void Fail(const char* message);

  ByteStream* stream_;
  std::string in_;
  size_t in_pos_ = 0;
  std::string out_;
  bool broken_ = false;
};

}  // namespace hyrax::server::protocol
