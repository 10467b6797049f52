// String functions on text: lower/upper/initcap (ASCII case mapping, as PostgreSQL under the
// C ctype), substr, position, trim family, replace, split_part, lpad/rpad, left/right,
// repeat, reverse, translate, overlay, md5, chr/ascii, starts_with, quote_*, to_hex, and the
// SQL-language lpad/rpad(text, int), bit_length and quote_*(anyelement).
// Positions and lengths count characters (UTF-8). LIKE is in like.cpp, format/concat in
// format.cpp. See README.md "Strings".
#include <algorithm>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/md5.h"
#include "executor/types/multibyte.h"
#include "executor/types/quote_ident.h"

namespace hyrax::executor {

namespace {

// Byte offsets of each character start (plus the end) of `s`.
std::vector<size_t> CharOffsets(std::string_view s) {
  std::vector<size_t> offsets;
  size_t i = 0;
  while (i < s.size()) {
    offsets.push_back(i);
    i = std::min(s.size(), i + Utf8CharLen(static_cast<unsigned char>(s[i])));
  }
  offsets.push_back(s.size());
  return offsets;
}

std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<size_t> off = CharOffsets(s);
  std::vector<std::string_view> out;
  for (size_t i = 0; i + 1 < off.size(); ++i) out.push_back(s.substr(off[i], off[i + 1] - off[i]));
  return out;
}

[[noreturn]] void ThrowTooLarge() {
  throw Error(errcode::kProgramLimitExceeded, "requested length too large");
}

char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}
char AsciiUpper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c;
}
bool AsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

Datum Lower(FunctionCallInfo* f) {
  std::string s(f->ArgText(0));
  for (char& c : s) c = AsciiLower(c);
  return TextDatum(s);
}
Datum Upper(FunctionCallInfo* f) {
  std::string s(f->ArgText(0));
  for (char& c : s) c = AsciiUpper(c);
  return TextDatum(s);
}
Datum Initcap(FunctionCallInfo* f) {
  std::string s(f->ArgText(0));
  bool word_start = true;
  for (char& c : s) {
    c = word_start ? AsciiUpper(c) : AsciiLower(c);
    word_start = !AsciiAlnum(c);
  }
  return TextDatum(s);
}

// SQL substring(s from start for length) on characters; `has_length` false = to the end.
Datum Substring(std::string_view s, int32_t start, int32_t length, bool has_length) {
  if (has_length && length < 0) {
    throw Error(errcode::kSubstringError, "negative substring length not allowed");
  }
  int64_t end = has_length ? int64_t{start} + length : INT64_MAX;
  if (end < 1) return TextDatum("");
  int64_t first = std::max<int64_t>(start, 1);
  size_t begin_byte = BytesForChars(s, first - 1);
  if (begin_byte >= s.size()) return TextDatum("");
  std::string_view rest = s.substr(begin_byte);
  size_t len_bytes = end == INT64_MAX ? rest.size() : BytesForChars(rest, end - first);
  return TextDatum(rest.substr(0, len_bytes));
}

Datum TextSubstr(FunctionCallInfo* f) {
  return Substring(f->ArgText(0), f->ArgInt32(1), f->ArgInt32(2), true);
}
Datum TextSubstrNoLen(FunctionCallInfo* f) {
  return Substring(f->ArgText(0), f->ArgInt32(1), 0, false);
}

// 1-based character position of `needle` in `hay`, 0 when absent.
int32_t Position(std::string_view hay, std::string_view needle) {
  size_t pos = hay.find(needle);
  if (pos == std::string_view::npos) return 0;
  return static_cast<int32_t>(CharCount(hay.substr(0, pos)) + 1);
}
Datum TextPos(FunctionCallInfo* f) {
  return Int32GetDatum(Position(f->ArgText(0), f->ArgText(1)));
}

// Trim characters of `set` from the ends of `s`.
std::string_view Trim(std::string_view s, std::string_view set, bool left, bool right) {
  std::vector<std::string_view> set_chars = Chars(set);
  auto in_set = [&](std::string_view c) {
    return std::find(set_chars.begin(), set_chars.end(), c) != set_chars.end();
  };
  std::vector<std::string_view> chars = Chars(s);
  size_t b = 0, e = chars.size();
  if (left) {
    while (b < e && in_set(chars[b])) ++b;
  }
  if (right) {
    while (e > b && in_set(chars[e - 1])) --e;
  }
  if (b == e) return std::string_view();
  size_t start = chars[b].data() - s.data();
  size_t stop = chars[e - 1].data() + chars[e - 1].size() - s.data();
  return s.substr(start, stop - start);
}
Datum Btrim(FunctionCallInfo* f) {
  return TextDatum(Trim(f->ArgText(0), f->ArgText(1), true, true));
}
Datum Btrim1(FunctionCallInfo* f) {
  return TextDatum(Trim(f->ArgText(0), " ", true, true));
}
Datum Ltrim(FunctionCallInfo* f) {
  return TextDatum(Trim(f->ArgText(0), f->ArgText(1), true, false));
}
Datum Ltrim1(FunctionCallInfo* f) {
  return TextDatum(Trim(f->ArgText(0), " ", true, false));
}
Datum Rtrim(FunctionCallInfo* f) {
  return TextDatum(Trim(f->ArgText(0), f->ArgText(1), false, true));
}

