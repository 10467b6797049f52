// Type name formatting and identifier quoting (see format_type.h); the rules are
// PostgreSQL's format_type.c and the typmodout functions of the built-in types.
#include "parser/analyze/format_type.h"

#include <algorithm>
#include <array>

#include "fmt/format.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

// PostgreSQL 15's keywords that are not UNRESERVED (pg_get_keywords() catcode <> 'U'):
// these must be quoted when used as identifiers. Sorted for binary search.
constexpr std::array<std::string_view, 151> kQuotedKeywords = {"all",
                                                               "analyse",
                                                               "analyze",
                                                               "and",
                                                               "any",
                                                               "array",
                                                               "as",
                                                               "asc",
                                                               "asymmetric",
                                                               "authorization",
                                                               "between",
                                                               "bigint",
                                                               "binary",
                                                               "bit",
                                                               "boolean",
                                                               "both",
                                                               "case",
                                                               "cast",
                                                               "char",
                                                               "character",
                                                               "check",
                                                               "coalesce",
                                                               "collate",
                                                               "collation",
                                                               "column",
                                                               "concurrently",
                                                               "constraint",
                                                               "create",
                                                               "cross",
                                                               "current_catalog",
                                                               "current_date",
                                                               "current_role",
                                                               "current_schema",
                                                               "current_time",
                                                               "current_timestamp",
                                                               "current_user",
                                                               "dec",
                                                               "decimal",
                                                               "default",
                                                               "deferrable",
                                                               "desc",
                                                               "distinct",
                                                               "do",
                                                               "else",
                                                               "end",
                                                               "except",
                                                               "exists",
                                                               "extract",
                                                               "false",
                                                               "fetch",
                                                               "float",
                                                               "for",
                                                               "foreign",
                                                               "freeze",
                                                               "from",
                                                               "full",
                                                               "grant",
                                                               "greatest",
                                                               "group",
                                                               "grouping",
                                                               "having",
                                                               "ilike",
                                                               "in",
                                                               "initially",
                                                               "inner",
                                                               "inout",
                                                               "int",
                                                               "integer",
                                                               "intersect",
                                                               "interval",
                                                               "into",
                                                               "is",
                                                               "isnull",
                                                               "join",
                                                               "lateral",
                                                               "leading",
                                                               "least",
                                                               "left",
                                                               "like",
                                                               "limit",
                                                               "localtime",
                                                               "localtimestamp",
                                                               "national",
                                                               "natural",
                                                               "nchar",
                                                               "none",
                                                               "normalize",
                                                               "not",
                                                               "notnull",
                                                               "null",
                                                               "nullif",
                                                               "numeric",
                                                               "offset",
                                                               "on",
                                                               "only",
                                                               "or",
                                                               "order",
                                                               "out",
                                                               "outer",
                                                               "overlaps",
                                                               "overlay",
                                                               "placing",
                                                               "position",
                                                               "precision",
                                                               "primary",
                                                               "real",
                                                               "references",
                                                               "returning",
                                                               "right",
                                                               "row",
                                                               "select",
                                                               "session_user",
                                                               "setof",
                                                               "similar",
                                                               "smallint",
                                                               "some",
                                                               "substring",
                                                               "symmetric",
                                                               "table",
                                                               "tablesample",
                                                               "then",
                                                               "time",
                                                               "timestamp",
                                                               "to",
                                                               "trailing",
                                                               "treat",
                                                               "trim",
                                                               "true",
                                                               "union",
                                                               "unique",
                                                               "user",
                                                               "using",
                                                               "values",
                                                               "varchar",
                                                               "variadic",
                                                               "verbose",
                                                               "when",
                                                               "where",
                                                               "window",
                                                               "with",
                                                               "xmlattributes",
                                                               "xmlconcat",
                                                               "xmlelement",
                                                               "xmlexists",
                                                               "xmlforest",
                                                               "xmlnamespaces",
                                                               "xmlparse",
                                                               "xmlpi",
                                                               "xmlroot",
                                                               "xmlserialize",
                                                               "xmltable"};

// Interval typmod fields (PostgreSQL's datetime.h field bits and INTERVAL_* encoding).
constexpr int kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
              kSecond = 1 << 12;
constexpr int kIntervalFullRange = 0x7FFF;
constexpr int kIntervalFullPrecision = 0xFFFF;

