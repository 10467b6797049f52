// Type display names (see format_type.h), following PostgreSQL's format_type_extended.
#include "executor/types/format_type.h"

#include "common/error.h"
#include "executor/types/quote_ident.h"
#include "executor/types/type_oids.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

constexpr Oid kBitOid = 1560;
constexpr Oid kVarbitOid = 1562;
constexpr Oid kArraySubscriptHandler = 6179;

// Interval typmod field bits (PostgreSQL's INTERVAL_MASK of datetime field numbers).
constexpr int kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
              kSecond = 1 << 12;
constexpr int kFullRange = 0x7FFF;
constexpr int kFullPrecision = 0xFFFF;

std::string TimeTypmod(int32_t typmod, bool with_tz) {
  std::string tz = with_tz ? " with time zone" : " without time zone";
  return typmod >= 0 ? "(" + std::to_string(typmod) + ")" + tz : tz;
}

// Name and typmod of the special-cased built-ins; returns false for ordinary types.
bool SpecialTypeName(Oid oid, int32_t typmod, bool typmod_given, std::string* out) {
  bool with_typmod = typmod >= 0;
  switch (oid) {
    case kBitOid:
      *out =
          with_typmod ? "bit(" + std::to_string(typmod) + ")" : (typmod_given ? "\"bit\"" : "bit");
      return true;
    case kBoolOid:
      *out = "boolean";
      return true;
    case kBpcharOid:
      if (with_typmod) {
        *out = "character" + FormatCharTypmod(typmod);
      } else {
        *out = typmod_given ? "bpchar" : "character";
      }
      return true;
    case kFloat4Oid:
      *out = "real";
      return true;
    case kFloat8Oid:
      *out = "double precision";
      return true;
    case kInt2Oid:
      *out = "smallint";
      return true;
    case kInt4Oid:
      *out = "integer";
      return true;
    case kInt8Oid:
      *out = "bigint";
      return true;
    case kNumericOid:
      *out = "numeric" + (with_typmod ? FormatNumericTypmod(typmod) : "");
      return true;
    case kIntervalOid:
      *out = "interval" + (with_typmod ? FormatIntervalTypmod(typmod) : "");
      return true;
    case kTimeOid:
      *out = "time" + TimeTypmod(typmod, false);
      return true;
    case kTimeTzOid:
      *out = "time" + TimeTypmod(typmod, true);
      return true;
    case kTimestampOid:
      *out = "timestamp" + TimeTypmod(typmod, false);
      return true;
    case kTimestampTzOid:
      *out = "timestamp" + TimeTypmod(typmod, true);
      return true;
    case kVarbitOid:
      *out = "bit varying" + (with_typmod ? "(" + std::to_string(typmod) + ")" : "");
      return true;
    case kVarcharOid:
      *out = "character varying" + (with_typmod ? FormatCharTypmod(typmod) : "");
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string FormatCharTypmod(int32_t typmod) {
  return typmod > 4 ? "(" + std::to_string(typmod - 4) + ")" : "";
}

std::string FormatNumericTypmod(int32_t typmod) {
  if (typmod < 0) return "";
  int32_t t = typmod - 4;
  int precision = (t >> 16) & 0xFFFF;
  int scale = ((t & 0x7FF) ^ 1024) - 1024;  // an 11-bit signed field
  return "(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

std::string FormatIntervalTypmod(int32_t typmod) {
  if (typmod < 0) return "";
  int fields = (typmod >> 16) & 0x7FFF;
  int precision = typmod & 0xFFFF;
  std::string text;
  switch (fields) {
    case kYear:
      text = " year";
      break;
    case kMonth:
      text = " month";
      break;
    case kDay:
      text = " day";
      break;
    case kHour:
      text = " hour";
      break;
    case kMinute:
      text = " minute";
      break;
    case kSecond:
      text = " second";
      break;
    case kYear | kMonth:
      text = " year to month";
      break;
    case kDay | kHour:
      text = " day to hour";
      break;
    case kDay | kHour | kMinute:
      text = " day to minute";
      break;
    case kDay | kHour | kMinute | kSecond:
      text = " day to second";
      break;
    case kHour | kMinute:
      text = " hour to minute";
      break;
    case kHour | kMinute | kSecond:
      text = " hour to second";
      break;
    case kMinute | kSecond:
      text = " minute to second";
      break;
    case kFullRange:
      break;
    default:
      throw MakeError(errcode::kInternalError, "invalid INTERVAL typmod: 0x{:x}", typmod);
  }
  if (precision != kFullPrecision) text += "(" + std::to_string(precision) + ")";
  return text;
}

std::string FormatTypeName(Oid type_oid, int32_t typmod, bool typmod_given) {
  if (type_oid == kInvalidOid) return "-";
  std::optional<catalog::PgType> type = catalog::Syscache().TypeByOid(type_oid);
  if (!type) return "???";
  std::string suffix;
  // A true array type prints as its element type followed by [] (typmod applies to the
  // element); int2vector/oidvector are arrays internally but print by name.
  if (type->typelem != kInvalidOid && type->typsubscript == kArraySubscriptHandler &&
      type->typstorage != 'p') {
    std::optional<catalog::PgType> elem = catalog::Syscache().TypeByOid(type->typelem);
    if (elem) {
      type = elem;
      suffix = "[]";
    }
  }
  std::string name;
  if (!SpecialTypeName(type->oid, typmod, typmod_given, &name)) {
    std::string schema;
    if (type->typnamespace != catalog::kPgCatalogNamespace &&
        type->typnamespace != catalog::kPublicNamespace) {
      if (auto ns = catalog::Syscache().NamespaceByOid(type->typnamespace)) schema = ns->nspname;
    }
    name = QuoteQualifiedIdentifier(schema, type->typname);
  }
  return name + suffix;
}

}  // namespace hyrax::executor
