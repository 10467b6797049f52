// The SCRAM-SHA-256 server exchange (see server/auth/scram_exchange.h). Parsing, checks and
// error texts follow PostgreSQL's auth-scram.c (read_client_first_message,
// read_client_final_message, verify_client_proof), which in turn follows RFC 5802's
// grammar; strings from the client are only quoted after sanitizing, as PostgreSQL does.
#include "server/auth/scram_exchange.h"

#include <fmt/format.h>

#include "common/error.h"
#include "server/auth/auth_crypto.h"
#include "server/auth/mock_auth.h"

namespace hyrax::server::auth {

namespace {

constexpr size_t kRawNonceLength = 18;
constexpr const char* kChannelBindingType = "tls-server-end-point";

// A printable client byte as 'c', anything else as 0x.. (PostgreSQL's sanitize_char).
std::string SanitizeChar(char c) {
  if (c >= 0x21 && c <= 0x7E) return fmt::format("'{}'", c);
  return fmt::format("0x{:02x}", static_cast<unsigned char>(c));
}

// At most 30 bytes of a client string, non-printable ones as '?' (sanitize_str).
std::string SanitizeString(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 30)) out += (c >= 0x21 && c <= 0x7E) ? c : '?';
  return out;
}

Error ScramError(SqlState code, std::string message) {
  return Error(code, std::move(message), Severity::kFatal);
}

[[noreturn]] void Malformed(std::string detail) {
  throw ScramError(errcode::kProtocolViolation, "malformed SCRAM message")
      .Detail(std::move(detail));
}

