// The server's TLS context in-process: built from the init-generated files; every refusal
// PostgreSQL makes at start with its text (missing certificate, key readable by others,
// key not matching, bad cipher list or curve, missing CA file); and LoadServerTls's start /
// reload / ssl = off rules (a bad file on reload keeps the old context).
#include "server/tls/tls_context.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "server/config/guc_table.h"
#include "server/config/server_gucs.h"
#include "server/tls/certificate_generator.h"

namespace hyrax::server::tls {
namespace {

namespace fs = std::filesystem;

class TlsContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/hyrax_tls_test_XXXXXX";
    dir_ = mkdtemp(dir_template);
    GenerateCertificates(dir_);
    settings_.cert_file = dir_ + "/server.crt";
    settings_.key_file = dir_ + "/server.key";
    settings_.ca_file = dir_ + "/root.crt";
  }
  void TearDown() override { fs::remove_all(dir_); }

  Error BuildError(const TlsSettings& settings) {
    try {
      BuildServerContext(settings);
    } catch (const Error& error) {
      return error;
    }
    ADD_FAILURE() << "no error";
    return Error(errcode::kSuccessfulCompletion, "");
  }

  std::string dir_;
  TlsSettings settings_;
};

TEST_F(TlsContextTest, BuildsFromTheInitCertificatesWithTls12Minimum) {
  SslCtxPtr context = BuildServerContext(settings_);
  ASSERT_TRUE(context);
  EXPECT_EQ(SSL_CTX_get_min_proto_version(context.get()), TLS1_2_VERSION);
  EXPECT_TRUE(SSL_CTX_get_options(context.get()) & SSL_OP_CIPHER_SERVER_PREFERENCE);
  EXPECT_TRUE(SSL_CTX_get_options(context.get()) & SSL_OP_NO_TICKET);
  EXPECT_EQ(SSL_CTX_get_verify_mode(context.get()), SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE);
  settings_.ca_file.clear();
  EXPECT_EQ(SSL_CTX_get_verify_mode(BuildServerContext(settings_).get()), SSL_VERIFY_NONE);
}

TEST_F(TlsContextTest, RefusesBadFilesWithPostgresTexts) {
  TlsSettings settings = settings_;
  settings.cert_file = dir_ + "/missing.crt";
  Error error = BuildError(settings);
  EXPECT_EQ(error.code(), errcode::kConfigFileError);
  EXPECT_EQ(error.message(), "could not load server certificate file \"" + dir_ +
                                 "/missing.crt\": No such file or directory");

  chmod(settings_.key_file.c_str(), 0644);
  error = BuildError(settings_);
  EXPECT_EQ(error.message(),
            "private key file \"" + settings_.key_file + "\" has group or world access");
  EXPECT_EQ(error.detail(),
            "File must have permissions u=rw (0600) or less if owned by the database user, or "
            "permissions u=rw,g=r (0640) or less if owned by root.");
  chmod(settings_.key_file.c_str(), 0600);

  settings = settings_;
  settings.key_file = dir_ + "/root.key";  // a valid key, but not the certificate's
  EXPECT_EQ(BuildError(settings).message(),
            "could not load private key file \"" + dir_ + "/root.key\": key values mismatch");

  settings = settings_;
  settings.ciphers = "NO-SUCH-CIPHER";
  EXPECT_EQ(BuildError(settings).message(),
            "could not set the cipher list (no valid ciphers available)");
  settings = settings_;
  settings.ecdh_curve = "no-such-curve";
  EXPECT_EQ(BuildError(settings).message(), "ECDH: unrecognized curve name: no-such-curve");
  settings = settings_;
  settings.ca_file = dir_ + "/missing-root.crt";
  EXPECT_EQ(BuildError(settings).message().rfind(
                "could not load root certificate file \"" + dir_ + "/missing-root.crt\": ", 0),
            0u);
  settings = settings_;
  settings.key_file = dir_ + "/missing.key";
  EXPECT_EQ(BuildError(settings).message(), "could not access private key file \"" + dir_ +
                                                "/missing.key\": No such file or directory");
}

TEST_F(TlsContextTest, StartFailsOnBadFilesButReloadKeepsTheOldContext) {
  guc::ResetRegistryForTesting();
  config::RegisterServerGucs();
  config::g_ssl = true;
  config::g_ssl_cert_file = settings_.cert_file;
  config::g_ssl_key_file = settings_.key_file;
  LoadServerTls(true);
  ASSERT_TRUE(ServerTlsEnabled());
  SSL_CTX* loaded = ServerTlsContext();

  config::g_ssl_cert_file = dir_ + "/missing.crt";
  LoadServerTls(false);  // logged, "SSL configuration was not reloaded"
  EXPECT_TRUE(ServerTlsEnabled());
  EXPECT_EQ(ServerTlsContext(), loaded);
  try {
    LoadServerTls(true);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.severity(), Severity::kFatal);
  }

  config::g_ssl = false;
  LoadServerTls(false);
  EXPECT_FALSE(ServerTlsEnabled());
  EXPECT_EQ(ServerTlsContext(), nullptr);
  guc::ResetRegistryForTesting();
}

}  // namespace
}  // namespace hyrax::server::tls
