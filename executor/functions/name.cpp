// name: PostgreSQL's 64-byte, NUL-padded identifier type. Input truncates to 63 bytes on a
// character boundary; comparisons follow the (always byte-order) collation; casts to and
// from text, varchar and bpchar; cross-type name/text comparisons. See README.md "Strings".
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/text_compare.h"
#include "executor/types/hash_bytes.h"
#include "executor/types/multibyte.h"
#include "executor/types/name_type.h"

namespace hyrax::executor {

namespace {

std::string_view NameArg(FunctionCallInfo* f, int i) {
  return NameView(f->Arg(i));
}

Datum NameIn(FunctionCallInfo* f) {
  return MakeNameDatum(f->ArgCString(0));
}
Datum NameOut(FunctionCallInfo* f) {
  return CStringDatum(NameArg(f, 0));
}
Datum NameRecv(FunctionCallInfo* f) {
  std::string_view s = RecvArg(f, 0)->GetRest();
  if (s.size() >= kNameDataLen) {
    throw Error(errcode::kNameTooLong, "identifier too long")
        .Detail("Identifier must be less than 64 characters.");
  }
  return MakeNameDatum(s);
}
Datum NameSend(FunctionCallInfo* f) {
  return TextDatum(NameArg(f, 0));
}

template <typename Pred>
Datum NameCompareOp(FunctionCallInfo* f, Pred pred) {
  return BoolGetDatum(pred(TextCompare(NameArg(f, 0), NameArg(f, 1), f->fncollation)));
}
// Equality is bitwise whatever the collation, so it needs none.
Datum NameEq(FunctionCallInfo* f) {
  return BoolGetDatum(NameArg(f, 0) == NameArg(f, 1));
}
Datum NameNe(FunctionCallInfo* f) {
  return BoolGetDatum(NameArg(f, 0) != NameArg(f, 1));
}
Datum NameLt(FunctionCallInfo* f) {
  return NameCompareOp(f, [](int c) { return c < 0; });
}
Datum NameLe(FunctionCallInfo* f) {
  return NameCompareOp(f, [](int c) { return c <= 0; });
}
Datum NameGt(FunctionCallInfo* f) {
  return NameCompareOp(f, [](int c) { return c > 0; });
}
Datum NameGe(FunctionCallInfo* f) {
  return NameCompareOp(f, [](int c) { return c >= 0; });
}
Datum BtNameCmp(FunctionCallInfo* f) {
  return Int32GetDatum(TextCompare(NameArg(f, 0), NameArg(f, 1), f->fncollation));
}

// name <op> text and text <op> name.
template <bool kNameFirst>
int MixedCompare(FunctionCallInfo* f) {
  std::string_view a = kNameFirst ? NameArg(f, 0) : f->ArgText(0);
  std::string_view b = kNameFirst ? f->ArgText(1) : NameArg(f, 1);
  return TextCompare(a, b, f->fncollation);
}
template <bool kNameFirst, int kOp>
Datum MixedOp(FunctionCallInfo* f) {
  int c = MixedCompare<kNameFirst>(f);
  switch (kOp) {
    case 0:
      return BoolGetDatum(c == 0);
    case 1:
      return BoolGetDatum(c != 0);
    case 2:
      return BoolGetDatum(c < 0);
    case 3:
      return BoolGetDatum(c <= 0);
    case 4:
      return BoolGetDatum(c > 0);
    case 5:
      return BoolGetDatum(c >= 0);
    default:
      return Int32GetDatum(c);
  }
}

Datum HashName(FunctionCallInfo* f) {
  return UInt32GetDatum(HashBytes(NameArg(f, 0)));
}
Datum HashNameExtended(FunctionCallInfo* f) {
  std::string_view s = NameArg(f, 0);
  return Int64GetDatum(static_cast<int64_t>(HashBytesExtended(s.data(), s.size(), f->ArgInt64(1))));
}

Datum NameText(FunctionCallInfo* f) {
  return TextDatum(NameArg(f, 0));
}
// text/varchar/bpchar -> name: truncated to 63 bytes; bpchar drops its padding first.
Datum TextName(FunctionCallInfo* f) {
  return MakeNameDatum(f->ArgText(0));
}
Datum BpcharName(FunctionCallInfo* f) {
  std::string_view s = f->ArgText(0);
  s = s.substr(0, ClipToBytes(s, kNameDataLen - 1));
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return MakeNameDatum(s);
}
Datum NameBpchar(FunctionCallInfo* f) {
  return TextDatum(NameArg(f, 0));
}

// nameconcatoid(name, oid): "<name>_<oid>", truncating the name so the suffix fits.
Datum NameConcatOid(FunctionCallInfo* f) {
  std::string suffix = "_" + std::to_string(f->ArgOid(1));
  std::string_view name = NameArg(f, 0);
  size_t room = kNameDataLen - 1 - suffix.size();
  std::string result(name.substr(0, ClipToBytes(name, room)));
  return MakeNameDatum(result + suffix);
}

const BuiltinFunction kNameBuiltins[] = {
    {"namein", NameIn, 1},
    {"nameout", NameOut, 1},
    {"namerecv", NameRecv, 1},
    {"namesend", NameSend, 1},
    {"nameeq", NameEq, 2},
    {"namene", NameNe, 2},
    {"namelt", NameLt, 2},
    {"namele", NameLe, 2},
    {"namegt", NameGt, 2},
    {"namege", NameGe, 2},
    {"btnamecmp", BtNameCmp, 2},
    {"nameeqtext", MixedOp<true, 0>, 2},
    {"namenetext", MixedOp<true, 1>, 2},
    {"namelttext", MixedOp<true, 2>, 2},
    {"nameletext", MixedOp<true, 3>, 2},
    {"namegttext", MixedOp<true, 4>, 2},
    {"namegetext", MixedOp<true, 5>, 2},
    {"btnametextcmp", MixedOp<true, 6>, 2},
    {"texteqname", MixedOp<false, 0>, 2},
    {"textnename", MixedOp<false, 1>, 2},
    {"textltname", MixedOp<false, 2>, 2},
    {"textlename", MixedOp<false, 3>, 2},
    {"textgtname", MixedOp<false, 4>, 2},
    {"textgename", MixedOp<false, 5>, 2},
    {"bttextnamecmp", MixedOp<false, 6>, 2},
    {"hashname", HashName, 1},
    {"hashnameextended", HashNameExtended, 2},
    {"name_text", NameText, 1},
    {"text_name", TextName, 1},
    {"bpchar_name", BpcharName, 1},
    {"name_bpchar", NameBpchar, 1},
    {"nameconcatoid", NameConcatOid, 2},
};

}  // namespace

std::span<const BuiltinFunction> NameBuiltins() {
  return kNameBuiltins;
}

}  // namespace hyrax::executor