// RFC 5802 "printable": %x21-2B / %x2D-7E.
bool IsPrintable(std::string_view text) {
  for (char c : text) {
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

// Reads "attr=value" items separated by commas. The input holds no NUL (checked first), so
// '\0' stands for the end of the message, as in PostgreSQL's C strings.
class AttributeReader {
 public:
  explicit AttributeReader(std::string_view text) : text_(text) {}

  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void Skip() { ++pos_; }
  size_t position() const { return pos_; }
  std::string_view rest() const { return text_.substr(pos_); }

  // The value of attribute `attr`, which must come next (read_attr_value).
  std::string_view ReadValue(char attr) {
    if (Peek() != attr) {
      Malformed(
          fmt::format("Expected attribute \"{}\" but found \"{}\".", attr, SanitizeChar(Peek())));
    }
    ++pos_;
    if (Peek() != '=')
      Malformed(fmt::format("Expected character \"=\" for attribute \"{}\".", attr));
    ++pos_;
    return TakeValue();
  }

  // The next attribute of any name (read_any_attr).
  std::string_view ReadAny(char* attr) {
    char name = Peek();
    if (name == '\0') Malformed("Attribute expected, but found end of string.");
    if (!((name >= 'A' && name <= 'Z') || (name >= 'a' && name <= 'z'))) {
      Malformed(fmt::format("Attribute expected, but found invalid character \"{}\".",
                            SanitizeChar(name)));
    }
    *attr = name;
    ++pos_;
    if (Peek() != '=')
      Malformed(fmt::format("Expected character \"=\" for attribute \"{}\".", name));
    ++pos_;
    return TakeValue();
  }

 private:
  std::string_view TakeValue() {
    size_t end = text_.find(',', pos_);
    std::string_view value =
        text_.substr(pos_, end == std::string_view::npos ? std::string_view::npos : end - pos_);
    pos_ = end == std::string_view::npos ? text_.size() : end + 1;
    return value;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void ExpectComma(AttributeReader& reader) {
  if (reader.Peek() != ',') {
    Malformed(
        fmt::format("Comma expected, but found character \"{}\".", SanitizeChar(reader.Peek())));
  }
  reader.Skip();
}

std::string Xor(std::string_view a, std::string_view b) {
  std::string out(a);
  for (size_t idx = 0; idx < out.size(); ++idx) out[idx] = static_cast<char>(out[idx] ^ b[idx]);
  return out;
}

// Reads the gs2-cbind-flag ("n", "y" or "p=<type>") and the comma after it; returns the
// flag. `in_use`: the client selected -PLUS; `server_can_bind`: -PLUS was offered (TLS).
char ReadChannelBindingFlag(AttributeReader& reader, bool in_use, bool server_can_bind) {
  char flag = reader.Peek();
  switch (flag) {
    case 'n':
    case 'y':
      if (in_use) {
        Malformed(
            "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include "
            "channel binding data.");
      }
      // 'y': the client could bind but thinks we cannot; over TLS we can (a downgrade).
      if (flag == 'y' && server_can_bind) {
        throw ScramError(errcode::kInvalidAuthorizationSpecification,
                         "SCRAM channel binding negotiation error")
            .Detail(
                "The client supports SCRAM channel binding but thinks the server does not.  "
                "However, this server does support channel binding.");
      }
      reader.Skip();
      ExpectComma(reader);
      return flag;
    case 'p': {
      if (!in_use) {
        Malformed(
            "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message "
            "includes channel binding data.");
      }
      std::string_view type = reader.ReadValue('p');
      if (type != kChannelBindingType) {
        throw ScramError(
            errcode::kProtocolViolation,
            fmt::format("unsupported SCRAM channel-binding type \"{}\"", SanitizeString(type)));
      }
      return flag;
    }
    default:
      Malformed(fmt::format("Unexpected channel-binding flag \"{}\".", SanitizeChar(flag)));
  }
}

}  // namespace

std::vector<std::string> ScramMechanisms(bool channel_binding_available) {
  if (channel_binding_available) return {kScramSha256Plus, kScramSha256};
  return {kScramSha256};
}

ScramExchange::ScramExchange(Options options) : options_(std::move(options)) {
  if (options_.mechanism == kScramSha256Plus && !options_.channel_binding.empty()) {
    channel_binding_in_use_ = true;
  } else if (options_.mechanism != kScramSha256) {
    throw ScramError(errcode::kProtocolViolation,
                     "client selected an invalid SASL authentication mechanism");
  }
  if (options_.secret) {
    secret_ = *options_.secret;
  } else {
    // Same salt every time for this user, a plausible iteration count, keys never match.
    doomed_ = true;
    secret_.iterations = kScramDefaultIterations;
    secret_.salt = MockScramSalt(options_.user);
    secret_.stored_key.assign(kSha256Length, '\0');
    secret_.server_key.assign(kSha256Length, '\0');
  }
}

ScramExchange::Result ScramExchange::Exchange(std::optional<std::string_view> input,
                                              std::string* output) {
  output->clear();
  if (!input) return Result::kContinue;  // empty challenge; the client resends its message
  if (input->empty()) Malformed("The message is empty.");
  if (input->find('\0') != std::string_view::npos) {
    Malformed("Message length does not match input length.");
  }
  switch (state_) {
    case State::kInit:
      ReadClientFirst(*input);
      *output = BuildServerFirst();
      state_ = State::kSaltSent;
      return Result::kContinue;
    case State::kSaltSent: {
      ReadClientFinal(*input);
      if (client_final_nonce_ != client_nonce_ + options_.server_nonce) {
        throw ScramError(errcode::kProtocolViolation, "invalid SCRAM response")
            .Detail("Nonce does not match.");
      }
      // The proof is computed even when doomed, so a missing role costs the same time.
      bool proof_ok = VerifyClientProof();
      state_ = State::kFinished;
      if (!proof_ok || doomed_) return Result::kFailure;
      *output = "v=" + Base64Encode(HmacSha256(secret_.server_key, AuthMessage()));
      return Result::kSuccess;
    }
    case State::kFinished:
      break;
  }
  throw Error(errcode::kInternalError, "invalid SCRAM exchange state", Severity::kFatal);
}

void ScramExchange::ReadClientFirst(std::string_view input) {
  AttributeReader reader(input);
  cbind_flag_ =
      ReadChannelBindingFlag(reader, channel_binding_in_use_, !options_.channel_binding.empty());
  if (reader.Peek() == 'a') {
    throw ScramError(errcode::kFeatureNotSupported,
                     "client uses authorization identity, but it is not supported");
  }
  if (reader.Peek() != ',') {
    Malformed(fmt::format("Unexpected attribute \"{}\" in client-first-message.",
                          SanitizeChar(reader.Peek())));
  }
  reader.Skip();
  client_first_bare_ = std::string(reader.rest());
  if (reader.Peek() == 'm') {
    throw ScramError(errcode::kFeatureNotSupported,
                     "client requires an unsupported SCRAM extension");
  }
  reader.ReadValue('n');  // the user name of the exchange is ignored: the startup packet's counts
  client_nonce_ = std::string(reader.ReadValue('r'));
  if (!IsPrintable(client_nonce_)) {
    throw ScramError(errcode::kProtocolViolation, "non-printable characters in SCRAM nonce");
  }
  char ignored = 0;
  while (reader.Peek() != '\0') reader.ReadAny(&ignored);  // optional extensions
}

std::string ScramExchange::BuildServerFirst() {
  if (options_.server_nonce.empty()) {
    options_.server_nonce = Base64Encode(StrongRandomBytes(kRawNonceLength));
  }
  server_first_ = fmt::format("r={}{},s={},i={}", client_nonce_, options_.server_nonce,
                              Base64Encode(secret_.salt), secret_.iterations);
  return server_first_;
}

void ScramExchange::ReadClientFinal(std::string_view input) {
  AttributeReader reader(input);
  std::string_view binding = reader.ReadValue('c');
  if (channel_binding_in_use_) {
    std::string expected =
        Base64Encode(std::string("p=") + kChannelBindingType + ",," + options_.channel_binding);
    if (binding != expected) {
      throw ScramError(errcode::kInvalidAuthorizationSpecification,
                       "SCRAM channel binding check failed");
    }
  } else if (!(binding == "biws" && cbind_flag_ == 'n') &&
             !(binding == "eSws" && cbind_flag_ == 'y')) {
    // Without binding the attribute repeats the gs2 header: "n,," or "y,," in base64.
    throw ScramError(errcode::kProtocolViolation,
                     "unexpected SCRAM channel-binding attribute in client-final-message");
  }
  client_final_nonce_ = std::string(reader.ReadValue('r'));
  size_t proof_start = 0;
  std::string_view proof_text;
  for (char attr = 0; attr != 'p';) {
    proof_start = reader.position() - 1;  // the comma before the attribute
    proof_text = reader.ReadAny(&attr);
  }
  std::optional<std::string> proof = Base64Decode(proof_text);
  if (!proof || proof->size() != kSha256Length) {
    Malformed("Malformed proof in client-final-message.");
  }
  if (reader.Peek() != '\0') Malformed("Garbage found at the end of client-final-message.");
  client_proof_ = std::move(*proof);
  client_final_without_proof_ = std::string(input.substr(0, proof_start));
}

std::string ScramExchange::AuthMessage() const {
  return client_first_bare_ + "," + server_first_ + "," + client_final_without_proof_;
}

bool ScramExchange::VerifyClientProof() const {
  std::string client_signature = HmacSha256(secret_.stored_key, AuthMessage());
  std::string client_key = Xor(client_proof_, client_signature);
  return ConstantTimeEquals(Sha256(client_key), secret_.stored_key);
}

}  // namespace hyrax::server::auth
