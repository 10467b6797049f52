// varchar(n) and char(n) (bpchar): input with typmod length checks (22001 "value too long
// for type character varying(3)"), the length-coercion functions varchar()/bpchar() (explicit
// casts truncate silently), blank-padding semantics of bpchar (trailing spaces are
// insignificant in comparisons, hashing and char_length), typmod in/out.
// See README.md "Strings".
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/text_compare.h"
#include "executor/functions/typmod.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

constexpr int32_t kVarHdr = 4;  // typmod = declared length + VARHDRSZ, as in PostgreSQL

[[noreturn]] void ThrowTooLong(const char* type_name, int32_t maxlen) {
  throw MakeError(errcode::kStringDataRightTruncation, "value too long for type {}({})", type_name,
                  maxlen);
}

// Whether s[from..] is all spaces.
bool OnlySpacesFrom(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] != ' ') return false;
  }
  return true;
}

// bpchar value of `s` for typmod: clipped (only trailing spaces may be dropped unless
// `is_explicit`) or blank-padded to the declared number of characters.
Datum MakeBpchar(std::string_view s, int32_t typmod, bool is_explicit) {
  if (typmod < kVarHdr) return TextDatum(s);
  int64_t maxlen = typmod - kVarHdr;
  int64_t charlen = CharCount(s);
  if (charlen > maxlen) {
    size_t clip = BytesForChars(s, maxlen);
    if (!is_explicit && !OnlySpacesFrom(s, clip)) ThrowTooLong("character", maxlen);
    return TextDatum(s.substr(0, clip));
  }
  size_t total = s.size() + static_cast<size_t>(maxlen - charlen);
  Varlena* result = AllocVarlena(static_cast<uint32_t>(total));
  std::memcpy(VarData(result), s.data(), s.size());
  std::memset(VarData(result) + s.size(), ' ', total - s.size());
  return PointerGetDatum(result);
}

Datum MakeVarchar(std::string_view s, int32_t typmod, bool is_explicit) {
  int64_t maxlen = typmod - kVarHdr;
  if (typmod < kVarHdr || static_cast<int64_t>(s.size()) <= maxlen) return TextDatum(s);
  size_t clip = BytesForChars(s, maxlen);
  if (!is_explicit && !OnlySpacesFrom(s, clip)) ThrowTooLong("character varying", maxlen);
  return TextDatum(s.substr(0, clip));
}

Datum BpcharIn(FunctionCallInfo* f) {
  return MakeBpchar(f->ArgCString(0), f->ArgInt32(2), false);
}
Datum BpcharRecv(FunctionCallInfo* f) {
  return MakeBpchar(RecvArg(f, 0)->GetRest(), f->ArgInt32(2), false);
}
Datum VarcharIn(FunctionCallInfo* f) {
  return MakeVarchar(f->ArgCString(0), f->ArgInt32(2), false);
}
Datum VarcharRecv(FunctionCallInfo* f) {
  return MakeVarchar(RecvArg(f, 0)->GetRest(), f->ArgInt32(2), false);
}
Datum StringOut(FunctionCallInfo* f) {
  return CStringDatum(f->ArgText(0));
}
Datum StringSend(FunctionCallInfo* f) {
  return TextDatum(f->ArgText(0));
}

// Length coercions: return the argument itself when it already fits (no copy).
Datum BpcharCoerce(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int32_t typmod = f->ArgInt32(1);
  if (typmod < kVarHdr || CharCount(s) == typmod - kVarHdr) return f->Arg(0);
  return MakeBpchar(s, typmod, f->ArgBool(2));
}
Datum VarcharCoerce(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  int32_t typmod = f->ArgInt32(1);
  if (typmod < kVarHdr || static_cast<int64_t>(s.size()) <= typmod - kVarHdr) return f->Arg(0);
  return MakeVarchar(s, typmod, f->ArgBool(2));
}

Datum BpcharTypmodIn(FunctionCallInfo* f) {
  return Int32GetDatum(CharLengthTypmodIn(f->Arg(0), "char"));
}
Datum VarcharTypmodIn(FunctionCallInfo* f) {
  return Int32GetDatum(CharLengthTypmodIn(f->Arg(0), "varchar"));
}
Datum CharTypmodOut(FunctionCallInfo* f) {
  int32_t typmod = f->ArgInt32(0);
  return CStringDatum(typmod > kVarHdr ? "(" + std::to_string(typmod - kVarHdr) + ")" : "");
}

// bpchar without its trailing blanks (PostgreSQL's bcTruelen).
std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int BpcharCompare(FunctionCallInfo* f) {
  return TextCompare(Trimmed(f->ArgText(0)), Trimmed(f->ArgText(1)), f->fncollation);
}

