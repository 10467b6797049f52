// Socket I/O for the backend (see server/protocol/fd_stream.h). Errors carry PostgreSQL's
// texts ("could not receive data from client: ...") and end the session (FATAL 08006).
#include "server/protocol/fd_stream.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <sys/socket.h>

#include "common/error.h"

namespace hyrax::server::protocol {

FdStream::FdStream(int fd) : fd_(fd) {}

FdStream::~FdStream() {
  if (fd_ >= 0) close(fd_);
}

size_t FdStream::Read(char* buffer, size_t capacity) {
  for (;;) {
    ssize_t got = recv(fd_, buffer, capacity, 0);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno == EINTR) {
      if (on_interrupt_) on_interrupt_(false);
      continue;
    }
    throw Error(errcode::kConnectionFailure,
                std::string("could not receive data from client: ") + std::strerror(errno),
                Severity::kFatal);
  }
}

void FdStream::Write(const char* data, size_t size) {
  while (size > 0) {
    ssize_t sent = send(fd_, data, size, MSG_NOSIGNAL);
    if (sent > 0) {
      data += sent;
      size -= static_cast<size_t>(sent);
      continue;
    }
    if (sent < 0 && errno == EINTR) {
      if (on_interrupt_) on_interrupt_(true);
      continue;
    }
    throw Error(errcode::kConnectionFailure,
                std::string("could not send data to client: ") + std::strerror(errno),
                Severity::kFatal);
  }
}

}  // namespace hyrax::server::protocol
