// Type name resolution and type modifiers (see type_names.h). The typmod rules are those of
// PostgreSQL's typmodin functions (anychar_typmodin, numerictypmodin, anytime_typmodin,
// anytimestamp_typmodin, intervaltypmodin, anybit_typmodin), selected by the type's
// pg_type.typmodin function name.
#include "parser/analyze/type_names.h"

#include "common/notice.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/func_resolution.h"
#include "parser/analyze/type_info.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

constexpr int kMaxAttrSize = 10 * 1024 * 1024;
constexpr int kMaxTimePrecision = 6;
constexpr int kIntervalFullRange = 0x7FFF;
constexpr int kIntervalFullPrecision = 0xFFFF;

// Cursor position of the type name whose modifiers are being applied (for WARNINGs).
int g_typmod_position = 0;

[[noreturn]] void InvalidTypmod(const char* text = "invalid type modifier") {
  throw Error(errcode::kInvalidParameterValue, text);
}

// The modifiers as integers (PostgreSQL's ArrayGetIntegerTypmods over their text).
std::vector<int32_t> IntegerTypmods(const std::vector<std::string>& mods) {
  std::vector<int32_t> out;
  for (const auto& m : mods) {
    size_t i = 0;
    while (i < m.size() && m[i] == ' ') ++i;
    bool neg = i < m.size() && m[i] == '-';
    if (i < m.size() && (m[i] == '-' || m[i] == '+')) ++i;
    int64_t v = 0;
    size_t digits = 0;
    for (; i < m.size() && m[i] >= '0' && m[i] <= '9'; ++i, ++digits) {
      v = v * 10 + (m[i] - '0');
      if (v > INT32_MAX + int64_t{1}) break;
    }
    while (i < m.size() && m[i] == ' ') ++i;
    if (digits == 0 || i != m.size()) {
      throw MakeError(errcode::kInvalidTextRepresentation,
                      "invalid input syntax for type integer: \"{}\"", m);
    }
    if (neg) v = -v;
    if (v > INT32_MAX || v < INT32_MIN) {
      throw MakeError(errcode::kNumericValueOutOfRange,
                      "value \"{}\" is out of range for type integer", m);
    }
    out.push_back(static_cast<int32_t>(v));
  }
  return out;
}

int32_t CharTypmod(const std::vector<int32_t>& tl, const char* name) {
  if (tl.size() != 1) InvalidTypmod();
  if (tl[0] < 1) {
    throw MakeError(errcode::kInvalidParameterValue, "length for type {} must be at least 1", name);
  }
  if (tl[0] > kMaxAttrSize) {
    throw MakeError(errcode::kInvalidParameterValue, "length for type {} cannot exceed {}", name,
                    kMaxAttrSize);
  }
  return 4 + tl[0];
}

int32_t NumericTypmod(const std::vector<int32_t>& tl) {
  if (tl.empty() || tl.size() > 2) InvalidTypmod("invalid NUMERIC type modifier");
  if (tl[0] < 1 || tl[0] > 1000) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "NUMERIC precision {} must be between 1 and {}", tl[0], 1000);
  }
  int32_t scale = tl.size() == 2 ? tl[1] : 0;
  if (scale < -1000 || scale > 1000) {
    throw MakeError(errcode::kInvalidParameterValue, "NUMERIC scale {} must be between {} and {}",
                    scale, -1000, 1000);
  }
  return ((tl[0] << 16) | (scale & 0x7FF)) + 4;
}

// A precision above 6 is reduced with PostgreSQL's WARNING.
int32_t ClampPrecision(int32_t precision, const std::string& what) {
  if (precision <= kMaxTimePrecision) return precision;
  EmitNotice(
      Error(errcode::kInvalidParameterValue,
            fmt::format("{} precision reduced to maximum allowed, {}", what, kMaxTimePrecision),
            Severity::kWarning)
          .Position(g_typmod_position));
  return kMaxTimePrecision;
}

int32_t TimeTypmod(const std::vector<int32_t>& tl, const char* what, bool tz) {
  if (tl.size() != 1) InvalidTypmod();
  if (tl[0] < 0) {
    throw MakeError(errcode::kInvalidParameterValue, "{}({}){} precision must not be negative",
                    what, tl[0], tz ? " WITH TIME ZONE" : "");
  }
  return ClampPrecision(tl[0], fmt::format("{}({}){}", what, tl[0], tz ? " WITH TIME ZONE" : ""));
}

