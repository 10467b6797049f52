// The server side of one SCRAM-SHA-256 / SCRAM-SHA-256-PLUS exchange (RFC 5802, RFC 7677)
// as PostgreSQL implements it (auth-scram.c): client-first-message -> server-first-message
// (nonce, salt, iterations) -> client-final-message (channel binding, proof) ->
// server-final-message (server signature). Pure computation: the SASL message loop that
// carries these strings is in sasl_authenticator.cpp. Without a usable secret the exchange
// runs with a mock salt and always fails at the proof, so it looks like a wrong password.
// server/auth/README.md "scram-sha-256".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth/password_crypt.h"

namespace hyrax::server::auth {

inline constexpr const char* kScramSha256 = "SCRAM-SHA-256";
inline constexpr const char* kScramSha256Plus = "SCRAM-SHA-256-PLUS";

// The mechanisms offered in AuthenticationSASL, most preferred first: -PLUS only when
// channel binding data exists (a TLS connection).
std::vector<std::string> ScramMechanisms(bool channel_binding_available);

class ScramExchange {
 public:
  enum class Result { kContinue, kSuccess, kFailure };

  struct Options {
    std::string mechanism;  // the one the client selected
    std::string user;       // from the startup packet; seeds the mock salt
    // The role's secret; nullopt runs a mock exchange that fails like a wrong password.
    std::optional<ScramSecret> secret;
    // tls-server-end-point data (the server certificate's hash); empty without TLS.
    std::string channel_binding;
    // The server nonce; empty = 18 random bytes in base64 (tests fix it).
    std::string server_nonce;
  };

  // Throws Error 08P01 "client selected an invalid SASL authentication mechanism" for a
  // mechanism other than SCRAM-SHA-256, or -PLUS without channel binding data.
  explicit ScramExchange(Options options);

  // Processes one client message (nullopt: a SASLInitialResponse without data, answered by
  // an empty challenge) and puts the server's reply in `output`: server-first-message
  // (kContinue), server-final-message (kSuccess), nothing (kFailure: wrong proof or mock).
  // Throws Error FATAL with PostgreSQL's texts for malformed input: 08P01 "malformed SCRAM
  // message" with a detail, "invalid SCRAM response" (nonce mismatch), "non-printable
  // characters in SCRAM nonce", "unsupported SCRAM channel-binding type \"%s\"", "unexpected
  // SCRAM channel-binding attribute in client-final-message"; 0A000 "client uses
  // authorization identity, but it is not supported", "client requires an unsupported
  // SCRAM extension"; 28000 "SCRAM channel binding negotiation error", "SCRAM channel
  // binding check failed".
  Result Exchange(std::optional<std::string_view> input, std::string* output);

 private:
  enum class State { kInit, kSaltSent, kFinished };

  void ReadClientFirst(std::string_view input);
  std::string BuildServerFirst();
  void ReadClientFinal(std::string_view input);
  bool VerifyClientProof() const;
  std::string AuthMessage() const;

  Options options_;
  State state_ = State::kInit;
  bool channel_binding_in_use_ = false;
  bool doomed_ = false;  // mock exchange: fails at the proof whatever the client sends
  ScramSecret secret_;
  char cbind_flag_ = 0;
  std::string client_first_bare_;
  std::string client_nonce_;
  std::string server_first_;
  std::string client_final_without_proof_;
  std::string client_final_nonce_;
  std::string client_proof_;
};

}  // namespace hyrax::server::auth
