// SASLprep of passwords (see server/auth/saslprep.h), following the steps of PostgreSQL's
// pg_saslprep: ASCII fast path, UTF-8 decoding, mapping, normalization, prohibited output
// (RFC 3454 tables C.1.2 - C.9) and the bidirectional rule. The tables below are RFC 3454's
// code point ranges; normalization and the bidi categories are approximated (README).
#include "server/auth/saslprep.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hyrax::server::auth {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

template <size_t N>
bool InTable(char32_t code, const Range (&table)[N]) {
  return std::any_of(std::begin(table), std::end(table), [code](const Range& range) {
    return code >= range.first && code <= range.last;
  });
}

// C.1.2 non-ASCII space characters: mapped to U+0020.
constexpr Range kNonAsciiSpaces[] = {{0x00A0, 0x00A0}, {0x1680, 0x1680}, {0x2000, 0x200B},
                                     {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}};
// B.1 commonly mapped to nothing.
constexpr Range kMappedToNothing[] = {{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x1806, 0x1806},
                                      {0x180B, 0x180D}, {0x200B, 0x200D}, {0x2060, 0x2060},
                                      {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}};
// C.1.2, C.2.1, C.2.2, C.3, C.5, C.6, C.7, C.8, C.9 (C.4 non-characters are tested apart).
constexpr Range kProhibited[] = {
    {0x0000, 0x001F},   {0x007F, 0x009F},   {0x00A0, 0x00A0},    {0x0340, 0x0341},
    {0x06DD, 0x06DD},   {0x070F, 0x070F},   {0x1680, 0x1680},    {0x180E, 0x180E},
    {0x2000, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x2063},    {0x206A, 0x206F},
    {0x2FF0, 0x2FFB},   {0x3000, 0x3000},   {0xD800, 0xF8FF},    {0xFDD0, 0xFDEF},
    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFD},   {0x1D173, 0x1D17A},  {0xE0001, 0xE0001},
    {0xE0020, 0xE007F}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD}};
// D.1 characters with bidirectional property R or AL (Hebrew, Arabic, Syriac, Thaana and
// their presentation forms), in blocks.
constexpr Range kRandAL[] = {{0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05D0, 0x05F4},
                             {0x061B, 0x064A}, {0x066D, 0x066F}, {0x0671, 0x06D5}, {0x06DD, 0x06DD},
                             {0x06E5, 0x06E6}, {0x06FA, 0x070D}, {0x0710, 0x0710}, {0x0712, 0x072C},
                             {0x0780, 0x07A5}, {0x07B1, 0x07B1}, {0x200F, 0x200F}, {0xFB1D, 0xFB1D},
                             {0xFB1F, 0xFB28}, {0xFB2A, 0xFDFC}, {0xFE70, 0xFEFC}};
// Strict UTF-8 decoding (no overlong forms, surrogates or values past U+10FFFF).
bool DecodeUtf8(std::string_view text, std::vector<char32_t>* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    int length = byte < 0x80           ? 1
                 : (byte >> 5) == 0x6  ? 2
                 : (byte >> 4) == 0xE  ? 3
                 : (byte >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || pos + length > text.size()) return false;
    char32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (int idx = 1; idx < length; ++idx) {
      auto next = static_cast<unsigned char>(text[pos + idx]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    out->push_back(code);
    pos += length;
  }
  return true;
}

void AppendUtf8(char32_t code, std::string* out) {
  if (code < 0x80) {
    *out += static_cast<char>(code);
  } else if (code < 0x800) {
    *out += static_cast<char>(0xC0 | (code >> 6));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    *out += static_cast<char>(0xE0 | (code >> 12));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (code >> 18));
    *out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

bool IsProhibited(char32_t code) {
  bool non_character = (code & 0xFFFE) == 0xFFFE;  // C.4: U+xxFFFE and U+xxFFFF
  return non_character || InTable(code, kProhibited);
}

// RFC 3454 section 6: a string with R/AL characters must start and end with one and hold
// no L characters. L is approximated as "a letter outside the R/AL blocks".
bool PassesBidiRule(const std::vector<char32_t>& codes) {
  bool any_rand_al =
      std::any_of(codes.begin(), codes.end(), [](char32_t code) { return InTable(code, kRandAL); });
  if (!any_rand_al) return true;
  auto is_left_to_right = [](char32_t code) {
    bool ascii_letter = (code | 0x20) >= 'a' && (code | 0x20) <= 'z';
    return ascii_letter || (code >= 0x00C0 && code < 0x0590) || (code >= 0x3041 && code < 0xFB1D);
  };
  if (std::any_of(codes.begin(), codes.end(), is_left_to_right)) return false;
  return InTable(codes.front(), kRandAL) && InTable(codes.back(), kRandAL);
}

}  // namespace

std::optional<std::string> SaslPrep(std::string_view password) {
  if (std::all_of(password.begin(), password.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(password);  // pure ASCII needs no preparation
  }
  std::vector<char32_t> input;
  if (!DecodeUtf8(password, &input)) return std::nullopt;
  std::vector<char32_t> mapped;
  for (char32_t code : input) {
    if (InTable(code, kNonAsciiSpaces)) {
      mapped.push_back(U' ');
    } else if (!InTable(code, kMappedToNothing)) {
      mapped.push_back(code);
    }
  }
  // NFKC normalization is not applied (no Unicode tables): it is the identity for ASCII,
  // precomposed Latin, Greek, Cyrillic, kana, Hangul and CJK text; other strings are used
  // as mapped (README "Deviations").
  if (std::any_of(mapped.begin(), mapped.end(), IsProhibited)) return std::nullopt;
  if (!mapped.empty() && !PassesBidiRule(mapped)) return std::nullopt;
  std::string out;
  for (char32_t code : mapped) AppendUtf8(code, &out);
  return out;
}

std::string PreparePassword(std::string_view password) {
  std::optional<std::string> prepared = SaslPrep(password);
  return prepared ? *prepared : std::string(password);
}

}  // namespace hyrax::server::auth
