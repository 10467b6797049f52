// Miscellaneous built-ins that need no server state: num_nulls/num_nonnulls, pg_typeof,
// format_type, pg_column_size, pg_size_pretty (bigint and numeric), pg_size_bytes and
// parse_ident. Functions taking "any" read the actual argument types from
// FmgrInfo::fn_argtypes. See README.md "Miscellaneous".
#include <cctype>
#include <cstring>
#include <string>
#include <strings.h>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/array_type.h"
#include "executor/types/format_type.h"
#include "executor/types/numeric_io.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

// num_nulls / num_nonnulls over the spread arguments (VARIADIC array calls are not
// distinguished: the array is one argument).
template <bool kNulls>
Datum CountNulls(FunctionCallInfo* f) {
  int32_t count = 0;
  for (int i = 0; i < f->nargs; ++i) {
    if (f->ArgIsNull(i) == kNulls) ++count;
  }
  return Int32GetDatum(count);
}

Oid RequireArgType(FunctionCallInfo* f, int i) {
  Oid type = f->ArgType(i);
  if (type == kInvalidOid) {
    throw Error(errcode::kInternalError, "could not determine data type of argument");
  }
  return type;
}

Datum PgTypeof(FunctionCallInfo* f) {
  return ObjectIdGetDatum(RequireArgType(f, 0));
}

Datum FormatTypeFn(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  Oid type = f->ArgOid(0);
  if (f->ArgIsNull(1)) return TextDatum(FormatTypeName(type));
  return TextDatum(FormatTypeName(type, f->ArgInt32(1), true));
}

Datum PgColumnSize(FunctionCallInfo* f) {
  const ElementType& storage = LookupTypeIo(RequireArgType(f, 0)).storage;
  if (storage.typlen > 0) return Int32GetDatum(storage.typlen);
  if (storage.typlen == -1) {
    return Int32GetDatum(static_cast<int32_t>(VarSize(DatumGetPointer<const void>(f->Arg(0)))));
  }
  return Int32GetDatum(static_cast<int32_t>(std::strlen(f->ArgCString(0)) + 1));
}

// ---- pg_size_pretty / pg_size_bytes ----

struct SizeUnit {
  const char* name;
  int bits;  // log2 of the unit
};
constexpr SizeUnit kSizeUnits[] = {{"bytes", 0}, {"kB", 10}, {"MB", 20},
                                   {"GB", 30},   {"TB", 40}, {"PB", 50}};
constexpr int64_t kSizeLimit = 10 * 1024;            // switch units at 10 of the next one
constexpr int64_t kSizeLimit2 = kSizeLimit * 2 - 1;  // with one extra bit kept for rounding

int64_t HalfRounded(int64_t x) {
  return (x + (x < 0 ? -1 : 1)) / 2;
}

Datum PgSizePretty(FunctionCallInfo* f) {
  int64_t size = f->ArgInt64(0);
  auto abs64 = [](int64_t v) {
    return v < 0 ? -static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  };
  if (abs64(size) < static_cast<uint64_t>(kSizeLimit)) {
    return TextDatum(std::to_string(size) + " bytes");
  }
  size /= (1 << 9);  // keep one extra bit for rounding
  for (size_t u = 1; u < std::size(kSizeUnits); ++u) {
    if (u > 1) size /= (1 << 10);
    if (abs64(size) < static_cast<uint64_t>(kSizeLimit2) || u + 1 == std::size(kSizeUnits)) {
      return TextDatum(std::to_string(HalfRounded(size)) + " " + kSizeUnits[u].name);
    }
  }
  return f->ReturnNull();
}

NumericVar TruncDiv(const NumericVar& a, int64_t divisor) {
  NumericVar q = DivVar(a, NumericVar::FromInt64(divisor), 0, false);
  return q;
}

NumericVar NumericHalfRounded(const NumericVar& n) {
  NumericVar shifted = AddVar(n, NumericVar::FromInt64(n.Sign() >= 0 ? 1 : -1));
  return TruncDiv(shifted, 2);
}

