// String-like functions on bytea: substring, position, overlay, btrim/ltrim/rtrim with a byte
// set, get_byte/set_byte/get_bit/set_bit, bit_count, encode/decode (hex, base64, escape)
// and the SHA-2 digests. Positions are 1-based byte positions, bits are numbered from the
// least significant bit of byte 0, as in PostgreSQL. md5(bytea) is in string_funcs.cpp.
// See README.md "bytea".
#include <bit>
#include <climits>
#include <string>
#include <strings.h>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/bytea_io.h"
#include "executor/types/sha2.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowNegativeLength() {
  throw Error(errcode::kSubstringError, "negative substring length not allowed");
}

// PostgreSQL's bytea_substring: bytes [start, start + length) clipped to the value; a
// negative length is an error unless it means "to the end" (`to_end`).
std::string_view ByteaSubstring(std::string_view s, int32_t start, int32_t length, bool to_end) {
  int64_t first = start < 1 ? 1 : start;
  int64_t end;  // exclusive, 1-based
  if (to_end) {
    end = INT64_MAX;
  } else {
    if (length < 0) ThrowNegativeLength();
    end = static_cast<int64_t>(start) + length;
    if (end < 1) return {};
  }
  if (first > static_cast<int64_t>(s.size())) return {};
  int64_t last = std::min<int64_t>(end, static_cast<int64_t>(s.size()) + 1);
  if (last <= first) return {};
  return s.substr(static_cast<size_t>(first - 1), static_cast<size_t>(last - first));
}

Datum ByteaSubstr(FunctionCallInfo* f) {
  return TextDatum(ByteaSubstring(f->ArgText(0), f->ArgInt32(1), f->ArgInt32(2), false));
}
Datum ByteaSubstrNoLen(FunctionCallInfo* f) {
  return TextDatum(ByteaSubstring(f->ArgText(0), f->ArgInt32(1), -1, true));
}

Datum ByteaPos(FunctionCallInfo* f) {
  std::string_view haystack = f->ArgText(0), needle = f->ArgText(1);
  if (needle.empty()) return Int32GetDatum(1);
  size_t at = haystack.find(needle);
  return Int32GetDatum(at == std::string_view::npos ? 0 : static_cast<int32_t>(at) + 1);
}

// overlay(t1 placing t2 from sp [for sl]) = t1[1, sp) || t2 || t1[sp + sl, end].
Datum Overlay(FunctionCallInfo* f, int32_t length) {
  std::string_view t1 = f->ArgText(0), t2 = f->ArgText(1);
  int32_t sp = f->ArgInt32(2);
  int32_t sp_plus_sl;
  if (__builtin_add_overflow(sp, length, &sp_plus_sl)) {
    throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
  }
  std::string out(ByteaSubstring(t1, 1, sp - 1, false));
  out += t2;
  out += ByteaSubstring(t1, sp_plus_sl, -1, true);
  return TextDatum(out);
}
Datum ByteaOverlay(FunctionCallInfo* f) {
  return Overlay(f, f->ArgInt32(3));
}
Datum ByteaOverlayNoLen(FunctionCallInfo* f) {
  return Overlay(f, static_cast<int32_t>(f->ArgText(1).size()));
}

// Trims bytes that occur in the set from the chosen ends.
template <bool kLeft, bool kRight>
Datum ByteaTrim(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0), set = f->ArgText(1);
  if (set.empty()) return TextDatum(s);
  size_t begin = 0, end = s.size();
  if (kLeft) {
    while (begin < end && set.find(s[begin]) != std::string_view::npos) ++begin;
  }
  if (kRight) {
    while (end > begin && set.find(s[end - 1]) != std::string_view::npos) --end;
  }
  return TextDatum(s.substr(begin, end - begin));
}

[[noreturn]] void ThrowIndexOutOfRange(int64_t index, int64_t last) {
  throw MakeError(errcode::kArraySubscriptError, "index {} out of valid range, 0..{}", index, last);
}

Datum ByteaGetByte(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int32_t n = f->ArgInt32(1);
  int64_t len = static_cast<int64_t>(s.size());
  if (n < 0 || n >= len) ThrowIndexOutOfRange(n, len - 1);
  return Int32GetDatum(static_cast<unsigned char>(s[n]));
}

Datum ByteaSetByte(FunctionCallInfo* f) {
  std::string s(f->ArgText(0));
  int32_t n = f->ArgInt32(1);
  int64_t len = static_cast<int64_t>(s.size());
  if (n < 0 || n >= len) ThrowIndexOutOfRange(n, len - 1);
  s[n] = static_cast<char>(f->ArgInt32(2));
  return TextDatum(s);
}