std::string IntervalTypmod(int32_t typmod) {
  int range = (typmod >> 16) & 0x7FFF;
  int precision = typmod & 0xFFFF;
  const char* fields = "";
  switch (range) {
    case kYear:
      fields = " year";
      break;
    case kMonth:
      fields = " month";
      break;
    case kDay:
      fields = " day";
      break;
    case kHour:
      fields = " hour";
      break;
    case kMinute:
      fields = " minute";
      break;
    case kSecond:
      fields = " second";
      break;
    case kYear | kMonth:
      fields = " year to month";
      break;
    case kDay | kHour:
      fields = " day to hour";
      break;
    case kDay | kHour | kMinute:
      fields = " day to minute";
      break;
    case kDay | kHour | kMinute | kSecond:
      fields = " day to second";
      break;
    case kHour | kMinute:
      fields = " hour to minute";
      break;
    case kHour | kMinute | kSecond:
      fields = " hour to second";
      break;
    case kMinute | kSecond:
      fields = " minute to second";
      break;
    case kIntervalFullRange:
      fields = "";
      break;
    default:
      break;
  }
  if (precision != kIntervalFullPrecision) return fmt::format("{}({})", fields, precision);
  return fields;
}

// The schema-qualified or plain (quoted) name of a type without special spelling.
std::string PlainTypeName(const catalog::PgType& type) {
  if (catalog::TypeIsVisible(type.oid)) return QuoteIdentifier(type.typname);
  auto nsp = catalog::Syscache().NamespaceByOid(type.typnamespace);
  std::string nspname = nsp ? nsp->nspname : "???";
  return QuoteIdentifier(nspname) + "." + QuoteIdentifier(type.typname);
}

}  // namespace

std::string QuoteIdentifier(std::string_view ident) {
  bool safe = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) safe = false;
  }
  if (safe && std::binary_search(kQuotedKeywords.begin(), kQuotedKeywords.end(), ident)) {
    safe = false;
  }
  if (safe) return std::string(ident);
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string FormatTypmod(Oid type, int32_t typmod) {
  if (typmod < 0) return "";
  switch (type) {
    case kBpcharOid:
    case kVarcharOid:
      return fmt::format("({})", typmod - 4);
    case kNumericOid: {
      int32_t tm = typmod - 4;
      int precision = (tm >> 16) & 0xFFFF;
      int scale = ((tm & 0x7FF) ^ 1024) - 1024;
      return fmt::format("({},{})", precision, scale);
    }
    case kBitOid:
    case kVarbitOid:
      return fmt::format("({})", typmod);
    case kTimeOid:
    case kTimestampOid:
      return fmt::format("({}) without time zone", typmod);
    case kTimeTzOid:
    case kTimestampTzOid:
      return fmt::format("({}) with time zone", typmod);
    case kIntervalOid:
      return IntervalTypmod(typmod);
    default:
      return fmt::format("({})", typmod);
  }
}

namespace {

// PostgreSQL's format_type_extended; `typmod_given` distinguishes format_type_with_typemod
// (bpchar/bit with typmod -1 print as "bpchar"/"bit" quoted) from format_type_be.
std::string FormatType(Oid type, int32_t typmod, bool typmod_given) {
  const catalog::PgType* row = FindType(type);
  if (row == nullptr) return "???";
  Oid elem = ElementTypeOf(type);
  if (elem != kInvalidOid && row->typstorage != 'p') {
    return FormatType(elem, typmod, typmod_given) + "[]";
  }
  bool with_typmod = typmod_given && typmod >= 0;
  if (!typmod_given) typmod = -1;
  switch (type) {
    case kBitOid:
      if (with_typmod) return "bit" + FormatTypmod(type, typmod);
      if (!typmod_given) return "bit";
      break;
    case kBoolOid:
      return "boolean";
    case kBpcharOid:
      if (with_typmod) return "character" + FormatTypmod(type, typmod);
      if (!typmod_given) return "character";
      break;
    case kFloat4Oid:
      return "real";
    case kFloat8Oid:
      return "double precision";
    case kInt2Oid:
      return "smallint";
    case kInt4Oid:
      return "integer";
    case kInt8Oid:
      return "bigint";
    case kNumericOid:
      return "numeric" + FormatTypmod(type, typmod);
    case kIntervalOid:
      return "interval" + FormatTypmod(type, typmod);
    case kTimeOid:
      return with_typmod ? "time" + FormatTypmod(type, typmod) : "time without time zone";
    case kTimeTzOid:
      return with_typmod ? "time" + FormatTypmod(type, typmod) : "time with time zone";
    case kTimestampOid:
      return with_typmod ? "timestamp" + FormatTypmod(type, typmod) : "timestamp without time zone";
    case kTimestampTzOid:
      return with_typmod ? "timestamp" + FormatTypmod(type, typmod) : "timestamp with time zone";
    case kVarbitOid:
      return "bit varying" + FormatTypmod(type, typmod);
    case kVarcharOid:
      return "character varying" + FormatTypmod(type, typmod);
    default:
      break;
  }
  return PlainTypeName(*row) + FormatTypmod(type, typmod);
}

}  // namespace

std::string FormatTypeWithTypemod(Oid type, int32_t typmod) {
  return FormatType(type, typmod, true);
}

std::string FormatTypeBe(Oid type) {
  return FormatType(type, -1, false);
}

}  // namespace hyrax::parser
