// A protocol client over TLS for server tests: connects over TCP, sends an SSLRequest (plus
// optional bytes in the same write, to test pipelining), expects 'S', runs an OpenSSL client
// handshake (optionally verifying the server against a CA file and host name) and then
// reads and writes protocol messages through the TLS session. Reads are bounded by a
// receive timeout so a server bug fails the test instead of hanging it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "server/protocol/query_messages.h"
#include "server/protocol/startup_messages.h"
#include "tests/unit/server/fake/test_client.h"

namespace hyrax::server::testing {

struct TlsClientOptions {
  std::string pipelined;  // bytes sent in the same write as the SSLRequest
  std::string ca_file;    // verify the server against it (empty: no verification)
  std::string host_name;  // with ca_file: the name the certificate must match
  int max_version = 0;    // highest TLS version offered (0 = OpenSSL's highest)
};

class TlsTestClient {
 public:
  explicit TlsTestClient(int port, const TlsClientOptions& options = {}) : tcp_(port) {
    timeval timeout{TestClient::kReadDeadlineMs / 1000, 0};
    setsockopt(tcp_.fd(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    std::string request;
    protocol::WriteStartupPacket(request, protocol::SslRequest{});
    tcp_.Send(request + options.pipelined);
    std::optional<char> answer = tcp_.ReadByte();
    answer_ = answer.value_or('\0');
    if (answer_ != 'S') return;
    context_ = SSL_CTX_new(TLS_client_method());
    if (options.max_version != 0) {
      SSL_CTX_set_min_proto_version(context_, 0);
      SSL_CTX_set_max_proto_version(context_, options.max_version);
      SSL_CTX_set_security_level(context_, 0);  // let OpenSSL offer old versions at all
    }
    if (!options.ca_file.empty()) {
      SSL_CTX_load_verify_locations(context_, options.ca_file.c_str(), nullptr);
      SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
    }
    ssl_ = SSL_new(context_);
    SSL_set_fd(ssl_, tcp_.fd());
    if (!options.host_name.empty()) {
      SSL_set_tlsext_host_name(ssl_, options.host_name.c_str());
      SSL_set1_host(ssl_, options.host_name.c_str());
    }
    handshake_ok_ = SSL_connect(ssl_) == 1;
    if (!handshake_ok_) handshake_error_ = ERR_error_string(ERR_get_error(), nullptr);
  }
  ~TlsTestClient() {
    if (ssl_) {
      if (handshake_ok_) SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    if (context_) SSL_CTX_free(context_);
  }
  TlsTestClient(const TlsTestClient&) = delete;
  TlsTestClient& operator=(const TlsTestClient&) = delete;

  char answer() const { return answer_; }
  bool handshake_ok() const { return handshake_ok_; }
  const std::string& handshake_error() const { return handshake_error_; }
  SSL* ssl() const { return ssl_; }

  // The tls-server-end-point data a client computes: SHA-256 of the server certificate
  // (the certificates of these tests are signed with SHA-256).
  std::string ServerCertificateHash() const {
    X509* certificate = SSL_get0_peer_certificate(ssl_);
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(certificate, EVP_sha256(), hash, &length);
    return std::string(reinterpret_cast<const char*>(hash), length);
  }

  void Send(const std::string& bytes) {
    SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
  }

  std::optional<protocol::RawMessage> ReadMessage() {
    std::string header;
    if (!ReadExact(5, &header)) return std::nullopt;
    uint32_t length = 0;
    for (int idx = 1; idx <= 4; ++idx) {
      length = (length << 8) | static_cast<unsigned char>(header[idx]);
    }
    protocol::RawMessage message{header[0], {}};
    if (length < 4 || !ReadExact(length - 4, &message.body)) return std::nullopt;
    return message;
  }

  std::vector<protocol::RawMessage> ReadUntilReady() {
    std::vector<protocol::RawMessage> messages;
    while (std::optional<protocol::RawMessage> message = ReadMessage()) {
      messages.push_back(std::move(*message));
      if (messages.back().type == 'Z') break;
    }
    return messages;
  }

  void SendStartup(const std::string& user, const std::string& database = "postgres") {
    protocol::StartupMessage startup;
    startup.parameters = {{"user", user}, {"database", database}};
    std::string bytes;
    protocol::WriteStartupPacket(bytes, startup);
    Send(bytes);
  }

  std::vector<protocol::RawMessage> Login(const std::string& user = "tester") {
    SendStartup(user);
    return ReadUntilReady();
  }

  std::vector<protocol::RawMessage> Query(const std::string& sql) {
    std::string bytes;
    protocol::WriteQuery(bytes, sql);
    Send(bytes);
    return ReadUntilReady();
  }

  // Reads until the session ends and returns how: SSL_ERROR_ZERO_RETURN after the
  // server's close_notify, another SSL_ERROR_* after a bare close or a timeout.
  int ReadToEndOfSession() {
    char buffer[4096];
    for (;;) {
      int got = SSL_read(ssl_, buffer, sizeof(buffer));
      if (got > 0) continue;
      int error = SSL_get_error(ssl_, got);
      ERR_clear_error();
      return error;
    }
  }

  // True once the server ended the TLS session or closed the socket.
  bool WaitClosed() {
    std::string ignored;
    while (ReadExact(1, &ignored)) ignored.clear();
    return closed_;
  }

 private:
  bool ReadExact(size_t count, std::string* out) {
    while (out->size() < count) {
      char buffer[4096];
      int got =
          SSL_read(ssl_, buffer, static_cast<int>(std::min(sizeof(buffer), count - out->size())));
      if (got <= 0) {
        int error = SSL_get_error(ssl_, got);
        // close_notify, or the socket closed (SSL_ERROR_SYSCALL / SSL error after EOF).
        closed_ =
            error == SSL_ERROR_ZERO_RETURN || error == SSL_ERROR_SYSCALL || error == SSL_ERROR_SSL;
        ERR_clear_error();
        return false;
      }
      out->append(buffer, static_cast<size_t>(got));
    }
    return true;
  }

  TestClient tcp_;
  char answer_ = '\0';
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
  bool handshake_ok_ = false;
  std::string handshake_error_;
  bool closed_ = false;
};

}  // namespace hyrax::server::testing