Datum PgSizePrettyNumeric(FunctionCallInfo* f) {
  NumericVar size = NumericDatumToVar(f->Arg(0));
  auto less_than = [](const NumericVar& v, int64_t limit) {
    return CmpAbs(v, NumericVar::FromInt64(limit)) < 0;
  };
  // NaN and infinities never compare below a limit: they end up in the largest unit.
  if (!size.IsFinite()) return TextDatum(FormatNumeric(size) + " PB");
  if (less_than(size, kSizeLimit)) return TextDatum(FormatNumeric(size) + " bytes");
  size = TruncDiv(size, 1 << 9);
  for (size_t u = 1; u < std::size(kSizeUnits); ++u) {
    if (u > 1) size = TruncDiv(size, 1 << 10);
    if (less_than(size, kSizeLimit2) || u + 1 == std::size(kSizeUnits)) {
      return TextDatum(FormatNumeric(NumericHalfRounded(size)) + " " + kSizeUnits[u].name);
    }
  }
  return f->ReturnNull();
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Datum PgSizeBytes(FunctionCallInfo* f) {
  std::string str(f->ArgText(0));
  size_t p = 0;
  while (p < str.size() && IsAsciiSpace(str[p])) ++p;
  size_t start = p;
  size_t end = p;
  bool have_digits = false;
  if (end < str.size() && (str[end] == '-' || str[end] == '+')) ++end;
  auto digits = [&] {
    while (end < str.size() && std::isdigit(static_cast<unsigned char>(str[end]))) {
      ++end;
      have_digits = true;
    }
  };
  digits();
  if (end < str.size() && str[end] == '.') {
    ++end;
    digits();
  }
  if (!have_digits) throw MakeError(errcode::kInvalidParameterValue, "invalid size: \"{}\"", str);
  if (end < str.size() && (str[end] == 'e' || str[end] == 'E')) {
    // An exponent only if digits follow (a unit starting with E is not one).
    const char* after = str.c_str() + end + 1;
    char* cp = nullptr;
    (void)std::strtol(after, &cp, 10);
    if (cp > after) end = static_cast<size_t>(cp - str.c_str());
  }
  NumericVar num = ParseNumeric(str.substr(start, end - start));
  p = end;
  while (p < str.size() && IsAsciiSpace(str[p])) ++p;
  if (p < str.size()) {
    size_t last = str.size();
    while (last > p && IsAsciiSpace(str[last - 1])) --last;
    std::string unit = str.substr(p, last - p);
    const SizeUnit* found = nullptr;
    for (const SizeUnit& u : kSizeUnits) {
      if (strcasecmp(unit.c_str(), u.name) == 0) found = &u;
    }
    if (found == nullptr) {
      throw MakeError(errcode::kInvalidParameterValue, "invalid size: \"{}\"", str)
          .Detail(fmt::format("Invalid size unit: \"{}\".", unit))
          .Hint("Valid units are \"bytes\", \"kB\", \"MB\", \"GB\", \"TB\", and \"PB\".");
    }
    if (found->bits > 0) {
      NumericVar mul = NumericVar::FromInt64(int64_t{1} << found->bits);
      num = MulVar(mul, num, mul.dscale + num.dscale);
    }
  }
  return DirectFunctionCall(BuiltinByName("numeric_int8"), MakeNumericDatum(num));
}

// ---- parse_ident ----

bool IsIdentStart(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}
bool IsIdentCont(unsigned char c) {
  return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
}

Datum ParseIdent(FunctionCallInfo* f) {
  std::string original(f->ArgText(0));
  bool strict = f->ArgBool(1);
  auto invalid = [&](const char* detail) {
    Error e = MakeError(errcode::kInvalidParameterValue, "string is not a valid identifier: \"{}\"",
                        original);
    if (detail != nullptr) throw std::move(e).Detail(detail);
    throw e;
  };
  const char* s = original.c_str();
  std::vector<std::string> parts;
  bool after_dot = false;
  while (IsAsciiSpace(*s)) ++s;
  for (;;) {
    bool missing = true;
    if (*s == '"') {
      std::string part;
      ++s;
      for (;;) {
        const char* close = std::strchr(s, '"');
        if (close == nullptr) invalid("String has unclosed double quotes.");
        part.append(s, close);
        if (close[1] != '"') {
          s = close + 1;
          break;
        }
        part += '"';
        s = close + 2;
      }
      if (part.empty()) invalid("Quoted identifier must not be empty.");
      parts.push_back(std::move(part));
      missing = false;
    } else if (IsIdentStart(static_cast<unsigned char>(*s))) {
      std::string part;
      while (IsIdentCont(static_cast<unsigned char>(*s))) {
        char c = *s++;
        part += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      parts.push_back(std::move(part));
      missing = false;
    }
    if (missing) {
      if (*s == '.') invalid("No valid identifier before \".\".");
      if (after_dot) invalid("No valid identifier after \".\".");
      invalid(nullptr);
    }
    while (IsAsciiSpace(*s)) ++s;
    if (*s == '.') {
      after_dot = true;
      ++s;
      while (IsAsciiSpace(*s)) ++s;
    } else if (*s == '\0') {
      break;
    } else {
      if (strict) invalid(nullptr);
      break;
    }
  }
  std::vector<Datum> values;
  for (const std::string& part : parts) values.push_back(TextDatum(part));
  ElementType elem;
  BuiltinElementType(kTextOid, &elem);
  return ConstructArray1D(values, nullptr, elem);
}

const BuiltinFunction kMiscBuiltins[] = {
    {"pg_num_nulls", CountNulls<true>, 1},
    {"pg_num_nonnulls", CountNulls<false>, 1},
    {"pg_typeof", PgTypeof, 1},
    {"format_type", FormatTypeFn, 2},
    {"pg_column_size", PgColumnSize, 1},
    {"pg_size_pretty", PgSizePretty, 1},
    {"pg_size_pretty_numeric", PgSizePrettyNumeric, 1},
    {"pg_size_bytes", PgSizeBytes, 1},
    {"parse_ident", ParseIdent, 2},
};

}  // namespace

std::span<const BuiltinFunction> MiscBuiltins() {
  return kMiscBuiltins;
}

}  // namespace hyrax::executor
