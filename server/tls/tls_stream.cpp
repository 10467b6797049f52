// One server-side TLS session over a blocking socket (see server/tls/tls_stream.h). With a
// blocking socket, OpenSSL reports a signal-interrupted recv/send as SSL_ERROR_WANT_READ /
// WANT_WRITE; the interrupt callback then decides whether to go on, and the same call is
// retried with the same arguments, as OpenSSL requires. Error texts follow PostgreSQL's
// be_tls_open_server.
#include "server/tls/tls_stream.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "common/error.h"

namespace hyrax::server::tls {

namespace {

bool IsRetry(int ssl_error, int saved_errno) {
  return ssl_error == SSL_ERROR_WANT_READ || ssl_error == SSL_ERROR_WANT_WRITE ||
         (ssl_error == SSL_ERROR_SYSCALL && saved_errno == EINTR);
}

// Reasons after which PostgreSQL hints at disjoint protocol version ranges.
bool IsProtocolVersionReason(int reason) {
  switch (reason) {
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_BAD_PROTOCOL_VERSION_NUMBER:
    case SSL_R_UNKNOWN_PROTOCOL:
    case SSL_R_UNKNOWN_SSL_VERSION:
    case SSL_R_UNSUPPORTED_SSL_VERSION:
    case SSL_R_WRONG_SSL_VERSION:
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    case SSL_R_VERSION_TOO_HIGH:
    case SSL_R_VERSION_TOO_LOW:
      return true;
    default:
      return false;
  }
}

std::string VersionName(long version, const char* if_unset) {
  switch (version) {
    case TLS1_2_VERSION:
      return "TLSv1.2";
    case TLS1_3_VERSION:
      return "TLSv1.3";
    default:
      return if_unset;
  }
}

// Why an I/O call failed, for "could not receive/send data from/to client: %s".
std::string IoFailure(int ssl_error, unsigned long code, int saved_errno) {
  if (ssl_error == SSL_ERROR_SSL) return "SSL error: " + OpenSslErrorText(code);
  if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0) return std::strerror(saved_errno);
  if (ssl_error == SSL_ERROR_SYSCALL) return "EOF detected";
  return fmt::format("unrecognized SSL error code: {}", ssl_error);
}

std::string OneLineName(const X509_NAME* name) {
  char* text = X509_NAME_oneline(name, nullptr, 0);
  if (!text) return "";
  std::string result(text);
  OPENSSL_free(text);
  return result;
}

// The first CN of `name`; nullopt when it has none.
std::optional<std::string> CommonName(const X509_NAME* name) {
  int length = X509_NAME_get_text_by_NID(name, NID_commonName, nullptr, 0);
  if (length < 0) return std::nullopt;
  std::string text(static_cast<size_t>(length) + 1, '\0');
  X509_NAME_get_text_by_NID(name, NID_commonName, text.data(), length + 1);
  text.resize(static_cast<size_t>(length));
  return text;
}

std::string DecimalSerial(const X509* certificate) {
  BignumPtr number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
  if (!number) return "";
  char* text = BN_bn2dec(number.get());
  if (!text) return "";
  std::string result(text);
  OPENSSL_free(text);
  return result;
}

}  // namespace

TlsStream::TlsStream(SSL_CTX* context, int fd, std::function<void(bool writing)> on_interrupt)
    : ssl_(SSL_new(context)), on_interrupt_(std::move(on_interrupt)) {
  if (!ssl_ || SSL_set_fd(ssl_.get(), fd) != 1) {
    failed_ = true;
    throw Error(errcode::kConnectionFailure,
                "could not initialize SSL connection: " + TakeOpenSslError(), Severity::kFatal);
  }
}

TlsStream::~TlsStream() {
  if (!ssl_ || !established_ || failed_) return;
  // One close_notify, without waiting for the client's (PostgreSQL's be_tls_close).
  ERR_clear_error();
  SSL_shutdown(ssl_.get());
  ERR_clear_error();
}

void TlsStream::Interrupted(bool writing) {
  ERR_clear_error();
  if (on_interrupt_) on_interrupt_(writing);
}

