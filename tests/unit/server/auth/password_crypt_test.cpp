// Stored passwords: EncryptPassword's SCRAM and md5 forms (checked against values computed
// independently with Python's hashlib), pass-through of existing hashes, the SCRAM secret
// parser, plain and md5-challenge verification, SASLprep's ASCII path, mapping and
// fall-back to raw bytes, base64 as PostgreSQL decodes it, and the mock-auth nonce file.
#include "server/auth/password_crypt.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "server/auth/auth_crypto.h"
#include "server/auth/mock_auth.h"
#include "server/auth/saslprep.h"
#include "server/config/guc_table.h"

namespace hyrax::server::auth {
namespace {

// hashlib: pbkdf2_hmac('sha256', b'pencil', bytes(range(16)), 4096) -> keys.
constexpr const char* kPencilSecret =
    "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=:"
    "dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=";

std::string SaltZeroToFifteen() {
  std::string salt;
  for (char c = 0; c < 16; ++c) salt += c;
  return salt;
}

TEST(PasswordCryptTest, ScramSecretMatchesAnIndependentComputation) {
  EXPECT_EQ(FormatScramSecret(BuildScramSecret("pencil", SaltZeroToFifteen(), 4096)),
            kPencilSecret);
}

TEST(PasswordCryptTest, EncryptPasswordMakesAFreshScramSecret) {
  std::string first = EncryptPassword("alice", "pencil", PasswordType::kScramSha256);
  std::string second = EncryptPassword("alice", "pencil", PasswordType::kScramSha256);
  EXPECT_NE(first, second);  // random salt
  std::optional<ScramSecret> secret = ParseScramSecret(first);
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->iterations, 4096);
  EXPECT_EQ(secret->salt.size(), 16u);
  EXPECT_EQ(GetPasswordType(first), PasswordType::kScramSha256);
  EXPECT_EQ(FormatScramSecret(BuildScramSecret("pencil", secret->salt, 4096)), first);
  std::string detail;
  EXPECT_TRUE(VerifyPlainPassword("alice", first, "pencil", &detail));
  EXPECT_FALSE(VerifyPlainPassword("alice", first, "pencil2", &detail));
  EXPECT_EQ(detail, "Password does not match for user \"alice\".");
}

TEST(PasswordCryptTest, Md5FormIsMd5OfPasswordAndRole) {
  // hashlib.md5(b'secretalice').hexdigest()
  std::string stored = EncryptPassword("alice", "secret", PasswordType::kMd5);
  EXPECT_EQ(stored, "md54a0a68b43b6cd5cf266fa02f196e2371");
  EXPECT_EQ(GetPasswordType(stored), PasswordType::kMd5);
  std::string detail;
  EXPECT_TRUE(VerifyPlainPassword("alice", stored, "secret", &detail));
  EXPECT_FALSE(VerifyPlainPassword("bob", stored, "secret", &detail));
  // The md5 method's response: md5(md5hex(password || role) || salt).
  const std::string salt = "\x01\x02\x03\x04";
  std::string response = Md5Encrypt(stored.substr(3), salt);
  EXPECT_TRUE(VerifyMd5Response("alice", stored, response, salt, &detail));
  EXPECT_FALSE(VerifyMd5Response("alice", stored, response, "\x01\x02\x03\x05", &detail));
  EXPECT_FALSE(VerifyMd5Response("alice", kPencilSecret, response, salt, &detail));
  EXPECT_EQ(detail, "User \"alice\" has a password that cannot be used with MD5 authentication.");
}

TEST(PasswordCryptTest, AlreadyHashedPasswordsPassThroughUnchanged) {
  const std::string md5 = "md54a0a68b43b6cd5cf266fa02f196e2371";
  EXPECT_EQ(EncryptPassword("bob", md5, PasswordType::kScramSha256), md5);
  EXPECT_EQ(EncryptPassword("bob", kPencilSecret, PasswordType::kMd5), kPencilSecret);
  // Almost-hashes are plaintext and get hashed.
  EXPECT_NE(EncryptPassword("bob", "md5abc", PasswordType::kMd5), "md5abc");
  EXPECT_THROW(EncryptPassword("bob", "x", PasswordType::kPlaintext), Error);
}

TEST(PasswordCryptTest, EncryptPasswordFollowsPasswordEncryption) {
  guc::ResetRegistryForTesting();
  config::RegisterServerGucs();
  EXPECT_EQ(GetPasswordType(EncryptPassword("r", "pw")), PasswordType::kScramSha256);
  guc::SetConfigOption("password_encryption", "md5", {});
  EXPECT_EQ(GetPasswordType(EncryptPassword("r", "pw")), PasswordType::kMd5);
  guc::ResetRegistryForTesting();
}

TEST(PasswordCryptTest, ScramSecretParserRejectsMalformedSecrets) {
  const std::string good = kPencilSecret;
  EXPECT_TRUE(ParseScramSecret(good));
  for (const std::string& bad : {
           std::string("SCRAM-SHA-1") + good.substr(13),  // scheme
           good.substr(0, 14) + "x" + good.substr(18),    // iterations
           good.substr(0, good.size() - 4),               // server key length
           good.substr(0, good.find(':', 20)),            // missing server key
           std::string("SCRAM-SHA-256$4096:!!!!$") + good.substr(good.find('$', 20) + 1),
       }) {
    EXPECT_FALSE(ParseScramSecret(bad)) << bad;
    EXPECT_EQ(GetPasswordType(bad), PasswordType::kPlaintext) << bad;
  }
}

TEST(PasswordCryptTest, SaslPrepKeepsAsciiMapsSpacesAndFallsBackToRawBytes) {
  EXPECT_EQ(SaslPrep("pencil\t"), "pencil\t");                         // ASCII is never changed
  EXPECT_EQ(SaslPrep("p\xc3\xa4ss\xc2\xa0word"), "p\xc3\xa4ss word");  // U+00A0 -> space
  EXPECT_EQ(SaslPrep("p\xc3\xa4ss\xc2\xadword"), "p\xc3\xa4ssword");   // U+00AD dropped
  EXPECT_EQ(SaslPrep("\xff\xfe"), std::nullopt);                       // not UTF-8
  EXPECT_EQ(SaslPrep("\xc0\xa0"), std::nullopt);                       // overlong
  EXPECT_EQ(SaslPrep("p\xc3\xa4ss\x07"), std::nullopt);                // control
  EXPECT_EQ(SaslPrep("\xd7\x90"
                     "a"),
            std::nullopt);  // bidi rule
  EXPECT_EQ(PreparePassword("\xff\xfe"), "\xff\xfe");
  // A mapped password hashes like its prepared form (hashlib: 'p\u00e4ss word').
  ScramSecret secret = BuildScramSecret("p\xc3\xa4ss\xc2\xa0word", SaltZeroToFifteen(), 4096);
  EXPECT_EQ(Base64Encode(secret.stored_key), "guwzKRhGjIZHGuY5dbFdCX3R5uHpBcqIuP1hgrftadA=");
}

TEST(PasswordCryptTest, Base64DecodesLikePostgres) {
  EXPECT_EQ(Base64Encode("pencil"), "cGVuY2ls");
  EXPECT_EQ(Base64Encode("penci"), "cGVuY2k=");
  EXPECT_EQ(Base64Encode("penc"), "cGVuYw==");
  EXPECT_EQ(Base64Decode("cGVuY2k="), "penci");
  EXPECT_EQ(Base64Decode("cGVu\nY2ls"), "pencil");    // white space skipped
  EXPECT_EQ(Base64Decode("cGVuY2k"), std::nullopt);   // unpadded
  EXPECT_EQ(Base64Decode("cGVuY2=s"), std::nullopt);  // padding inside
  EXPECT_EQ(Base64Decode("cGVu*2ls"), std::nullopt);
}

TEST(PasswordCryptTest, MockAuthNonceIsCreatedOnceWithPrivateModeAndReused) {
  char dir_template[] = "/tmp/hyrax_nonce_test_XXXXXX";
  std::string dir = mkdtemp(dir_template);
  std::string path = dir + "/" + kMockAuthNonceFile;
  LoadMockAuthNonce(path);
  std::string first = MockAuthNonce();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(info.st_size, static_cast<off_t>(kMockAuthNonceLength));
  std::string salt = MockScramSalt("nobody");
  LoadMockAuthNonce(path);
  EXPECT_EQ(MockAuthNonce(), first);
  EXPECT_EQ(MockScramSalt("nobody"), salt);
  std::ofstream(path, std::ios::trunc) << "short";
  EXPECT_THROW(LoadMockAuthNonce(path), Error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hyrax::server::auth