Datum BpcharEq(FunctionCallInfo* f) {
  CheckCollationSet(f->fncollation);
  return BoolGetDatum(Trimmed(f->ArgText(0)) == Trimmed(f->ArgText(1)));
}
Datum BpcharNe(FunctionCallInfo* f) {
  CheckCollationSet(f->fncollation);
  return BoolGetDatum(Trimmed(f->ArgText(0)) != Trimmed(f->ArgText(1)));
}
Datum BpcharLt(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharCompare(f) < 0);
}
Datum BpcharLe(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharCompare(f) <= 0);
}
Datum BpcharGt(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharCompare(f) > 0);
}
Datum BpcharGe(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharCompare(f) >= 0);
}
Datum BpcharCmp(FunctionCallInfo* f) {
  return Int32GetDatum(BpcharCompare(f));
}
// Ties keep the first argument (PostgreSQL uses >= / <= here, unlike text_larger).
Datum BpcharLarger(FunctionCallInfo* f) {
  return BpcharCompare(f) >= 0 ? f->Arg(0) : f->Arg(1);
}
Datum BpcharSmaller(FunctionCallInfo* f) {
  return BpcharCompare(f) <= 0 ? f->Arg(0) : f->Arg(1);
}

int BpcharPatternCompare(FunctionCallInfo* f) {
  int c = Trimmed(f->ArgText(0)).compare(Trimmed(f->ArgText(1)));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
Datum BpcharPatternLt(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharPatternCompare(f) < 0);
}
Datum BpcharPatternLe(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharPatternCompare(f) <= 0);
}
Datum BpcharPatternGt(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharPatternCompare(f) > 0);
}
Datum BpcharPatternGe(FunctionCallInfo* f) {
  return BoolGetDatum(BpcharPatternCompare(f) >= 0);
}
Datum BtBpcharPatternCmp(FunctionCallInfo* f) {
  return Int32GetDatum(BpcharPatternCompare(f));
}

Datum HashBpchar(FunctionCallInfo* f) {
  CheckCollationForHash(f->fncollation);
  return UInt32GetDatum(HashBytes(Trimmed(f->ArgText(0))));
}
Datum HashBpcharExtended(FunctionCallInfo* f) {
  CheckCollationForHash(f->fncollation);
  std::string_view s = Trimmed(f->ArgText(0));
  return Int64GetDatum(static_cast<int64_t>(HashBytesExtended(s.data(), s.size(), f->ArgInt64(1))));
}

Datum BpcharLen(FunctionCallInfo* f) {
  return Int32GetDatum(static_cast<int32_t>(CharCount(Trimmed(f->ArgText(0)))));
}
Datum BpcharOctetLen(FunctionCallInfo* f) {
  return Int32GetDatum(static_cast<int32_t>(f->ArgText(0).size()));
}
// rtrim1: bpchar -> text cast and rtrim(text) without a character list.
Datum RTrim1(FunctionCallInfo* f) {
  return TextDatum(Trimmed(f->ArgText(0)));
}

const BuiltinFunction kVarcharBuiltins[] = {
    {"bpcharin", BpcharIn, 3},
    {"bpcharout", StringOut, 1},
    {"bpcharrecv", BpcharRecv, 3},
    {"bpcharsend", StringSend, 1},
    {"varcharin", VarcharIn, 3},
    {"varcharout", StringOut, 1},
    {"varcharrecv", VarcharRecv, 3},
    {"varcharsend", StringSend, 1},
    {"bpchar", BpcharCoerce, 3},
    {"varchar", VarcharCoerce, 3},
    {"bpchartypmodin", BpcharTypmodIn, 1},
    {"varchartypmodin", VarcharTypmodIn, 1},
    {"bpchartypmodout", CharTypmodOut, 1},
    {"varchartypmodout", CharTypmodOut, 1},
    {"bpchareq", BpcharEq, 2},
    {"bpcharne", BpcharNe, 2},
    {"bpcharlt", BpcharLt, 2},
    {"bpcharle", BpcharLe, 2},
    {"bpchargt", BpcharGt, 2},
    {"bpcharge", BpcharGe, 2},
    {"bpcharcmp", BpcharCmp, 2},
    {"bpchar_larger", BpcharLarger, 2},
    {"bpchar_smaller", BpcharSmaller, 2},
    {"bpchar_pattern_lt", BpcharPatternLt, 2},
    {"bpchar_pattern_le", BpcharPatternLe, 2},
    {"bpchar_pattern_gt", BpcharPatternGt, 2},
    {"bpchar_pattern_ge", BpcharPatternGe, 2},
    {"btbpchar_pattern_cmp", BtBpcharPatternCmp, 2},
    {"hashbpchar", HashBpchar, 1},
    {"hashbpcharextended", HashBpcharExtended, 2},
    {"bpcharlen", BpcharLen, 1},
    {"bpcharoctetlen", BpcharOctetLen, 1},
    {"rtrim1", RTrim1, 1},
};

}  // namespace

std::span<const BuiltinFunction> VarcharBuiltins() {
  return kVarcharBuiltins;
}

}  // namespace hyrax::executor
