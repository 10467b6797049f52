// Generation of the init-time certificate authority and server certificate (see
// server/tls/certificate_generator.h), with OpenSSL's EVP key and X509 builder API.
#include "server/tls/certificate_generator.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include "common/error.h"
#include "server/tls/openssl_handles.h"

namespace hyrax::server::tls {

namespace {

[[noreturn]] void ThrowOpenSsl(const char* what) {
  throw Error(errcode::kInternalError, fmt::format("{}: {}", what, TakeOpenSslError()));
}

void Check(int ok, const char* what) {
  if (ok != 1) ThrowOpenSsl(what);
}

EvpPkeyPtr GenerateKey() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) ThrowOpenSsl("could not generate a key");
  return key;
}

// A random positive 127-bit serial number (RFC 5280 allows up to 20 octets).
void SetRandomSerial(X509* certificate) {
  unsigned char bytes[16];
  Check(RAND_bytes(bytes, sizeof(bytes)), "could not generate a serial number");
  bytes[0] &= 0x7F;
  BignumPtr number(BN_bin2bn(bytes, sizeof(bytes), nullptr));
  if (!number) ThrowOpenSsl("could not generate a serial number");
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
  if (!serial) ThrowOpenSsl("could not generate a serial number");
  Check(X509_set_serialNumber(certificate, serial.get()), "could not set the serial number");
}

X509NamePtr CommonName(const std::string& common_name) {
  X509NamePtr name(X509_NAME_new());
  if (!name) ThrowOpenSsl("could not build a certificate name");
  Check(X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                   -1, 0),
        "could not build a certificate name");
  return name;
}

void AddExtension(X509* certificate, X509V3_CTX* context, int nid, const char* value) {
  X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, context, nid, value));
  if (!extension) ThrowOpenSsl("could not build a certificate extension");
  Check(X509_add_ext(certificate, extension.get(), -1), "could not add a certificate extension");
}

// A version 3 certificate for `key` named `subject`, valid from now for the validity
// period, not yet signed and without extensions.
X509Ptr NewCertificate(EVP_PKEY* key, const X509_NAME* subject) {
  X509Ptr certificate(X509_new());
  if (!certificate) ThrowOpenSsl("could not create a certificate");
  Check(X509_set_version(certificate.get(), X509_VERSION_3), "could not set the version");
  SetRandomSerial(certificate.get());
  if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) ||
      !X509_time_adj_ex(X509_getm_notAfter(certificate.get()), kCertificateValidityDays, 0,
                        nullptr)) {
    ThrowOpenSsl("could not set the validity period");
  }
  Check(X509_set_subject_name(certificate.get(), subject), "could not set the subject");
  Check(X509_set_pubkey(certificate.get(), key), "could not set the public key");
  return certificate;
}

X509Ptr MakeRootCertificate(EVP_PKEY* key) {
  unsigned char tag[4];
  Check(RAND_bytes(tag, sizeof(tag)), "could not generate a name");
  // A random tag keeps the CAs of different data directories apart when a client trusts
  // several of them.
  X509NamePtr name = CommonName(
      fmt::format("Hyrax root CA {:02x}{:02x}{:02x}{:02x}", tag[0], tag[1], tag[2], tag[3]));
  X509Ptr certificate = NewCertificate(key, name.get());
  Check(X509_set_issuer_name(certificate.get(), name.get()), "could not set the issuer");
  X509V3_CTX context;
  X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
  AddExtension(certificate.get(), &context, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(certificate.get(), &context, NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(certificate.get(), &context, NID_subject_key_identifier, "hash");
  if (X509_sign(certificate.get(), key, EVP_sha256()) <= 0) ThrowOpenSsl("could not sign");
  return certificate;
}

X509Ptr MakeServerCertificate(EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  X509NamePtr name = CommonName("localhost");
  X509Ptr certificate = NewCertificate(key, name.get());
  Check(X509_set_issuer_name(certificate.get(), X509_get_subject_name(issuer)),
        "could not set the issuer");
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, certificate.get(), nullptr, nullptr, 0);
  AddExtension(certificate.get(), &context, NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(certificate.get(), &context, NID_key_usage, "critical,digitalSignature");
  AddExtension(certificate.get(), &context, NID_ext_key_usage, "serverAuth");
  AddExtension(certificate.get(), &context, NID_subject_alt_name,
               "DNS:localhost,IP:127.0.0.1,IP:::1");
  AddExtension(certificate.get(), &context, NID_subject_key_identifier, "hash");
  AddExtension(certificate.get(), &context, NID_authority_key_identifier, "keyid:always");
  if (X509_sign(certificate.get(), issuer_key, EVP_sha256()) <= 0) ThrowOpenSsl("could not sign");
  return certificate;
}

std::string ToPem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) ThrowOpenSsl("could not encode");
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string ToPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ThrowOpenSsl("could not encode");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

// Writes `text` with exactly `mode`, whatever the umask; a key is never readable by others,
// not even for a moment.
void WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  auto fail = [&path] {
    throw Error(errcode::kIoError,
                fmt::format("could not write file \"{}\": {}", path, std::strerror(errno)),
                Severity::kFatal);
  };
  unlink(path.c_str());
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0600);
  if (fd < 0) fail();
  size_t written = 0;
  while (written < text.size()) {
    ssize_t count = write(fd, text.data() + written, text.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      int saved = errno;
      close(fd);
      errno = saved;
      fail();
    }
    written += static_cast<size_t>(count);
  }
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    fail();
  }
  if (close(fd) != 0) fail();
}

}  // namespace

void GenerateCertificates(const std::string& directory) {
  ERR_clear_error();
  EvpPkeyPtr root_key = GenerateKey();
  X509Ptr root = MakeRootCertificate(root_key.get());
  EvpPkeyPtr server_key = GenerateKey();
  X509Ptr server = MakeServerCertificate(server_key.get(), root.get(), root_key.get());
  const std::string prefix = directory + "/";
  WriteFile(prefix + kRootKeyFile, ToPem(root_key.get()), 0600);
  WriteFile(prefix + kRootCertificateFile, ToPem(root.get()), 0644);
  WriteFile(prefix + kServerKeyFile, ToPem(server_key.get()), 0600);
  WriteFile(prefix + kServerCertificateFile, ToPem(server.get()), 0644);
}

}  // namespace hyrax::server::tls