int32_t IntervalTypmod(const std::vector<int32_t>& tl) {
  constexpr int kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
                kSecond = 1 << 12;
  static const int kValid[] = {kYear,
                               kMonth,
                               kDay,
                               kHour,
                               kMinute,
                               kSecond,
                               kYear | kMonth,
                               kDay | kHour,
                               kDay | kHour | kMinute,
                               kDay | kHour | kMinute | kSecond,
                               kHour | kMinute,
                               kHour | kMinute | kSecond,
                               kMinute | kSecond,
                               kIntervalFullRange};
  if (tl.empty() || tl.size() > 2) InvalidTypmod("invalid INTERVAL type modifier");
  bool valid = false;
  for (int v : kValid) valid |= tl[0] == v;
  if (!valid) InvalidTypmod("invalid INTERVAL type modifier");
  if (tl.size() == 1) {
    return tl[0] == kIntervalFullRange ? -1 : ((tl[0] << 16) | kIntervalFullPrecision);
  }
  if (tl[1] < 0) {
    throw MakeError(errcode::kInvalidParameterValue, "INTERVAL({}) precision must not be negative",
                    tl[1]);
  }
  return (tl[0] << 16) | ClampPrecision(tl[1], fmt::format("INTERVAL({})", tl[1]));
}

int32_t BitTypmod(const std::vector<int32_t>& tl, const char* name) {
  if (tl.size() != 1) InvalidTypmod();
  if (tl[0] < 1) {
    throw MakeError(errcode::kInvalidParameterValue, "length for type {} must be at least 1", name);
  }
  if (tl[0] > kMaxAttrSize * 8) {
    throw MakeError(errcode::kInvalidParameterValue, "length for type {} cannot exceed {}", name,
                    kMaxAttrSize * 8);
  }
  return tl[0];
}

int32_t ApplyTypmodin(std::string_view typmodin, const std::vector<std::string>& mods) {
  if (typmodin == "numerictypmodin") return NumericTypmod(IntegerTypmods(mods));
  std::vector<int32_t> tl = IntegerTypmods(mods);
  if (typmodin == "varchartypmodin") return CharTypmod(tl, "varchar");
  if (typmodin == "bpchartypmodin") return CharTypmod(tl, "char");
  if (typmodin == "timestamptypmodin") return TimeTypmod(tl, "TIMESTAMP", false);
  if (typmodin == "timestamptztypmodin") return TimeTypmod(tl, "TIMESTAMP", true);
  if (typmodin == "timetypmodin") return TimeTypmod(tl, "TIME", false);
  if (typmodin == "timetztypmodin") return TimeTypmod(tl, "TIME", true);
  if (typmodin == "intervaltypmodin") return IntervalTypmod(tl);
  if (typmodin == "bittypmodin") return BitTypmod(tl, "bit");
  if (typmodin == "varbittypmodin") return BitTypmod(tl, "varbit");
  throw MakeError(errcode::kFeatureNotSupported, "type modifier function {} is not supported",
                  typmodin);
}

