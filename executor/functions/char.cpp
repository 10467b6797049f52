// "char": the one-byte internal type. Bytes with the high bit set print as \ooo octal
// (PostgreSQL 15), comparisons treat bytes as unsigned, hashing and int4 casts as signed
// (as PostgreSQL on x86-64). See README.md "Strings".
#include <cstdio>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/hash_bytes.h"

namespace hyrax::executor {

namespace {

bool IsOctal(char c) {
  return c >= '0' && c <= '7';
}

// Text form of one "char" byte: empty for \0, \ooo for high-bit bytes.
std::string CharToString(char c) {
  if (c == '\0') return "";
  if (static_cast<unsigned char>(c) & 0x80) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\%03o", static_cast<unsigned char>(c));
    return buf;
  }
  return std::string(1, c);
}

// The byte a "char" literal stands for: \ooo octal escapes, else the first byte (\0 for "").
char CharFromText(std::string_view s) {
  if (s.size() == 4 && s[0] == '\\' && IsOctal(s[1]) && IsOctal(s[2]) && IsOctal(s[3])) {
    int v = ((s[1] - '0') << 6) + ((s[2] - '0') << 3) + (s[3] - '0');
    return static_cast<char>(v);
  }
  return s.empty() ? '\0' : s[0];
}

Datum CharIn(FunctionCallInfo* f) {
  return CharGetDatum(CharFromText(f->ArgCString(0)));
}
Datum CharOut(FunctionCallInfo* f) {
  return CStringDatum(CharToString(f->ArgChar(0)));
}
Datum CharRecv(FunctionCallInfo* f) {
  return CharGetDatum(static_cast<char>(RecvArg(f, 0)->GetUInt8()));
}
Datum CharSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutUInt8(static_cast<uint8_t>(f->ArgChar(0)));
  return buf.Finish();
}

uint8_t U(FunctionCallInfo* f, int i) {
  return static_cast<uint8_t>(f->ArgChar(i));
}
Datum CharEq(FunctionCallInfo* f) {
  return BoolGetDatum(U(f, 0) == U(f, 1));
}
Datum CharNe(FunctionCallInfo* f) {
  return BoolGetDatum(U(f, 0) != U(f, 1));
}
Datum CharLt(FunctionCallInfo* f) {
  return BoolGetDatum(U(f, 0) < U(f, 1));
}
Datum CharLe(FunctionCallInfo* f) {
  return BoolGetDatum(U(f, 0) <= U(f, 1));
}
Datum CharGt(FunctionCallInfo* f) {
  return BoolGetDatum(U(f, 0) > U(f, 1));
}
Datum CharGe(FunctionCallInfo* f) {
  return BoolGetDatum(U(f, 0) >= U(f, 1));
}
// PostgreSQL returns the difference of the unsigned bytes, not just its sign.
Datum BtCharCmp(FunctionCallInfo* f) {
  return Int32GetDatum(int32_t{U(f, 0)} - int32_t{U(f, 1)});
}

int32_t SignedChar(FunctionCallInfo* f) {
  return static_cast<int32_t>(static_cast<int8_t>(f->ArgChar(0)));
}
Datum HashChar(FunctionCallInfo* f) {
  return UInt32GetDatum(HashUInt32(static_cast<uint32_t>(SignedChar(f))));
}
Datum HashCharExtended(FunctionCallInfo* f) {
  return Int64GetDatum(static_cast<int64_t>(
      HashUInt32Extended(static_cast<uint32_t>(SignedChar(f)), f->ArgInt64(1))));
}

Datum CharToI4(FunctionCallInfo* f) {
  return Int32GetDatum(SignedChar(f));
}
Datum I4ToChar(FunctionCallInfo* f) {
  int32_t v = f->ArgInt32(0);
  if (v < -128 || v > 127) throw Error(errcode::kNumericValueOutOfRange, "\"char\" out of range");
  return CharGetDatum(static_cast<char>(v));
}
// text -> "char" reads the text like charin (so \ooo round-trips with char_text).
Datum TextChar(FunctionCallInfo* f) {
  return CharGetDatum(CharFromText(f->ArgText(0)));
}
Datum CharText(FunctionCallInfo* f) {
  return TextDatum(CharToString(f->ArgChar(0)));
}
Datum CharBpchar(FunctionCallInfo* f) {
  char c = f->ArgChar(0);
  return TextDatum(c == '\0' ? std::string_view() : std::string_view(&c, 1));
}

const BuiltinFunction kCharBuiltins[] = {
    {"charin", CharIn, 1},
    {"charout", CharOut, 1},
    {"charrecv", CharRecv, 1},
    {"charsend", CharSend, 1},
    {"chareq", CharEq, 2},
    {"charne", CharNe, 2},
    {"charlt", CharLt, 2},
    {"charle", CharLe, 2},
    {"chargt", CharGt, 2},
    {"charge", CharGe, 2},
    {"btcharcmp", BtCharCmp, 2},
    {"hashchar", HashChar, 1},
    {"hashcharextended", HashCharExtended, 2},
    {"chartoi4", CharToI4, 1},
    {"i4tochar", I4ToChar, 1},
    {"text_char", TextChar, 1},
    {"char_text", CharText, 1},
    {"char_bpchar", CharBpchar, 1},
};

}  // namespace

std::span<const BuiltinFunction> CharBuiltins() {
  return kCharBuiltins;
}

}  // namespace hyrax::executor
