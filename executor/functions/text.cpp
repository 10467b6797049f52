// text (and the pseudo-types unknown, cstring, void that share its I/O shape): I/O,
// comparisons in "C" collation byte order, hashing, concatenation, lengths, larger/smaller,
// pattern (byte-order) operators. See README.md "Strings".
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/text_compare.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

Datum TextIn(FunctionCallInfo* f) {
  return TextDatum(f->ArgCString(0));
}
Datum TextOut(FunctionCallInfo* f) {
  return CStringDatum(f->ArgText(0));
}
Datum TextRecv(FunctionCallInfo* f) {
  return TextDatum(RecvArg(f, 0)->GetRest());
}
Datum TextSend(FunctionCallInfo* f) {
  return TextDatum(f->ArgText(0));
}

// unknown and cstring values are NUL-terminated strings (typlen -2).
Datum CStringCopy(FunctionCallInfo* f) {
  return CStringDatum(f->ArgCString(0));
}
Datum CStringRecv(FunctionCallInfo* f) {
  return CStringDatum(RecvArg(f, 0)->GetRest());
}
Datum CStringSend(FunctionCallInfo* f) {
  return TextDatum(f->ArgCString(0));
}

// void: input accepts anything and yields nothing; output is the empty string.
Datum VoidIn(FunctionCallInfo* f) {
  return 0;
}
Datum VoidOut(FunctionCallInfo* f) {
  return CStringDatum("");
}
Datum VoidRecv(FunctionCallInfo* f) {
  return 0;
}
Datum VoidSend(FunctionCallInfo* f) {
  return TextDatum("");
}

int CompareArgs(FunctionCallInfo* f) {
  return TextCompare(f->ArgText(0), f->ArgText(1), f->fncollation);
}

Datum TextEq(FunctionCallInfo* f) {
  CheckCollationSet(f->fncollation);
  return BoolGetDatum(f->ArgText(0) == f->ArgText(1));
}
Datum TextNe(FunctionCallInfo* f) {
  CheckCollationSet(f->fncollation);
  return BoolGetDatum(f->ArgText(0) != f->ArgText(1));
}
Datum TextLt(FunctionCallInfo* f) {
  return BoolGetDatum(CompareArgs(f) < 0);
}
Datum TextLe(FunctionCallInfo* f) {
  return BoolGetDatum(CompareArgs(f) <= 0);
}
Datum TextGt(FunctionCallInfo* f) {
  return BoolGetDatum(CompareArgs(f) > 0);
}
Datum TextGe(FunctionCallInfo* f) {
  return BoolGetDatum(CompareArgs(f) >= 0);
}
Datum BtTextCmp(FunctionCallInfo* f) {
  return Int32GetDatum(CompareArgs(f));
}
Datum TextLarger(FunctionCallInfo* f) {
  return CompareArgs(f) > 0 ? f->Arg(0) : f->Arg(1);
}
Datum TextSmaller(FunctionCallInfo* f) {
  return CompareArgs(f) < 0 ? f->Arg(0) : f->Arg(1);
}

// The *_pattern_* operators compare bytes whatever the collation.
int PatternCompare(FunctionCallInfo* f) {
  int c = f->ArgText(0).compare(f->ArgText(1));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
Datum PatternLt(FunctionCallInfo* f) {
  return BoolGetDatum(PatternCompare(f) < 0);
}
Datum PatternLe(FunctionCallInfo* f) {
  return BoolGetDatum(PatternCompare(f) <= 0);
}
Datum PatternGt(FunctionCallInfo* f) {
  return BoolGetDatum(PatternCompare(f) > 0);
}
Datum PatternGe(FunctionCallInfo* f) {
  return BoolGetDatum(PatternCompare(f) >= 0);
}
Datum BtPatternCmp(FunctionCallInfo* f) {
  return Int32GetDatum(PatternCompare(f));
}

Datum HashText(FunctionCallInfo* f) {
  CheckCollationForHash(f->fncollation);
  return UInt32GetDatum(HashBytes(f->ArgText(0)));
}
Datum HashTextExtended(FunctionCallInfo* f) {
  CheckCollationForHash(f->fncollation);
  std::string_view s = f->ArgText(0);
  return Int64GetDatum(static_cast<int64_t>(HashBytesExtended(s.data(), s.size(), f->ArgInt64(1))));
}

Datum TextCat(FunctionCallInfo* f) {
  std::string_view a = f->ArgText(0);
  std::string_view b = f->ArgText(1);
  Varlena* result = AllocVarlena(static_cast<uint32_t>(a.size() + b.size()));
  std::memcpy(VarData(result), a.data(), a.size());
  std::memcpy(VarData(result) + a.size(), b.data(), b.size());
  return PointerGetDatum(result);
}

Datum TextLen(FunctionCallInfo* f) {
  return Int32GetDatum(static_cast<int32_t>(CharCount(f->ArgText(0))));
}
Datum TextOctetLen(FunctionCallInfo* f) {
  return Int32GetDatum(static_cast<int32_t>(f->ArgText(0).size()));
}

const BuiltinFunction kTextBuiltins[] = {
    {"textin", TextIn, 1},
    {"textout", TextOut, 1},
    {"textrecv", TextRecv, 1},
    {"textsend", TextSend, 1},
    {"unknownin", CStringCopy, 1},
    {"unknownout", CStringCopy, 1},
    {"unknownrecv", CStringRecv, 1},
    {"unknownsend", CStringSend, 1},
    {"cstring_in", CStringCopy, 1},
    {"cstring_out", CStringCopy, 1},
    {"cstring_recv", CStringRecv, 1},
    {"cstring_send", CStringSend, 1},
    {"void_in", VoidIn, 1},
    {"void_out", VoidOut, 1},
    {"void_recv", VoidRecv, 1},
    {"void_send", VoidSend, 1},
    {"texteq", TextEq, 2},
    {"textne", TextNe, 2},
    {"text_lt", TextLt, 2},
    {"text_le", TextLe, 2},
    {"text_gt", TextGt, 2},
    {"text_ge", TextGe, 2},
    {"bttextcmp", BtTextCmp, 2},
    {"text_larger", TextLarger, 2},
    {"text_smaller", TextSmaller, 2},
    {"text_pattern_lt", PatternLt, 2},
    {"text_pattern_le", PatternLe, 2},
    {"text_pattern_gt", PatternGt, 2},
    {"text_pattern_ge", PatternGe, 2},
    {"bttext_pattern_cmp", BtPatternCmp, 2},
    {"hashtext", HashText, 1},
    {"hashtextextended", HashTextExtended, 2},
    {"textcat", TextCat, 2},
    {"textlen", TextLen, 1},
    {"textoctetlen", TextOctetLen, 1},
};

}  // namespace

std::span<const BuiltinFunction> TextBuiltins() {
  return kTextBuiltins;
}

}  // namespace hyrax::executor
