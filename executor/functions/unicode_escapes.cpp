// unistr(text): decodes the Unicode escapes \XXXX, \+XXXXXX, \uXXXX and \UXXXXXXXX (and \\)
// as PostgreSQL 15 does, including surrogate pairs written as two escapes. (U&'...' literals
// are decoded by libpg_query's scanner before Hyrax sees them.) See README.md "What is
// implemented".
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowInvalidEscape() {
  throw Error(errcode::kSyntaxError, "invalid Unicode escape")
      .Hint("Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.");
}

[[noreturn]] void ThrowInvalidSurrogatePair() {
  throw Error(errcode::kSyntaxError, "invalid Unicode surrogate pair");
}

bool IsHighSurrogate(uint32_t c) {
  return c >= 0xD800 && c <= 0xDBFF;
}
bool IsLowSurrogate(uint32_t c) {
  return c >= 0xDC00 && c <= 0xDFFF;
}

// Reads the escape at s[*pos] == '\\' (not "\\\\"): its code point; advances *pos past it.
uint32_t ReadEscape(std::string_view s, size_t* pos) {
  size_t at = *pos + 1;
  size_t digits = 4;
  if (at < s.size() && s[at] == '+') {
    digits = 6;
    ++at;
  } else if (at < s.size() && s[at] == 'u') {
    ++at;
  } else if (at < s.size() && s[at] == 'U') {
    digits = 8;
    ++at;
  }
  if (at + digits > s.size()) ThrowInvalidEscape();
  uint32_t value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = s[at + i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) ThrowInvalidEscape();
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  *pos = at + digits;
  if (value == 0 || value > 0x10FFFF) {
    throw MakeError(errcode::kInvalidParameterValue, "invalid Unicode code point: {:04X}", value);
  }
  return value;
}

Datum Unistr(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] != '\\') {
      out += s[pos++];
      continue;
    }
    if (pos + 1 < s.size() && s[pos + 1] == '\\') {
      out += '\\';
      pos += 2;
      continue;
    }
    uint32_t code = ReadEscape(s, &pos);
    if (IsLowSurrogate(code)) ThrowInvalidSurrogatePair();
    if (IsHighSurrogate(code)) {
      if (pos >= s.size() || s[pos] != '\\') ThrowInvalidSurrogatePair();
      uint32_t low = ReadEscape(s, &pos);
      if (!IsLowSurrogate(low)) ThrowInvalidSurrogatePair();
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(&out, code);
  }
  return TextDatum(out);
}

const BuiltinFunction kUnicodeEscapeBuiltins[] = {
    {"unistr", Unistr, 1},
};

}  // namespace

std::span<const BuiltinFunction> UnicodeEscapeBuiltins() {
  return kUnicodeEscapeBuiltins;
}

}  // namespace hyrax::executor
