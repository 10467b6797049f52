// Message framing primitives (see server/protocol/wire_format.h). Error texts are those of
// PostgreSQL's pqformat.c and pg_verify_mbstr.
#include "server/protocol/wire_format.h"

#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::server::protocol {

namespace {

[[noreturn]] void ThrowProtocol(const char* message) {
  throw Error(errcode::kProtocolViolation, message);
}

// Length of the UTF-8 sequence starting with `lead`, or 0 when it is not a lead byte.
size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool IsLegalUtf8(const unsigned char* bytes, size_t length) {
  auto continuation = [](unsigned char c) { return c >= 0x80 && c <= 0xBF; };
  switch (length) {
    case 1:
      return bytes[0] != 0;
    case 2:
      return continuation(bytes[1]);
    case 3:
      if (bytes[0] == 0xE0 && bytes[1] < 0xA0) return false;
      if (bytes[0] == 0xED && bytes[1] > 0x9F) return false;
      return continuation(bytes[1]) && continuation(bytes[2]);
    case 4:
      if (bytes[0] == 0xF0 && bytes[1] < 0x90) return false;
      if (bytes[0] == 0xF4 && bytes[1] > 0x8F) return false;
      return continuation(bytes[1]) && continuation(bytes[2]) && continuation(bytes[3]);
    default:
      return false;
  }
}

// PostgreSQL's pg_utf_mblen: how many bytes report_invalid_encoding prints.
size_t ReportedLength(unsigned char lead) {
  if ((lead & 0x80) == 0) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

}  // namespace

MessageBuilder& MessageBuilder::Begin(char type) {
  if (type != '\0') out_.push_back(type);
  length_at_ = out_.size();
  out_.append(4, '\0');
  return *this;
}

MessageBuilder& MessageBuilder::Byte(char value) {
  out_.push_back(value);
  return *this;
}

MessageBuilder& MessageBuilder::Int16(int16_t value) {
  auto bits = static_cast<uint16_t>(value);
  out_.push_back(static_cast<char>(bits >> 8));
  out_.push_back(static_cast<char>(bits & 0xFF));
  return *this;
}

MessageBuilder& MessageBuilder::Int32(int32_t value) {
  auto bits = static_cast<uint32_t>(value);
  for (int shift = 24; shift >= 0; shift -= 8) {
    out_.push_back(static_cast<char>((bits >> shift) & 0xFF));
  }
  return *this;
}

MessageBuilder& MessageBuilder::String(std::string_view value) {
  out_.append(value);
  out_.push_back('\0');
  return *this;
}

MessageBuilder& MessageBuilder::Bytes(std::string_view value) {
  out_.append(value);
  return *this;
}

void MessageBuilder::End() {
  auto length = static_cast<uint32_t>(out_.size() - length_at_);
  for (int idx = 0; idx < 4; ++idx) {
    out_[length_at_ + idx] = static_cast<char>((length >> (24 - 8 * idx)) & 0xFF);
  }
}

char MessageCursor::Byte() {
  if (pos_ >= body_.size()) ThrowProtocol("no data left in message");
  return body_[pos_++];
}

int16_t MessageCursor::Int16() {
  if (remaining() < 2) ThrowProtocol("insufficient data left in message");
  auto high = static_cast<unsigned char>(body_[pos_]);
  auto low = static_cast<unsigned char>(body_[pos_ + 1]);
  pos_ += 2;
  return static_cast<int16_t>(static_cast<uint16_t>((high << 8) | low));
}

int32_t MessageCursor::Int32() {
  if (remaining() < 4) ThrowProtocol("insufficient data left in message");
  uint32_t value = 0;
  for (int idx = 0; idx < 4; ++idx) {
    value = (value << 8) | static_cast<unsigned char>(body_[pos_ + idx]);
  }
  pos_ += 4;
  return static_cast<int32_t>(value);
}

std::string_view MessageCursor::String(bool validate) {
  size_t nul = body_.find('\0', pos_);
  if (nul == std::string_view::npos) ThrowProtocol("invalid string in message");
  std::string_view value = body_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  if (validate) ValidateUtf8(value);
  return value;
}

std::string_view MessageCursor::Bytes(size_t count) {
  if (count > remaining()) ThrowProtocol("insufficient data left in message");
  std::string_view value = body_.substr(pos_, count);
  pos_ += count;
  return value;
}

void MessageCursor::ExpectEnd() const {
  if (pos_ != body_.size()) ThrowProtocol("invalid message format");
}

void ValidateUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t pos = 0;
  while (pos < text.size()) {
    if (bytes[pos] >= 0x01 && bytes[pos] < 0x80) {
      ++pos;
      continue;
    }
    size_t length = Utf8SequenceLength(bytes[pos]);
    if (length != 0 && pos + length <= text.size() && IsLegalUtf8(bytes + pos, length)) {
      pos += length;
      continue;
    }
    size_t shown = std::min(ReportedLength(bytes[pos]), text.size() - pos);
    std::string hex;
    for (size_t idx = 0; idx < shown; ++idx) {
      hex += fmt::format("{}0x{:02x}", idx == 0 ? "" : " ", bytes[pos + idx]);
    }
    throw Error(errcode::kCharacterNotInRepertoire,
                fmt::format("invalid byte sequence for encoding \"UTF8\": {}", hex));
  }
}

}  // namespace hyrax::server::protocol
