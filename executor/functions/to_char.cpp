// SQL entry points of the formatting functions: to_char for timestamps, timestamptz,
// intervals and all numeric types, to_number, to_date and to_timestamp(text, text). The
// engines are in executor/types (to_char.h). An empty template gives NULL (dates, to_number)
// or an empty string (numbers), and infinite timestamps give NULL, as in PostgreSQL.
// See README.md "to_char and friends".
#include "executor/types/to_char.h"

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/datetime_format.h"
#include "executor/types/numeric_io.h"
#include "executor/types/timezone.h"

namespace hyrax::executor {

namespace {

ToCharFields FieldsFromTm(const PgTm& tm) {
  ToCharFields f;
  f.year = tm.year;
  f.mon = tm.mon;
  f.mday = tm.mday;
  f.hour = tm.hour;
  f.min = tm.min;
  f.sec = tm.sec;
  f.fsec = tm.usec;
  f.wday = tm.wday;
  f.yday = tm.yday;
  return f;
}

Datum TimestampToChar(FunctionCallInfo* f) {
  Timestamp t = f->ArgInt64(0);
  std::string_view format = f->ArgText(1);
  if (format.empty() || !TimestampIsFinite(t)) return f->ReturnNull();
  PgTm tm;
  TimestampToTm(t, &tm);
  return TextDatum(DateTimeToChar(FieldsFromTm(tm), format, false));
}

Datum TimestampTzToChar(FunctionCallInfo* f) {
  TimestampTz t = f->ArgInt64(0);
  std::string_view format = f->ArgText(1);
  if (format.empty() || !TimestampIsFinite(t)) return f->ReturnNull();
  PgTm tm;
  TimestampTzToTm(t, SessionTimeZone(), &tm);
  ToCharFields fields = FieldsFromTm(tm);
  fields.gmtoff = tm.gmtoff;
  fields.tzn = tm.zone != nullptr ? tm.zone : "";
  return TextDatum(DateTimeToChar(fields, format, false));
}

Datum IntervalToChar(FunctionCallInfo* f) {
  std::string_view format = f->ArgText(1);
  if (format.empty()) return f->ReturnNull();
  IntervalTm itm = IntervalToTm(IntervalFromDatum(f->Arg(0)));
  ToCharFields fields;
  fields.year = itm.year;
  fields.mon = itm.mon;
  fields.mday = itm.day;
  fields.hour = itm.hour;
  fields.min = itm.min;
  fields.sec = itm.sec;
  fields.fsec = itm.usec;
  // wday is meaningless; yday approximates the span in days.
  fields.yday = (itm.year * 12 + itm.mon) * 30 + itm.day;
  return TextDatum(DateTimeToChar(fields, format, true));
}

Datum NumericToCharFn(FunctionCallInfo* f) {
  return TextDatum(NumericToChar(NumericDatumToVar(f->Arg(0)), f->ArgText(1)));
}
Datum Int4ToChar(FunctionCallInfo* f) {
  return TextDatum(IntToChar(f->ArgInt32(0), false, f->ArgText(1)));
}
Datum Int8ToChar(FunctionCallInfo* f) {
  return TextDatum(IntToChar(f->ArgInt64(0), true, f->ArgText(1)));
}
Datum Float4ToCharFn(FunctionCallInfo* f) {
  return TextDatum(Float4ToChar(f->ArgFloat4(0), f->ArgText(1)));
}
Datum Float8ToCharFn(FunctionCallInfo* f) {
  return TextDatum(Float8ToChar(f->ArgFloat8(0), f->ArgText(1)));
}

Datum NumericToNumber(FunctionCallInfo* f) {
  std::string_view format = f->ArgText(1);
  if (format.empty()) return f->ReturnNull();
  NumberFromChar parsed = ParseNumberWithTemplate(f->ArgText(0), format);
  NumericVar value = ParseNumeric(parsed.digits);
  ApplyNumericTypmod(&value, MakeNumericTypmod(parsed.precision, parsed.scale));
  if (parsed.multi != 0 && value.IsFinite()) {
    // PostgreSQL multiplies by numeric_power(10, -multi), which carries 16 decimals.
    NumericVar scale = ParseNumeric("1e-" + std::to_string(parsed.multi));
    RoundVar(&scale, 16);
    value = MulVar(value, scale, value.dscale + 16);
  }
  return MakeNumericDatum(value);
}

Datum ToTimestamp(FunctionCallInfo* f) {
  std::string_view input = f->ArgText(0);
  ParsedDateTime p = ParseDateTimeWithTemplate(input, f->ArgText(1));
  TimestampTz result;
  bool ok;
  if (p.has_tz) {
    Timestamp local;
    ok = TmToTimestamp(p.tm, &local);
    result = local - int64_t{p.tz_offset} * 1000000;
    ok = ok && IsValidTimestamp(result);
  } else {
    ok = LocalTmToTimestampTz(&p.tm, SessionTimeZone(), &result);
  }
  if (!ok) throw Error(errcode::kDatetimeValueOutOfRange, "timestamp out of range");
  if (p.fprec > 0) result = RoundToPrecision(result, p.fprec);
  return Int64GetDatum(result);
}

Datum ToDate(FunctionCallInfo* f) {
  std::string_view input = f->ArgText(0);
  ParsedDateTime p = ParseDateTimeWithTemplate(input, f->ArgText(1));
  if (!IsValidJulian(p.tm.year, p.tm.mon, p.tm.mday)) {
    throw MakeError(errcode::kDatetimeValueOutOfRange, "date out of range: \"{}\"", input);
  }
  DateADT d = DateFromYmd(p.tm.year, p.tm.mon, p.tm.mday);
  if (!IsValidDate(d)) {
    throw MakeError(errcode::kDatetimeValueOutOfRange, "date out of range: \"{}\"", input);
  }
  return Int32GetDatum(d);
}

const BuiltinFunction kToCharBuiltins[] = {
    {"timestamp_to_char", TimestampToChar, 2},
    {"timestamptz_to_char", TimestampTzToChar, 2},
    {"interval_to_char", IntervalToChar, 2},
    {"numeric_to_char", NumericToCharFn, 2},
    {"int4_to_char", Int4ToChar, 2},
    {"int8_to_char", Int8ToChar, 2},
    {"float4_to_char", Float4ToCharFn, 2},
    {"float8_to_char", Float8ToCharFn, 2},
    {"numeric_to_number", NumericToNumber, 2},
    {"to_timestamp", ToTimestamp, 2},
    {"to_date", ToDate, 2},
};

}  // namespace

std::span<const BuiltinFunction> ToCharBuiltins() {
  return kToCharBuiltins;
}

}  // namespace hyrax::executor
