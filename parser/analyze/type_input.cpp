// Literal text -> Const (see type_input.h). The converters below reproduce the built-in
// input functions' accepted syntax and error texts (int2in/int4in/int8in, boolin, float4in/
// float8in, oidin, textin/varcharin/bpcharin, namein, charin, regclassin) for the types
// whose values the analyzer must produce as Consts before the executor's fmgr is on main.
// When the executor's fmgr lands on main, StringToTypedConst calls the type's input function
// through it instead (parser/analyze/README.md "Literal input").
#include "parser/analyze/type_input.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "common/memory_context.h"
#include "common/varlena.h"
#include "nodes/make_nodes.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"

#if __has_include("executor/functions/type_io.h")
#include "executor/functions/type_io.h"
#endif

namespace hyrax::parser {

namespace {

using nodes::CoerceViaIO;
using nodes::Const;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

[[noreturn]] void InvalidSyntax(const char* type_name, std::string_view text) {
  throw MakeError(errcode::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                  type_name, text);
}

// PostgreSQL's pg_strtoint16/32/64: optional whitespace and sign, digits, whitespace.
int64_t ParseInteger(std::string_view text, int64_t min, int64_t max, const char* type_name) {
  size_t i = 0;
  while (i < text.size() && IsSpace(text[i])) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i >= text.size() || text[i] < '0' || text[i] > '9') InvalidSyntax(type_name, text);
  // Accumulate negatively so the minimum value does not overflow.
  __int128 value = 0;
  bool overflow = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    value = value * 10 - (text[i] - '0');
    if (value < -static_cast<__int128>(max) - 1) overflow = true;
  }
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (i != text.size()) InvalidSyntax(type_name, text);
  if (!negative) value = -value;
  if (overflow || value < min || value > max) {
    throw MakeError(errcode::kNumericValueOutOfRange, "value \"{}\" is out of range for type {}",
                    text, type_name);
  }
  return static_cast<int64_t>(value);
}

bool ParseBool(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && IsSpace(text[b])) ++b;
  while (e > b && IsSpace(text[e - 1])) --e;
  std::string s;
  for (size_t i = b; i < e; ++i)
    s += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  auto prefix_of = [&](const char* word) {
    return !s.empty() && std::strncmp(word, s.c_str(), s.size()) == 0 &&
           s.size() <= std::strlen(word);
  };
  if (!s.empty()) {
    switch (s[0]) {
      case 't':
        if (prefix_of("true")) return true;
        break;
      case 'f':
        if (prefix_of("false")) return false;
        break;
      case 'y':
        if (prefix_of("yes")) return true;
        break;
      case 'n':
        if (prefix_of("no")) return false;
        break;
      case 'o':
        if (s.size() >= 2 && prefix_of("on")) return true;
        if (s.size() >= 2 && prefix_of("off")) return false;
        break;
      case '1':
        if (s.size() == 1) return true;
        break;
      case '0':
        if (s.size() == 1) return false;
        break;
      default:
        break;
    }
  }
  InvalidSyntax("boolean", text);
}

double ParseFloat(std::string_view text, bool is_float4) {
  const char* type_name = is_float4 ? "real" : "double precision";
  std::string s(text);
  const char* p = s.c_str();
  while (*p && IsSpace(*p)) ++p;
  if (*p == '\0') InvalidSyntax(type_name, text);
  errno = 0;
  char* end = nullptr;
  double value = is_float4 ? static_cast<double>(std::strtof(p, &end)) : std::strtod(p, &end);
  if (end == p) InvalidSyntax(type_name, text);
  bool range_error = errno == ERANGE;
  while (*end && IsSpace(*end)) ++end;
  if (*end != '\0') InvalidSyntax(type_name, text);
  if (range_error && (value == 0.0 || std::isinf(value))) {
    throw MakeError(errcode::kNumericValueOutOfRange, "\"{}\" is out of range for type {}", text,
                    type_name);
  }
  return value;
}

Oid ParseOid(std::string_view text) {
  int64_t v = ParseInteger(text, std::numeric_limits<int32_t>::min(),
                           std::numeric_limits<uint32_t>::max(), "oid");
  return static_cast<Oid>(static_cast<uint32_t>(v));
}

// regclassin: an OID in digits, "-" for 0, or a possibly qualified relation name.
Oid ParseRegclass(std::string_view text) {
  if (text == "-") return kInvalidOid;
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') return ParseOid(text);
  std::vector<std::string> parts;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else if (!IsSpace(c)) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  parts.push_back(cur);
  if (parts.size() > 3) {
    throw MakeError(errcode::kInvalidName, "improper qualified name (too many dotted names): {}",
                    text);
  }
  return catalog::RangeVarGetRelid(catalog::MakeQualifiedName(parts), false);
}