Datum ByteaGetBit(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int64_t n = f->ArgInt64(1);
  int64_t bits = static_cast<int64_t>(s.size()) * 8;
  if (n < 0 || n >= bits) ThrowIndexOutOfRange(n, bits - 1);
  auto byte = static_cast<unsigned char>(s[n / 8]);
  return Int32GetDatum((byte >> (n % 8)) & 1);
}

Datum ByteaSetBit(FunctionCallInfo* f) {
  std::string s(f->ArgText(0));
  int64_t n = f->ArgInt64(1);
  int32_t bit = f->ArgInt32(2);
  int64_t bits = static_cast<int64_t>(s.size()) * 8;
  if (n < 0 || n >= bits) ThrowIndexOutOfRange(n, bits - 1);
  if (bit != 0 && bit != 1) throw Error(errcode::kInvalidParameterValue, "new bit must be 0 or 1");
  auto byte = static_cast<unsigned char>(s[n / 8]);
  auto mask = static_cast<unsigned char>(1u << (n % 8));
  s[n / 8] = static_cast<char>(bit ? (byte | mask) : (byte & ~mask));
  return TextDatum(s);
}

Datum ByteaBitCount(FunctionCallInfo* f) {
  int64_t count = 0;
  for (char c : f->ArgText(0)) count += std::popcount(static_cast<unsigned char>(c));
  return Int64GetDatum(count);
}

enum class Encoding { kHex, kBase64, kEscape };

Encoding LookupEncoding(std::string_view name) {
  std::string copy(name);
  if (strcasecmp(copy.c_str(), "hex") == 0) return Encoding::kHex;
  if (strcasecmp(copy.c_str(), "base64") == 0) return Encoding::kBase64;
  if (strcasecmp(copy.c_str(), "escape") == 0) return Encoding::kEscape;
  throw MakeError(errcode::kInvalidParameterValue, "unrecognized encoding: \"{}\"", name);
}

Datum BinaryEncode(FunctionCallInfo* f) {
  std::string_view data = f->ArgText(0);
  switch (LookupEncoding(f->ArgText(1))) {
    case Encoding::kHex:
      return TextDatum(HexEncode(data));
    case Encoding::kBase64:
      return TextDatum(Base64Encode(data));
    case Encoding::kEscape:
      return TextDatum(EscapeEncode(data));
  }
  return f->ReturnNull();
}

Datum BinaryDecode(FunctionCallInfo* f) {
  std::string_view text = f->ArgText(0);
  switch (LookupEncoding(f->ArgText(1))) {
    case Encoding::kHex:
      return TextDatum(HexDecode(text));
    case Encoding::kBase64:
      return TextDatum(Base64Decode(text));
    case Encoding::kEscape:
      return TextDatum(EscapeDecode(text));
  }
  return f->ReturnNull();
}

template <std::string (*kDigest)(std::string_view)>
Datum ShaBytea(FunctionCallInfo* f) {
  return TextDatum(kDigest(f->ArgText(0)));
}

const BuiltinFunction kByteaFuncBuiltins[] = {
    {"bytea_substr", ByteaSubstr, 3},
    {"bytea_substr_no_len", ByteaSubstrNoLen, 2},
    {"byteapos", ByteaPos, 2},
    {"byteaoverlay", ByteaOverlay, 4},
    {"byteaoverlay_no_len", ByteaOverlayNoLen, 3},
    {"byteatrim", ByteaTrim<true, true>, 2},
    {"bytealtrim", ByteaTrim<true, false>, 2},
    {"byteartrim", ByteaTrim<false, true>, 2},
    {"byteaGetByte", ByteaGetByte, 2},
    {"byteaSetByte", ByteaSetByte, 3},
    {"byteaGetBit", ByteaGetBit, 2},
    {"byteaSetBit", ByteaSetBit, 3},
    {"bytea_bit_count", ByteaBitCount, 1},
    {"binary_encode", BinaryEncode, 2},
    {"binary_decode", BinaryDecode, 2},
    {"sha224_bytea", ShaBytea<Sha224>, 1},
    {"sha256_bytea", ShaBytea<Sha256>, 1},
    {"sha384_bytea", ShaBytea<Sha384>, 1},
    {"sha512_bytea", ShaBytea<Sha512>, 1},
};

}  // namespace

std::span<const BuiltinFunction> ByteaFuncBuiltins() {
  return kByteaFuncBuiltins;
}

}  // namespace hyrax::executor