std::optional<std::string> TlsStream::Accept() {
  for (;;) {
    ERR_clear_error();
    errno = 0;
    int rc = SSL_accept(ssl_.get());
    int saved_errno = errno;
    if (rc == 1) {
      established_ = true;
      return CheckPeerNames();
    }
    int error = SSL_get_error(ssl_.get(), rc);
    if (IsRetry(error, saved_errno)) {
      Interrupted(false);
      continue;
    }
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    failed_ = true;
    switch (error) {
      case SSL_ERROR_SYSCALL:
        if (rc < 0 && saved_errno != 0) {
          return fmt::format("could not accept SSL connection: {}", std::strerror(saved_errno));
        }
        return "could not accept SSL connection: EOF detected";
      case SSL_ERROR_SSL: {
        std::string text = "could not accept SSL connection: " + OpenSslErrorText(code);
        if (IsProtocolVersionReason(ERR_GET_REASON(code))) {
          text += fmt::format(
              "\nHINT:  This may indicate that the client does not support any SSL protocol "
              "version between {} and {}.",
              VersionName(SSL_get_min_proto_version(ssl_.get()), "TLSv1.2"),
              VersionName(SSL_get_max_proto_version(ssl_.get()), "TLSv1.3"));
        }
        return text;
      }
      case SSL_ERROR_ZERO_RETURN:
        return "could not accept SSL connection: EOF detected";
      default:
        return fmt::format("unrecognized SSL error code: {}", error);
    }
  }
}

std::optional<std::string> TlsStream::CheckPeerNames() {
  const X509* peer = SSL_get0_peer_certificate(ssl_.get());
  if (!peer) return std::nullopt;
  // A NUL inside a name could make "alice\0.evil" pass for "alice" (CVE-2009-4034).
  std::optional<std::string> common_name = CommonName(X509_get_subject_name(peer));
  if (common_name && common_name->find('\0') != std::string::npos) {
    failed_ = true;
    return "SSL certificate's common name contains embedded null";
  }
  return std::nullopt;
}

size_t TlsStream::Read(char* buffer, size_t capacity) {
  if (!established_ || failed_) {
    throw Error(errcode::kConnectionFailure,
                "could not receive data from client: SSL connection is not open", Severity::kFatal);
  }
  for (;;) {
    ERR_clear_error();
    errno = 0;
    size_t got = 0;
    int rc = SSL_read_ex(ssl_.get(), buffer, capacity, &got);
    int saved_errno = errno;
    if (rc == 1) return got;
    int error = SSL_get_error(ssl_.get(), rc);
    if (IsRetry(error, saved_errno)) {
      Interrupted(false);
      continue;
    }
    // close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) a bare end of stream.
    if (error == SSL_ERROR_ZERO_RETURN) return 0;
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    failed_ = true;
    throw Error(errcode::kConnectionFailure,
                "could not receive data from client: " + IoFailure(error, code, saved_errno),
                Severity::kFatal);
  }
}

void TlsStream::Write(const char* data, size_t size) {
  if (!established_ || failed_) {
    throw Error(errcode::kConnectionFailure,
                "could not send data to client: SSL connection is not open", Severity::kFatal);
  }
  while (size > 0) {
    ERR_clear_error();
    errno = 0;
    size_t written = 0;
    int rc = SSL_write_ex(ssl_.get(), data, size, &written);
    int saved_errno = errno;
    if (rc == 1) {
      data += written;
      size -= written;
      continue;
    }
    int error = SSL_get_error(ssl_.get(), rc);
    if (IsRetry(error, saved_errno)) {
      try {
        Interrupted(true);
      } catch (...) {
        failed_ = true;  // a record may be half sent: the session cannot be closed cleanly
        throw;
      }
      continue;  // same buffer and length, as OpenSSL requires after WANT_WRITE
    }
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    failed_ = true;
    throw Error(errcode::kConnectionFailure,
                "could not send data to client: " + IoFailure(error, code, saved_errno),
                Severity::kFatal);
  }
}

TlsConnectionInfo TlsStream::Info() const {
  TlsConnectionInfo info;
  info.version = SSL_get_version(ssl_.get());
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_.get())) {
    info.cipher = SSL_CIPHER_get_name(cipher);
    info.bits = SSL_CIPHER_get_bits(cipher, nullptr);
  }
  if (const X509* peer = SSL_get0_peer_certificate(ssl_.get())) {
    info.client_cn = CommonName(X509_get_subject_name(peer)).value_or("");
    info.client_dn = OneLineName(X509_get_subject_name(peer));
    info.client_serial = DecimalSerial(peer);
    info.issuer_dn = OneLineName(X509_get_issuer_name(peer));
  }
  return info;
}

std::string TlsStream::ServerEndPointHash() const {
  X509* certificate = SSL_get_certificate(ssl_.get());
  if (!certificate) return "";
  int digest_nid = NID_undef;
  if (!OBJ_find_sigid_algs(X509_get_signature_nid(certificate), &digest_nid, nullptr)) return "";
  // RFC 5929 section 4.1: MD5 and SHA-1 are replaced by SHA-256.
  const EVP_MD* digest = (digest_nid == NID_md5 || digest_nid == NID_sha1)
                             ? EVP_sha256()
                             : EVP_get_digestbynid(digest_nid);
  if (!digest) return "";
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!X509_digest(certificate, digest, hash, &length)) {
    ERR_clear_error();
    return "";
  }
  return std::string(reinterpret_cast<const char*>(hash), length);
}

}  // namespace hyrax::server::tls