ExprPtr VarlenaConst(Oid type, std::string_view bytes) {
  std::string buf(kVarHeaderSize + bytes.size(), '\0');
  SetVarSize(buf.data(), static_cast<uint32_t>(buf.size()));
  std::memcpy(buf.data() + kVarHeaderSize, bytes.data(), bytes.size());
  return nodes::MakeConst(type, -1, TypeCollation(type), -1, false, PointerGetDatum(buf.data()),
                          false);
}

ExprPtr NameConst(std::string_view text) {
  // NAMEDATALEN - 1 bytes at most, cut at a character boundary.
  size_t len = std::min<size_t>(text.size(), 63);
  while (len > 0 && len < text.size() && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) {
    --len;
  }
  char buf[64] = {};
  std::memcpy(buf, text.data(), len);
  return nodes::MakeConst(kNameOid, -1, TypeCollation(kNameOid), 64, false, PointerGetDatum(buf),
                          false);
}

ExprPtr ByValConst(Oid type, Datum value) {
  const catalog::PgType& t = LookupType(type);
  return nodes::MakeConst(type, -1, kInvalidOid, t.typlen, true, value, false);
}

// The local conversion, or nullptr when the type is not one of those handled here.
ExprPtr LocalInput(Oid type, std::string_view text) {
  switch (type) {
    case kBoolOid:
      return ByValConst(type, BoolGetDatum(ParseBool(text)));
    case kInt2Oid:
      return ByValConst(type, Int16GetDatum(static_cast<int16_t>(
                                  ParseInteger(text, INT16_MIN, INT16_MAX, "smallint"))));
    case kInt4Oid:
      return ByValConst(
          type,
          Int32GetDatum(static_cast<int32_t>(ParseInteger(text, INT32_MIN, INT32_MAX, "integer"))));
    case kInt8Oid:
      return ByValConst(type, Int64GetDatum(ParseInteger(text, INT64_MIN, INT64_MAX, "bigint")));
    case kOidOid:
      return ByValConst(type, ObjectIdGetDatum(ParseOid(text)));
    case kRegclassOid:
      return ByValConst(type, ObjectIdGetDatum(ParseRegclass(text)));
    case kFloat4Oid:
      return ByValConst(type, Float4GetDatum(static_cast<float>(ParseFloat(text, true))));
    case kFloat8Oid:
      return ByValConst(type, Float8GetDatum(ParseFloat(text, false)));
    case kCharOid:
      return ByValConst(type, CharGetDatum(text.empty() ? '\0' : text[0]));
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
      return VarlenaConst(type, text);
    case kNameOid:
      return NameConst(text);
    case kUnknownOid:
      return MakeUnknownConst(text, -1);
    default:
      return nullptr;
  }
}

}  // namespace

std::shared_ptr<Const> MakeUnknownConst(std::string_view text, int location) {
  std::string buf(text);
  auto c = nodes::MakeConst(kUnknownOid, -1, kInvalidOid, -2, false, PointerGetDatum(buf.c_str()),
                            false);
  c->location = location;
  return c;
}

std::string_view UnknownConstText(const Const& c) {
  if (c.constisnull) return {};
  return std::string_view(DatumGetPointer<const char>(c.constvalue));
}

ExprPtr MakeTypedNullConst(Oid type, int32_t typmod) {
  const catalog::PgType& t = LookupType(type);
  return nodes::MakeNullConst(type, typmod, t.typcollation, t.typlen, t.typbyval);
}

#if __has_include("executor/functions/type_io.h")
// The type's own input function through the executor's fmgr; nullptr when that type's I/O
// is not implemented there (0A000), so the local converters or CoerceViaIO take over.
ExprPtr FmgrInput(Oid type, int32_t typmod, std::string_view text) {
  const catalog::PgType& t = LookupType(type);
  MemoryContext scratch("literal input");
  MemoryContextScope scope(&scratch);
  std::string cstr(text);
  Datum value;
  try {
    value = executor::InputByType(type, cstr.c_str(), typmod);
  } catch (const Error& e) {
    if (e.code() == errcode::kFeatureNotSupported) return nullptr;
    throw;
  }
  return nodes::MakeConst(type, typmod, t.typcollation, t.typlen, t.typbyval, value, false);
}
#else
ExprPtr FmgrInput(Oid, int32_t, std::string_view) {
  return nullptr;
}
#endif

ExprPtr StringToTypedConst(const ParseState& ps, Oid type, int32_t typmod, std::string_view text,
                           int location) {
  ExprPtr result = WithErrorPosition(ps, location, [&]() -> ExprPtr {
    if (ExprPtr c = FmgrInput(type, typmod, text)) return c;
    return LocalInput(type, text);
  });
  if (result) {
    result->result_typmod = typmod;
    result->location = location;
    return result;
  }
  auto io = std::make_shared<CoerceViaIO>();
  io->arg = MakeUnknownConst(text, location);
  io->result_type = type;
  io->result_typmod = typmod;
  io->result_collation = TypeCollation(type);
  io->coerceformat = nodes::CoercionForm::kImplicitCast;
  io->location = location;
  return io;
}

}  // namespace hyrax::parser