Datum ReplaceText(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0), from = f->ArgText(1), to = f->ArgText(2);
  if (from.empty() || s.empty()) return f->Arg(0);
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t hit = s.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(s.substr(pos));
  return TextDatum(out);
}

Datum SplitPart(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0), delim = f->ArgText(1);
  int32_t n = f->ArgInt32(2);
  if (n == 0) throw Error(errcode::kInvalidParameterValue, "field position must not be zero");
  if (s.empty()) return TextDatum("");
  if (delim.empty()) return TextDatum(n == 1 || n == -1 ? s : std::string_view());
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (true) {
    size_t hit = s.find(delim, pos);
    parts.push_back(
        s.substr(pos, hit == std::string_view::npos ? std::string_view::npos : hit - pos));
    if (hit == std::string_view::npos) break;
    pos = hit + delim.size();
  }
  int64_t index = n > 0 ? int64_t{n} - 1 : static_cast<int64_t>(parts.size()) + n;
  if (index < 0 || index >= static_cast<int64_t>(parts.size())) return TextDatum("");
  return TextDatum(parts[index]);
}

Datum Pad(std::string_view s, int32_t length, std::string_view fill, bool left) {
  int64_t len = std::max<int32_t>(length, 0);
  std::vector<std::string_view> chars = Chars(s);
  int64_t keep = std::min<int64_t>(static_cast<int64_t>(chars.size()), len);
  std::vector<std::string_view> fill_chars = Chars(fill);
  if (fill_chars.empty()) len = keep;
  std::string body(s.substr(0, BytesForChars(s, keep)));
  std::string pad;
  for (int64_t i = 0; i < len - keep; ++i) {
    pad.append(fill_chars[i % fill_chars.size()]);
    if (pad.size() > kMaxVarlenaSize) ThrowTooLarge();
  }
  return TextDatum(left ? pad + body : body + pad);
}
template <bool kLeft>
Datum PadFn(FunctionCallInfo* f) {
  return Pad(f->ArgText(0), f->ArgInt32(1), f->ArgText(2), kLeft);
}
// lpad(text, int) / rpad(text, int): SQL-language in pg_proc, padding with spaces.
template <bool kLeft>
Datum PadWithSpaces(FunctionCallInfo* f) {
  return Pad(f->ArgText(0), f->ArgInt32(1), " ", kLeft);
}

Datum TextLeft(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int64_t n = f->ArgInt32(1);
  if (n < 0) n = std::max<int64_t>(CharCount(s) + n, 0);
  return TextDatum(s.substr(0, BytesForChars(s, n)));
}
Datum TextRight(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int64_t n = f->ArgInt32(1);
  int64_t count = CharCount(s);
  int64_t skip = n < 0 ? std::min<int64_t>(-n, count) : std::max<int64_t>(count - n, 0);
  return TextDatum(s.substr(BytesForChars(s, skip)));
}

Datum Repeat(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int64_t count = std::max<int32_t>(f->ArgInt32(1), 0);
  if (count > 0 && static_cast<int64_t>(s.size()) * count > kMaxVarlenaSize) ThrowTooLarge();
  std::string out;
  out.reserve(s.size() * count);
  for (int64_t i = 0; i < count; ++i) out.append(s);
  return TextDatum(out);
}

Datum TextReverse(FunctionCallInfo* f) {
  std::vector<std::string_view> chars = Chars(f->ArgText(0));
  std::string out;
  for (size_t i = chars.size(); i-- > 0;) out.append(chars[i]);
  return TextDatum(out);
}

Datum Translate(FunctionCallInfo* f) {
  std::vector<std::string_view> from = Chars(f->ArgText(1)), to = Chars(f->ArgText(2));
  std::string out;
  for (std::string_view c : Chars(f->ArgText(0))) {
    auto it = std::find(from.begin(), from.end(), c);
    if (it == from.end()) {
      out.append(c);
    } else if (static_cast<size_t>(it - from.begin()) < to.size()) {
      out.append(to[it - from.begin()]);
    }
  }
  return TextDatum(out);
}

Datum Overlay(std::string_view s, std::string_view placing, int32_t start, int32_t count) {
  int32_t after;
  if (__builtin_add_overflow(start, count, &after)) {
    throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
  }
  std::string_view head = DatumGetTextView(Substring(s, 1, start - 1, true));
  std::string_view tail = DatumGetTextView(Substring(s, after, 0, false));
  return TextDatum(std::string(head) + std::string(placing) + std::string(tail));
}
Datum TextOverlay(FunctionCallInfo* f) {
  return Overlay(f->ArgText(0), f->ArgText(1), f->ArgInt32(2), f->ArgInt32(3));
}
Datum TextOverlayNoLen(FunctionCallInfo* f) {
  return Overlay(f->ArgText(0), f->ArgText(1), f->ArgInt32(2),
                 static_cast<int32_t>(CharCount(f->ArgText(1))));
}

