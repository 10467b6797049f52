// RAII owners for OpenSSL objects (std::unique_ptr with the matching free function) and the
// text of an OpenSSL error in PostgreSQL's style (its SSLerrmessage), shared by the TLS
// context, the TLS stream and the certificate generator. server/tls/README.md.
#pragma once

#include <memory>
#include <string>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace hyrax::server::tls {

template <auto FreeFunction>
struct OpenSslFree {
  template <typename T>
  void operator()(T* object) const {
    FreeFunction(object);
  }
};

using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslFree<SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpenSslFree<SSL_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslFree<X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslFree<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslFree<X509_EXTENSION_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OpenSslFree<ASN1_INTEGER_free>>;

// The reason text of OpenSSL error code `code` ("no SSL error reported" for 0; strerror for
// system errors, which OpenSSL 3 does not always map; "SSL error code %lu" otherwise).
std::string OpenSslErrorText(unsigned long code);
// OpenSslErrorText of the oldest error in this thread's queue, then clears the queue.
std::string TakeOpenSslError();

}  // namespace hyrax::server::tls
