// The server side of one TLS session over the client socket: a ByteStream backed by
// SSL_read / SSL_write, which the session switches to (Connection::SetStream) after
// answering an SSLRequest with 'S' and completing the handshake (PostgreSQL's
// be_tls_open_server / be_tls_read / be_tls_write / be_tls_close). server/tls/README.md.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "server/protocol/byte_stream.h"
#include "server/tls/openssl_handles.h"
#include "server/tls/tls_info.h"

namespace hyrax::server::tls {

class TlsStream final : public protocol::ByteStream {
 public:
  // Prepares a server session of `context` on the connected blocking socket `fd` (not
  // owned: the FdStream keeps it). `on_interrupt` runs whenever a blocked call was
  // interrupted by a signal (EINTR), with `writing` as in protocol::FdStream; it may throw.
  // Throws Error 08006 when OpenSSL cannot create the session.
  TlsStream(SSL_CTX* context, int fd, std::function<void(bool writing)> on_interrupt);
  // Sends close_notify unless the session failed or never completed its handshake.
  ~TlsStream() override;
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // Runs the server handshake. Returns nullopt on success, or the message to log
  // ("could not accept SSL connection: ..."): PostgreSQL then closes the connection without
  // a reply. Throws whatever the interrupt callback throws.
  std::optional<std::string> Accept();

  // ByteStream. Read returns 0 when the client closed the session (close_notify or a bare
  // end of stream). Both throw Error FATAL 08006 ("could not receive data from client: %s",
  // "could not send data to client: %s") on a TLS or socket error, after which the session
  // is dead (no close_notify). Requires: Accept() succeeded.
  size_t Read(char* buffer, size_t capacity) override;
  void Write(const char* data, size_t size) override;

  // The negotiated protocol, cipher and client certificate (pg_stat_ssl). Requires: Accept()
  // succeeded.
  TlsConnectionInfo Info() const;
  // The tls-server-end-point channel binding data (RFC 5929): the hash of this server's
  // certificate with the digest of its signature algorithm, SHA-256 for MD5 or SHA-1. Empty
  // when it cannot be determined (e.g. Ed25519 certificates), which disables -PLUS.
  std::string ServerEndPointHash() const;

 private:
  // Reacts to SSL_ERROR_WANT_*: with a blocking socket these come from EINTR.
  void Interrupted(bool writing);
  // After the handshake: refuses client certificate names with an embedded NUL.
  std::optional<std::string> CheckPeerNames();

  SslPtr ssl_;
  std::function<void(bool writing)> on_interrupt_;
  bool established_ = false;  // handshake completed
  bool failed_ = false;       // fatal TLS/socket error: no further SSL calls but SSL_free
};

}  // namespace hyrax::server::tls