Datum Md5Text(FunctionCallInfo* f) {
  return TextDatum(Md5Hex(f->ArgText(0)));
}

Datum Chr(FunctionCallInfo* f) {
  int32_t code = f->ArgInt32(0);
  if (code < 0) throw Error(errcode::kInvalidParameterValue, "character number must be positive");
  if (code == 0) throw Error(errcode::kProgramLimitExceeded, "null character not permitted");
  if (code > 0x10FFFF) {
    throw MakeError(errcode::kProgramLimitExceeded,
                    "requested character too large for encoding: {}", code);
  }
  if (code >= 0xD800 && code <= 0xDFFF) {
    throw MakeError(errcode::kProgramLimitExceeded,
                    "requested character not valid for encoding: {}", code);
  }
  std::string out;
  AppendUtf8(&out, static_cast<uint32_t>(code));
  return TextDatum(out);
}

Datum Ascii(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  return Int32GetDatum(s.empty() ? 0 : static_cast<int32_t>(DecodeUtf8(s)));
}

Datum StartsWith(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0), prefix = f->ArgText(1);
  return BoolGetDatum(s.substr(0, prefix.size()) == prefix);
}

Datum QuoteIdent(FunctionCallInfo* f) {
  return TextDatum(QuoteIdentifier(f->ArgText(0)));
}

Datum QuoteLiteralFn(FunctionCallInfo* f) {
  return TextDatum(QuoteLiteral(f->ArgText(0)));
}
Datum QuoteNullable(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return TextDatum("NULL");
  return TextDatum(QuoteLiteral(f->ArgText(0)));
}
// quote_literal(anyelement) / quote_nullable(anyelement): SQL-language in pg_proc, quoting
// the value's text form (its type's output function).
Datum QuoteLiteralAny(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return TextDatum("NULL");  // only reached by quote_nullable
  return TextDatum(QuoteLiteral(OutputByType(f->ArgType(0), f->Arg(0))));
}

// bit_length(text) and bit_length(bytea): SQL-language in pg_proc, octet_length * 8.
Datum BitLength(FunctionCallInfo* f) {
  return Int32GetDatum(static_cast<int32_t>(f->ArgText(0).size() * 8));
}

template <typename T>
Datum ToHex(FunctionCallInfo* f) {
  using U = std::make_unsigned_t<T>;
  U v = static_cast<U>(ArgAs<T>(f, 0));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kHex[v & 0xF]);
    v >>= 4;
  } while (v != 0);
  return TextDatum(out);
}

const BuiltinFunction kStringBuiltins[] = {
    {"lower", Lower, 1},
    {"upper", Upper, 1},
    {"initcap", Initcap, 1},
    {"text_substr", TextSubstr, 3},
    {"text_substr_no_len", TextSubstrNoLen, 2},
    {"textpos", TextPos, 2},
    {"btrim", Btrim, 2},
    {"btrim1", Btrim1, 1},
    {"ltrim", Ltrim, 2},
    {"ltrim1", Ltrim1, 1},
    {"rtrim", Rtrim, 2},
    {"replace_text", ReplaceText, 3},
    {"split_part", SplitPart, 3},
    {"lpad", PadFn<true>, 3},
    {"rpad", PadFn<false>, 3},
    {"text_left", TextLeft, 2},
    {"text_right", TextRight, 2},
    {"repeat", Repeat, 2},
    {"text_reverse", TextReverse, 1},
    {"translate", Translate, 3},
    {"textoverlay", TextOverlay, 4},
    {"textoverlay_no_len", TextOverlayNoLen, 3},
    {"md5_text", Md5Text, 1},
    {"md5_bytea", Md5Text, 1},
    {"chr", Chr, 1},
    {"ascii", Ascii, 1},
    {"text_starts_with", StartsWith, 2},
    {"quote_ident", QuoteIdent, 1},
    {"quote_literal", QuoteLiteralFn, 1},
    {"quote_nullable", QuoteNullable, 1},
    {"to_hex32", ToHex<int32_t>, 1},
    {"to_hex64", ToHex<int64_t>, 1},
    // SQL-language functions of pg_proc, registered under their bodies (fmgr_catalog.cpp).
    {"RETURN lpad($1, $2, ' '::text)", PadWithSpaces<true>, 2},
    {"RETURN rpad($1, $2, ' '::text)", PadWithSpaces<false>, 2},
    {"RETURN (octet_length($1) * 8)", BitLength, 1},
    {"select pg_catalog.quote_literal($1::pg_catalog.text)", QuoteLiteralAny, 1},
    {"select pg_catalog.quote_nullable($1::pg_catalog.text)", QuoteLiteralAny, 1},
};

}  // namespace

std::span<const BuiltinFunction> StringBuiltins() {
  return kStringBuiltins;
}

}  // namespace hyrax::executor
