// A raw-socket protocol client for server tests: connects over TCP, sends encoded
// messages and reads typed messages or single bytes back. Every read is bounded by a
// generous deadline so a server bug fails the test instead of hanging it.
#pragma once

#include <cerrno>
#include <optional>
#include <poll.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "server/protocol/query_messages.h"
#include "server/protocol/startup_messages.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::testing {

class TestClient {
 public:
  static constexpr int kReadDeadlineMs = 30000;

  explicit TestClient(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~TestClient() {
    if (fd_ >= 0) close(fd_);
  }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t count = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (count <= 0) return;
      sent += static_cast<size_t>(count);
    }
  }

  // One byte, or nullopt at end of stream (or after the deadline).
  std::optional<char> ReadByte() {
    std::string byte;
    if (!ReadExact(1, &byte)) return std::nullopt;
    return byte[0];
  }

  // The next message, or nullopt at end of stream (or after the deadline).
  std::optional<protocol::RawMessage> ReadMessage() {
    std::string header;
    if (!ReadExact(5, &header)) return std::nullopt;
    uint32_t length = 0;
    for (int idx = 1; idx <= 4; ++idx)
      length = (length << 8) | static_cast<unsigned char>(header[idx]);
    protocol::RawMessage message{header[0], {}};
    if (length < 4 || !ReadExact(length - 4, &message.body)) return std::nullopt;
    return message;
  }

  // Messages up to and including the next ReadyForQuery (or an ErrorResponse followed by
  // end of stream, for FATAL errors).
  std::vector<protocol::RawMessage> ReadUntilReady() {
    std::vector<protocol::RawMessage> messages;
    while (std::optional<protocol::RawMessage> message = ReadMessage()) {
      messages.push_back(std::move(*message));
      if (messages.back().type == 'Z') break;
    }
    return messages;
  }

  void SendStartup(const std::string& user, const std::string& database = "postgres",
                   std::vector<std::pair<std::string, std::string>> extra = {}) {
    protocol::StartupMessage startup;
    startup.parameters = {{"user", user}, {"database", database}};
    for (auto& parameter : extra) startup.parameters.push_back(std::move(parameter));
    std::string bytes;
    protocol::WriteStartupPacket(bytes, startup);
    Send(bytes);
  }

  // Startup, then everything up to the first ReadyForQuery.
  std::vector<protocol::RawMessage> Login(
      const std::string& user = "tester",
      std::vector<std::pair<std::string, std::string>> extra = {}) {
    SendStartup(user, "postgres", std::move(extra));
    return ReadUntilReady();
  }

  std::vector<protocol::RawMessage> Query(const std::string& sql) {
    std::string bytes;
    protocol::WriteQuery(bytes, sql);
    Send(bytes);
    return ReadUntilReady();
  }

  // True once the server closed the connection (reads return end of stream).
  bool WaitClosed() {
    std::string ignored;
    while (ReadExact(1, &ignored)) ignored.clear();
    return eof_;
  }

 private:
  bool ReadExact(size_t count, std::string* out) {
    while (out->size() < count) {
      pollfd descriptor{fd_, POLLIN, 0};
      if (poll(&descriptor, 1, kReadDeadlineMs) <= 0) return false;
      char buffer[4096];
      ssize_t got = recv(fd_, buffer, std::min(sizeof(buffer), count - out->size()), 0);
      if (got <= 0) {
        eof_ = got == 0 || errno == ECONNRESET;
        return false;
      }
      out->append(buffer, static_cast<size_t>(got));
    }
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
};

// The message types of `messages`, as a string ("RSSKZ").
inline std::string Types(const std::vector<protocol::RawMessage>& messages) {
  std::string types;
  for (const protocol::RawMessage& message : messages) types += message.type;
  return types;
}

}  // namespace hyrax::server::testing