// The text of each modifier expression: numbers, strings and bare identifiers.
std::vector<std::string> ModifierTexts(ParseState& ps, const PgQuery__TypeName* tn) {
  std::vector<std::string> out;
  for (const raw::Node* tm : raw::Span(tn->n_typmods, tn->typmods)) {
    std::string text;
    bool ok = false;
    if (raw::Is(tm, PG_QUERY__NODE__NODE_A_CONST)) {
      const PgQuery__AConst* ac = tm->a_const;
      switch (ac->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
          text = std::to_string(ac->ival->ival);
          ok = true;
          break;
        case PG_QUERY__A__CONST__VAL_FVAL:
          text = raw::Str(ac->fval->fval);
          ok = true;
          break;
        case PG_QUERY__A__CONST__VAL_SVAL:
          text = raw::Str(ac->sval->sval);
          ok = true;
          break;
        default:
          break;
      }
    } else if (raw::Is(tm, PG_QUERY__NODE__NODE_COLUMN_REF)) {
      raw::NodeSpan fields = raw::Span(tm->column_ref->n_fields, tm->column_ref->fields);
      if (fields.size() == 1 && raw::Is(fields[0], PG_QUERY__NODE__NODE_STRING)) {
        text = std::string(raw::StrVal(fields[0]));
        ok = true;
      }
    }
    if (!ok) {
      ThrowAt(
          ps,
          Error(errcode::kSyntaxError, "type modifiers must be simple constants or identifiers"),
          tn->location);
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

std::vector<std::string> TypeNameParts(const PgQuery__TypeName* tn) {
  return raw::StringList(raw::Span(tn->n_names, tn->names));
}

std::string TypeNameToString(const PgQuery__TypeName* tn) {
  std::string out = NameListToString(TypeNameParts(tn));
  if (tn->pct_type) out += "%TYPE";
  for (size_t i = 0; i < tn->n_array_bounds; ++i) out += "[]";
  return out;
}

Oid LookupTypeNameOid(const std::vector<std::string>& names) {
  if (names.empty()) return kInvalidOid;
  if (names.size() == 1) return catalog::TypenameGetTypid(names[0]);
  auto nsp = catalog::FindNamespace(names[names.size() - 2]);
  if (!nsp) return kInvalidOid;
  auto type = catalog::Syscache().TypeByName(names.back(), *nsp);
  return type ? type->oid : kInvalidOid;
}

TypeWithMod TypenameTypeIdAndMod(ParseState& ps, const PgQuery__TypeName* tn) {
  if (tn->pct_type) {
    ThrowAt(ps, Error(errcode::kFeatureNotSupported, "%TYPE references are not supported"),
            tn->location);
  }
  std::vector<std::string> names = TypeNameParts(tn);
  if (names.size() > 3) {
    ThrowAt(ps,
            MakeError(errcode::kSyntaxError, "improper qualified name (too many dotted names): {}",
                      NameListToString(names)),
            tn->location);
  }
  if (names.size() >= 2) {
    WithErrorPosition(ps, tn->location,
                      [&] { return catalog::LookupNamespace(names[names.size() - 2]); });
  }
  Oid type = LookupTypeNameOid(names);
  if (type == kInvalidOid) {
    ThrowAt(
        ps,
        MakeError(errcode::kUndefinedObject, "type \"{}\" does not exist", TypeNameToString(tn)),
        tn->location);
  }
  TypeWithMod result{type, tn->typemod};
  if (tn->n_typmods > 0) {
    const catalog::PgType& row = LookupType(type);
    if (row.typmodin == kInvalidOid) {
      ThrowAt(ps,
              MakeError(errcode::kSyntaxError, "type modifier is not allowed for type \"{}\"",
                        TypeNameToString(tn)),
              tn->location);
    }
    std::vector<std::string> mods = ModifierTexts(ps, tn);
    auto proc = catalog::Syscache().ProcByOid(row.typmodin);
    std::string prosrc = proc ? proc->prosrc : "";
    g_typmod_position = ps.Pos(tn->location);
    result.typmod =
        WithErrorPosition(ps, tn->location, [&] { return ApplyTypmodin(prosrc, mods); });
  }
  if (tn->n_array_bounds > 0) {
    Oid array = ArrayTypeOf(type);
    if (array == kInvalidOid) {
      ThrowAt(ps,
              MakeError(errcode::kUndefinedObject, "could not find array type for data type {}",
                        FormatTypeBe(type)),
              tn->location);
    }
    result.type = array;
  }
  return result;
}

Oid LookupCollation(ParseState& ps, const std::vector<std::string>& names, int location) {
  std::optional<catalog::PgCollation> coll;
  if (names.size() >= 2) {
    Oid nsp = WithErrorPosition(ps, location,
                                [&] { return catalog::LookupNamespace(names[names.size() - 2]); });
    coll = catalog::Syscache().CollationByName(names.back(), nsp);
  } else if (!names.empty()) {
    for (Oid nsp : catalog::ObjectSearchPath()) {
      coll = catalog::Syscache().CollationByName(names.back(), nsp);
      if (coll) break;
    }
  }
  if (!coll) {
    ThrowAt(
        ps,
        MakeError(errcode::kUndefinedObject, "collation \"{}\" for encoding \"{}\" does not exist",
                  NameListToString(names), "UTF8"),
        location);
  }
  return coll->oid;
}

}  // namespace hyrax::parser
