// Hashes, MACs, PBKDF2, base64 and randomness for authentication (see
// server/auth/auth_crypto.h).
#include "server/auth/auth_crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "common/error.h"

namespace hyrax::server::auth {

namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

[[noreturn]] void CryptoFailure(const char* what) {
  throw Error(errcode::kInternalError, std::string("could not compute ") + what);
}

std::string Digest(const EVP_MD* md, std::string_view data, const char* what) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) CryptoFailure(what);
  return std::string(reinterpret_cast<const char*>(out), length);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string Sha256(std::string_view data) {
  return Digest(EVP_sha256(), data, "SHA-256 hash");
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length)) {
    CryptoFailure("HMAC");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[kSha256Length];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof(out),
                        out) != 1) {
    CryptoFailure("salted password");
  }
  return std::string(reinterpret_cast<const char*>(out), sizeof(out));
}

std::string Md5Hex(std::string_view data) {
  // EVP_md5 is in OpenSSL's default provider; md5 authentication needs it as PostgreSQL does.
  std::string digest = Digest(EVP_md5(), data, "MD5 hash");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0F];
  }
  return hex;
}

std::string Base64Encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t pos = 0;
  for (; pos + 3 <= data.size(); pos += 3) {
    uint32_t group = (static_cast<unsigned char>(data[pos]) << 16) |
                     (static_cast<unsigned char>(data[pos + 1]) << 8) |
                     static_cast<unsigned char>(data[pos + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kBase64Alphabet[(group >> shift) & 0x3F];
  }
  size_t rest = data.size() - pos;
  if (rest > 0) {
    uint32_t group = static_cast<unsigned char>(data[pos]) << 16;
    if (rest == 2) group |= static_cast<unsigned char>(data[pos + 1]) << 8;
    out += kBase64Alphabet[(group >> 18) & 0x3F];
    out += kBase64Alphabet[(group >> 12) & 0x3F];
    out += rest == 2 ? kBase64Alphabet[(group >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  int padding = 0;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    ++symbols;
    if (c == '=') {
      // Padding may only complete the last group of four ("xx==" or "xxx=").
      if (++padding > 2) return std::nullopt;
      continue;
    }
    int value = Base64Value(c);
    if (value < 0 || padding > 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Like pg_b64_decode: the input must be whole groups of four, padded.
  if (symbols % 4 != 0 || (padding > 0 && bits / 2 != padding)) return std::nullopt;
  return out;
}

std::string StrongRandomBytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_priv_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    throw Error(errcode::kInternalError, "could not generate random bytes");
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace hyrax::server::auth
