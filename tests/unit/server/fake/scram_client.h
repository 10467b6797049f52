// The client side of SCRAM-SHA-256 for server tests (RFC 5802 section 3): builds the
// client-first-message, derives the proof for the server-first-message and the
// server-final-message the server must answer with. Uses the server's primitives
// (server/auth/auth_crypto.h); the RFC 7677 vector and libpq check them independently.
#pragma once

#include <map>
#include <string>

#include "server/auth/auth_crypto.h"
#include "server/auth/saslprep.h"

namespace hyrax::server::testing {

// The attributes of a SCRAM message ("r=...,s=...,i=4096" -> {r, s, i}).
inline std::map<char, std::string> ScramAttributes(const std::string& message) {
  std::map<char, std::string> attributes;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t end = message.find(',', pos);
    if (end == std::string::npos) end = message.size();
    if (end - pos >= 2) attributes[message[pos]] = message.substr(pos + 2, end - pos - 2);
    pos = end + 1;
  }
  return attributes;
}

struct ScramClient {
  std::string password;
  std::string client_nonce = "rOprNGfwEbeRWgbNEkqO";
  std::string gs2_header = "n,,";
  std::string channel_binding;  // tls-server-end-point data, with gs2_header "p=...,,"
  std::string user_in_message;  // libpq sends an empty one
  std::string expected_server_final;

  std::string ClientFirstBare() const { return "n=" + user_in_message + ",r=" + client_nonce; }
  std::string ClientFirst() const { return gs2_header + ClientFirstBare(); }

  // The client-final-message answering `server_first`; also sets expected_server_final.
  std::string ClientFinal(const std::string& server_first) {
    std::map<char, std::string> attributes = ScramAttributes(server_first);
    std::string salt = auth::Base64Decode(attributes['s']).value_or("");
    std::string salted =
        auth::Pbkdf2Sha256(auth::PreparePassword(password), salt, std::stoi(attributes['i']));
    std::string client_key = auth::HmacSha256(salted, "Client Key");
    std::string stored_key = auth::Sha256(client_key);
    std::string without_proof =
        "c=" + auth::Base64Encode(gs2_header + channel_binding) + ",r=" + attributes['r'];
    std::string auth_message = ClientFirstBare() + "," + server_first + "," + without_proof;
    std::string signature = auth::HmacSha256(stored_key, auth_message);
    std::string proof = client_key;
    for (size_t idx = 0; idx < proof.size(); ++idx) proof[idx] ^= signature[idx];
    std::string server_key = auth::HmacSha256(salted, "Server Key");
    expected_server_final = "v=" + auth::Base64Encode(auth::HmacSha256(server_key, auth_message));
    return without_proof + ",p=" + auth::Base64Encode(proof);
  }
};

}  // namespace hyrax::server::testing
