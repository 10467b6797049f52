// The SCRAM-SHA-256 server exchange without a network: RFC 7677's test vector message for
// message, PostgreSQL's error for every malformed client message, channel binding
// (tls-server-end-point) accepted only with the right data and the gs2 header rules, and
// the mock exchange for roles without a secret (deterministic salt, always fails).
#include "server/auth/scram_exchange.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "server/auth/auth_crypto.h"
#include "server/auth/password_crypt.h"
#include "tests/unit/server/fake/scram_client.h"

namespace hyrax::server::auth {
namespace {

using testing::ScramAttributes;
using testing::ScramClient;

// RFC 7677 section 3: user "user", password "pencil".
constexpr const char* kRfcClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kRfcServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kRfcServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kRfcClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kRfcServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramSecret PencilSecret() {
  return BuildScramSecret("pencil", *Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
}

ScramExchange::Options RfcOptions() {
  return {kScramSha256, "user", PencilSecret(), "", kRfcServerNonce};
}

// Runs the exchange up to the client-final-message and returns the error it raises.
Error FinalError(const std::string& client_final, ScramExchange::Options options = RfcOptions()) {
  ScramExchange exchange(std::move(options));
  std::string output;
  exchange.Exchange(std::string_view(kRfcClientFirst), &output);
  try {
    exchange.Exchange(std::string_view(client_final), &output);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for " << client_final;
  return Error(errcode::kSuccessfulCompletion, "");
}

Error FirstError(const std::string& client_first, ScramExchange::Options options = RfcOptions()) {
  try {
    ScramExchange exchange(std::move(options));
    std::string output;
    exchange.Exchange(std::string_view(client_first), &output);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for " << client_first;
  return Error(errcode::kSuccessfulCompletion, "");
}

TEST(ScramExchangeTest, ReproducesRfc7677TestVector) {
  ScramExchange exchange(RfcOptions());
  std::string output;
  EXPECT_EQ(exchange.Exchange(std::string_view(kRfcClientFirst), &output),
            ScramExchange::Result::kContinue);
  EXPECT_EQ(output, kRfcServerFirst);
  EXPECT_EQ(exchange.Exchange(std::string_view(kRfcClientFinal), &output),
            ScramExchange::Result::kSuccess);
  EXPECT_EQ(output, kRfcServerFinal);
}

TEST(ScramExchangeTest, WrongProofFailsWithoutOutput) {
  ScramExchange exchange(RfcOptions());
  std::string output;
  exchange.Exchange(std::string_view(kRfcClientFirst), &output);
  std::string wrong = std::string(kRfcClientFinal);
  wrong.replace(wrong.find("p=") + 2, 4, "AAAA");
  EXPECT_EQ(exchange.Exchange(std::string_view(wrong), &output), ScramExchange::Result::kFailure);
  EXPECT_EQ(output, "");
}

TEST(ScramExchangeTest, MissingInitialResponseGetsAnEmptyChallenge) {
  ScramExchange exchange(RfcOptions());
  std::string output = "x";
  EXPECT_EQ(exchange.Exchange(std::nullopt, &output), ScramExchange::Result::kContinue);
  EXPECT_EQ(output, "");
  EXPECT_EQ(exchange.Exchange(std::string_view(kRfcClientFirst), &output),
            ScramExchange::Result::kContinue);
  EXPECT_EQ(output, kRfcServerFirst);
}

TEST(ScramExchangeTest, MalformedClientFirstMessagesGetPostgresErrors) {
  struct Case {
    std::string input;
    SqlState code;
    std::string message;
    std::string detail;
  };
  const std::string malformed = "malformed SCRAM message";
  const Case cases[] = {
      {"", errcode::kProtocolViolation, malformed, "The message is empty."},
      {std::string("n,,n=,r=a\0b", 11), errcode::kProtocolViolation, malformed,
       "Message length does not match input length."},
      {"x,,n=,r=abc", errcode::kProtocolViolation, malformed,
       "Unexpected channel-binding flag \"'x'\"."},
      {"n;,n=,r=abc", errcode::kProtocolViolation, malformed,
       "Comma expected, but found character \"';'\"."},
      {"n", errcode::kProtocolViolation, malformed,
       "Comma expected, but found character \"0x00\"."},
      {"p=tls-server-end-point,,n=,r=abc", errcode::kProtocolViolation, malformed,
       "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message "
       "includes channel binding data."},
      {"n,a=alice,n=,r=abc", errcode::kFeatureNotSupported,
       "client uses authorization identity, but it is not supported", ""},
      {"n,x,n=,r=abc", errcode::kProtocolViolation, malformed,
       "Unexpected attribute \"'x'\" in client-first-message."},
      {"n,,m=ext,n=,r=abc", errcode::kFeatureNotSupported,
       "client requires an unsupported SCRAM extension", ""},
      {"n,,r=abc", errcode::kProtocolViolation, malformed,
       "Expected attribute \"n\" but found \"'r'\"."},
      {"n,,n,r=abc", errcode::kProtocolViolation, malformed,
       "Expected character \"=\" for attribute \"n\"."},
      {"n,,n=,x=abc", errcode::kProtocolViolation, malformed,
       "Expected attribute \"r\" but found \"'x'\"."},
      {"n,,n=,r=a\x01"
       "b",
       errcode::kProtocolViolation, "non-printable characters in SCRAM nonce", ""},
      {"n,,n=,r=abc,1=x", errcode::kProtocolViolation, malformed,
       "Attribute expected, but found invalid character \"'1'\"."},
      // A trailing comma after the nonce is accepted, as PostgreSQL does.
      {"n,,n=,r=abc,x", errcode::kProtocolViolation, malformed,
       "Expected character \"=\" for attribute \"x\"."},
  };
  for (const Case& c : cases) {
    Error error = FirstError(c.input);
    EXPECT_EQ(error.code(), c.code) << c.input;
    EXPECT_EQ(error.message(), c.message) << c.input;
    EXPECT_EQ(error.detail(), c.detail) << c.input;
    EXPECT_EQ(error.severity(), Severity::kFatal) << c.input;
  }
}

TEST(ScramExchangeTest, ExtensionsAfterTheNonceAreIgnored) {
  ScramExchange exchange(RfcOptions());
  std::string output;
  EXPECT_EQ(
      exchange.Exchange(std::string_view("n,,n=user,r=rOprNGfwEbeRWgbNEkqO,x=1,y=2"), &output),
      ScramExchange::Result::kContinue);
}

TEST(ScramExchangeTest, MalformedClientFinalMessagesGetPostgresErrors) {
  const std::string nonce = std::string("rOprNGfwEbeRWgbNEkqO") + kRfcServerNonce;
  const std::string proof = "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  Error error = FinalError("c=eSws,r=" + nonce + "," + proof);
  EXPECT_EQ(error.message(), "unexpected SCRAM channel-binding attribute in client-final-message");
  error = FinalError("c=biws,r=" + nonce + "x," + proof);
  EXPECT_EQ(error.message(), "invalid SCRAM response");
  EXPECT_EQ(error.detail(), "Nonce does not match.");
  error = FinalError("c=biws,r=" + nonce + ",p=AAAA");
  EXPECT_EQ(error.detail(), "Malformed proof in client-final-message.");
  error = FinalError("c=biws,r=" + nonce + "," + proof + ",x=1");
  EXPECT_EQ(error.detail(), "Garbage found at the end of client-final-message.");
  error = FinalError("c=biws,r=" + nonce);
  EXPECT_EQ(error.detail(), "Attribute expected, but found end of string.");
  error = FinalError("r=" + nonce + "," + proof);
  EXPECT_EQ(error.detail(), "Expected attribute \"c\" but found \"'r'\".");
  EXPECT_EQ(error.code(), errcode::kProtocolViolation);
}

TEST(ScramExchangeTest, UnknownMechanismIsAProtocolViolation) {
  ScramExchange::Options options = RfcOptions();
  options.mechanism = "SCRAM-SHA-1";
  Error error = FirstError(kRfcClientFirst, options);
  EXPECT_EQ(error.message(), "client selected an invalid SASL authentication mechanism");
  options.mechanism = kScramSha256Plus;  // -PLUS without TLS was never offered
  error = FirstError(kRfcClientFirst, options);
  EXPECT_EQ(error.message(), "client selected an invalid SASL authentication mechanism");
}

TEST(ScramExchangeTest, ChannelBindingAcceptsOnlyTheServerCertificateHash) {
  const std::string hash = Sha256("the server certificate");
  auto run = [&](const std::string& bound_data) {
    ScramExchange exchange({kScramSha256Plus, "user", PencilSecret(), hash, ""});
    ScramClient client{"pencil"};
    client.gs2_header = "p=tls-server-end-point,,";
    client.channel_binding = bound_data;
    std::string server_first;
    exchange.Exchange(std::string_view(client.ClientFirst()), &server_first);
    std::string server_final;
    ScramExchange::Result result =
        exchange.Exchange(std::string_view(client.ClientFinal(server_first)), &server_final);
    EXPECT_EQ(server_final, client.expected_server_final);
    return result;
  };
  EXPECT_EQ(run(hash), ScramExchange::Result::kSuccess);
  try {
    run(Sha256("another certificate"));
    ADD_FAILURE() << "wrong binding data accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), errcode::kInvalidAuthorizationSpecification);
    EXPECT_EQ(error.message(), "SCRAM channel binding check failed");
  }
}

TEST(ScramExchangeTest, GsTwoHeaderMustMatchTheSelectedMechanism) {
  const std::string hash = Sha256("certificate");
  ScramExchange::Options plus{kScramSha256Plus, "user", PencilSecret(), hash, ""};
  Error error = FirstError("n,,n=,r=abc", plus);
  EXPECT_EQ(error.detail(),
            "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include "
            "channel binding data.");
  error = FirstError("p=tls-unique,,n=,r=abc", plus);
  EXPECT_EQ(error.message(), "unsupported SCRAM channel-binding type \"tls-unique\"");
  // 'y' means "I could bind but you cannot": over TLS that is a downgrade.
  ScramExchange::Options plain_over_tls{kScramSha256, "user", PencilSecret(), hash, ""};
  error = FirstError("y,,n=,r=abc", plain_over_tls);
  EXPECT_EQ(error.code(), errcode::kInvalidAuthorizationSpecification);
  EXPECT_EQ(error.message(), "SCRAM channel binding negotiation error");
  // Without TLS, 'y' is fine and the final message must repeat it ("eSws").
  ScramExchange exchange({kScramSha256, "user", PencilSecret(), "", ""});
  ScramClient client{"pencil"};
  client.gs2_header = "y,,";
  std::string server_first, server_final;
  exchange.Exchange(std::string_view(client.ClientFirst()), &server_first);
  EXPECT_EQ(exchange.Exchange(std::string_view(client.ClientFinal(server_first)), &server_final),
            ScramExchange::Result::kSuccess);
}

TEST(ScramExchangeTest, MockExchangeUsesAStableSaltPerUserAndAlwaysFails) {
  auto server_first_for = [](const std::string& user) {
    ScramExchange exchange({kScramSha256, user, std::nullopt, "", ""});
    std::string output;
    exchange.Exchange(std::string_view("n,,n=,r=abc"), &output);
    return ScramAttributes(output);
  };
  std::map<char, std::string> first = server_first_for("nobody");
  EXPECT_EQ(first['i'], "4096");
  EXPECT_EQ(Base64Decode(first['s'])->size(), kScramDefaultSaltLength);
  EXPECT_EQ(server_first_for("nobody")['s'], first['s']);
  EXPECT_NE(server_first_for("somebody")['s'], first['s']);

  // Even the proof a client would compute from the mock salt is refused.
  ScramExchange exchange({kScramSha256, "nobody", std::nullopt, "", ""});
  ScramClient client{"any password"};
  std::string server_first, server_final;
  exchange.Exchange(std::string_view(client.ClientFirst()), &server_first);
  EXPECT_EQ(exchange.Exchange(std::string_view(client.ClientFinal(server_first)), &server_final),
            ScramExchange::Result::kFailure);
}

TEST(ScramExchangeTest, MechanismListOffersPlusOnlyWithChannelBinding) {
  EXPECT_EQ(ScramMechanisms(false), std::vector<std::string>{"SCRAM-SHA-256"});
  EXPECT_EQ(ScramMechanisms(true),
            (std::vector<std::string>{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}));
}

}  // namespace
}  // namespace hyrax::server::auth
