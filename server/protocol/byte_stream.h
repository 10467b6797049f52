// The byte stream under the protocol layer: a blocking, reliable, ordered channel to one
// client. FdStream (a socket) implements it today; a TLS stream will wrap one after the
// SSLRequest handshake (the TLS issue), so everything above reads and writes through this
// interface only. server/protocol/README.md describes the layering.
#pragma once

#include <cstddef>

namespace hyrax::server::protocol {

class ByteStream {
 public:
  virtual ~ByteStream() = default;

  // Reads at least one byte (up to `capacity`) into `buffer`, blocking until data arrives.
  // Returns 0 at end of stream. Throws Error FATAL 08006 when the connection fails, and
  // whatever the interrupt callback of the implementation throws.
  virtual size_t Read(char* buffer, size_t capacity) = 0;
  // Writes all `size` bytes, blocking as needed. Throws Error FATAL 08006 on failure.
  virtual void Write(const char* data, size_t size) = 0;
};

}  // namespace hyrax::server::protocol
