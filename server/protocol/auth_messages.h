// Authentication messages: the server's Authentication* requests ('R': Ok, cleartext,
// MD5 with salt, SASL with its mechanisms, SASLContinue, SASLFinal) and the client's
// answers, which share the type 'p' and are told apart by the authentication state:
// PasswordMessage, SASLInitialResponse, SASLResponse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::server::protocol {

enum class AuthRequest : int32_t {
  kOk = 0,
  kCleartextPassword = 3,
  kMd5Password = 5,
  kGss = 7,
  kGssContinue = 8,
  kSspi = 9,
  kSasl = 10,
  kSaslContinue = 11,
  kSaslFinal = 12,
};

struct Authentication {
  AuthRequest request = AuthRequest::kOk;
  std::string data;                     // MD5 salt (4 bytes) or SASL/GSS payload
  std::vector<std::string> mechanisms;  // kSasl only
};

void WriteAuthentication(std::string& out, const Authentication& message);
// Throws Error 08P01 for an unknown request code or a malformed body.
Authentication DecodeAuthentication(std::string_view body);

struct PasswordMessage {
  std::string password;
};
struct SaslInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;  // nullopt when the client sent length -1
};
struct SaslResponse {
  std::string data;
};

// Each throws Error 08P01 on a malformed body ("invalid password packet size" for a
// password whose terminator is not the last byte, as PostgreSQL).
PasswordMessage DecodePasswordMessage(std::string_view body);
SaslInitialResponse DecodeSaslInitialResponse(std::string_view body);
SaslResponse DecodeSaslResponse(std::string_view body);
void WritePasswordMessage(std::string& out, const PasswordMessage& message);
void WriteSaslInitialResponse(std::string& out, const SaslInitialResponse& message);
void WriteSaslResponse(std::string& out, const SaslResponse& message);

}  // namespace hyrax::server::protocol
