// ByteStream over a connected socket file descriptor, with blocking recv/send. A signal
// that interrupts a blocked call (EINTR) runs the interrupt callback, which may throw (the
// backend uses it for termination, cancel during COPY and idle timeouts) before the call
// is retried; it is told whether a write (true) or a read was interrupted.
#pragma once

#include <functional>

#include "server/protocol/byte_stream.h"

namespace hyrax::server::protocol {

class FdStream final : public ByteStream {
 public:
  // Takes ownership of `fd` (closed by the destructor).
  explicit FdStream(int fd);
  ~FdStream() override;
  FdStream(const FdStream&) = delete;
  FdStream& operator=(const FdStream&) = delete;

  size_t Read(char* buffer, size_t capacity) override;
  void Write(const char* data, size_t size) override;

  // Called after a blocking call returned EINTR; may throw to abandon the call.
  void SetInterruptCallback(std::function<void(bool writing)> callback) {
    on_interrupt_ = std::move(callback);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
  std::function<void(bool writing)> on_interrupt_;
};

}  // namespace hyrax::server::protocol
