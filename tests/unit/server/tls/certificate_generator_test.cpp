// The certificates `hyrax init` writes: file modes (keys 0600), a CA certificate that
// verifies the server certificate, the server certificate's names (CN=localhost, DNS
// localhost, IP 127.0.0.1 and ::1, nothing else), key usage, 10-year validity, P-256 keys
// matching their certificates.
#include "server/tls/certificate_generator.h"

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include "server/tls/openssl_handles.h"

namespace hyrax::server::tls {
namespace {

namespace fs = std::filesystem;

class CertificateGeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/hyrax_cert_test_XXXXXX";
    dir_ = mkdtemp(dir_template);
    GenerateCertificates(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  X509Ptr ReadCertificate(const char* name) const {
    FILE* file = std::fopen((dir_ + "/" + name).c_str(), "r");
    if (!file) return nullptr;
    X509Ptr certificate(PEM_read_X509(file, nullptr, nullptr, nullptr));
    std::fclose(file);
    return certificate;
  }
  EvpPkeyPtr ReadKey(const char* name) const {
    FILE* file = std::fopen((dir_ + "/" + name).c_str(), "r");
    if (!file) return nullptr;
    EvpPkeyPtr key(PEM_read_PrivateKey(file, nullptr, nullptr, nullptr));
    std::fclose(file);
    return key;
  }
  unsigned Mode(const char* name) const {
    struct stat info {};
    stat((dir_ + "/" + name).c_str(), &info);
    return info.st_mode & 0777;
  }

  std::string dir_;
};

TEST_F(CertificateGeneratorTest, KeysArePrivateAndCertificatesReadable) {
  EXPECT_EQ(Mode(kRootKeyFile), 0600u);
  EXPECT_EQ(Mode(kServerKeyFile), 0600u);
  EXPECT_EQ(Mode(kRootCertificateFile), 0644u);
  EXPECT_EQ(Mode(kServerCertificateFile), 0644u);
}

TEST_F(CertificateGeneratorTest, RootVerifiesTheServerCertificateForLocalhostOnly) {
  X509Ptr root = ReadCertificate(kRootCertificateFile);
  X509Ptr server = ReadCertificate(kServerCertificateFile);
  ASSERT_TRUE(root && server);
  EXPECT_EQ(X509_check_ca(root.get()), 1);
  EXPECT_EQ(X509_check_ca(server.get()), 0);

  std::unique_ptr<X509_STORE, OpenSslFree<X509_STORE_free>> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), root.get());
  std::unique_ptr<X509_STORE_CTX, OpenSslFree<X509_STORE_CTX_free>> context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), store.get(), server.get(), nullptr);
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
  EXPECT_EQ(X509_verify_cert(context.get()), 1)
      << X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));

  EXPECT_EQ(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_host(server.get(), "example.com", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(server.get(), "10.0.0.1", 0), 1);
  char common_name[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(server.get()), NID_commonName, common_name,
                            sizeof(common_name));
  EXPECT_STREQ(common_name, "localhost");
  EXPECT_EQ(X509_get_extended_key_usage(server.get()) & XKU_SSL_SERVER, XKU_SSL_SERVER);
}

TEST_F(CertificateGeneratorTest, ValidForTenYearsWithMatchingP256Keys) {
  for (const auto& [certificate_file, key_file] :
       {std::pair{kRootCertificateFile, kRootKeyFile},
        std::pair{kServerCertificateFile, kServerKeyFile}}) {
    X509Ptr certificate = ReadCertificate(certificate_file);
    EvpPkeyPtr key = ReadKey(key_file);
    ASSERT_TRUE(certificate && key) << certificate_file;
    EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1) << certificate_file;
    EXPECT_TRUE(EVP_PKEY_is_a(key.get(), "EC"));
    char group[32] = {};
    size_t length = 0;
    EVP_PKEY_get_group_name(key.get(), group, sizeof(group), &length);
    EXPECT_STREQ(group, "prime256v1");
    int days = 0, seconds = 0;
    ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(certificate.get()),
                             X509_get0_notAfter(certificate.get())),
              1);
    EXPECT_EQ(days, kCertificateValidityDays) << certificate_file;
    EXPECT_EQ(X509_get_signature_nid(certificate.get()), NID_ecdsa_with_SHA256);
  }
}

}  // namespace
}  // namespace hyrax::server::tls
