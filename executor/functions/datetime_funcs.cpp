// date_trunc, date_part / extract for timestamp, timestamptz, date, time, timetz and interval.
// date_part returns float8 computed as PostgreSQL's *_part functions do; extract returns
// numeric with PostgreSQL 14+'s scales (seconds with 6 decimals, epoch with 6, julian via
// numeric division). Unit names are PostgreSQL's (interval_parse.h LookupDateUnit).
// See README.md "Date and time".
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/datetime_format.h"
#include "executor/types/interval_parse.h"
#include "executor/types/iso_week.h"
#include "executor/types/numeric_io.h"
#include "executor/types/qualified_name.h"
#include "executor/types/timezone.h"

namespace hyrax::executor {

namespace {

// One extracted field: its float8 value (as date_part computes it) and numeric value.
struct Part {
  double f = 0;
  NumericVar n;
};

Part IntPart(int64_t v) {
  return Part{static_cast<double>(v), NumericVar::FromInt64(v)};
}

// v / 10^scale as numeric with exactly `scale` decimals (int64_div_fast_to_numeric).
NumericVar ScaledNumeric(int64_t v, int scale) {
  NumericVar n = NumericVar::FromInt64(v);
  NumericVar pow10 = ParseNumeric("1e" + std::to_string(scale));
  NumericVar r = DivVar(n, pow10, scale, true);
  r.dscale = scale;
  return r;
}

[[noreturn]] void ThrowNotRecognized(const std::string& units, const char* type_name) {
  throw MakeError(errcode::kInvalidParameterValue, "unit \"{}\" not recognized for type {}", units,
                  type_name);
}
[[noreturn]] void ThrowNotSupported(const std::string& units, const char* type_name) {
  throw MakeError(errcode::kFeatureNotSupported, "unit \"{}\" not supported for type {}", units,
                  type_name);
}

int64_t Century(int year) {
  return year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
}
int64_t Millennium(int year) {
  return year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
}
int64_t Decade(int year) {
  return year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
}

// Date fields common to timestamp, timestamptz and date. Returns false if not a date unit.
bool DatePart(DateUnit unit, const PgTm& tm, Part* out) {
  switch (unit) {
    case DateUnit::kDay:
      *out = IntPart(tm.mday);
      return true;
    case DateUnit::kMonth:
      *out = IntPart(tm.mon);
      return true;
    case DateUnit::kQuarter:
      *out = IntPart((tm.mon - 1) / 3 + 1);
      return true;
    case DateUnit::kWeek:
      *out = IntPart(IsoWeek(tm.year, tm.mon, tm.mday));
      return true;
    case DateUnit::kYear:
      *out = IntPart(tm.year > 0 ? tm.year : tm.year - 1);
      return true;
    case DateUnit::kDecade:
      *out = IntPart(Decade(tm.year));
      return true;
    case DateUnit::kCentury:
      *out = IntPart(Century(tm.year));
      return true;
    case DateUnit::kMillennium:
      *out = IntPart(Millennium(tm.year));
      return true;
    case DateUnit::kIsoYear: {
      int y = IsoYear(tm.year, tm.mon, tm.mday);
      *out = IntPart(y > 0 ? y : y - 1);
      return true;
    }
    case DateUnit::kDow:
      *out = IntPart(JulianDayOfWeek(DateToJulian(tm.year, tm.mon, tm.mday)));
      return true;
    case DateUnit::kIsoDow: {
      int dow = JulianDayOfWeek(DateToJulian(tm.year, tm.mon, tm.mday));
      *out = IntPart(dow == 0 ? 7 : dow);
      return true;
    }
    case DateUnit::kDoy:
      *out = IntPart(DateToJulian(tm.year, tm.mon, tm.mday) - DateToJulian(tm.year, 1, 1) + 1);
      return true;
    default:
      return false;
  }
}

// Time-of-day fields (microseconds .. hour) from tm. Returns false if not a time unit.
bool TimePart(DateUnit unit, int hour, int min, int sec, int64_t usec, Part* out) {
  switch (unit) {
    case DateUnit::kMicrosecond:
      *out = IntPart(sec * kUsecsPerSec + usec);
      return true;
    case DateUnit::kMillisecond:
      *out = Part{sec * 1000.0 + usec / 1000.0, ScaledNumeric(sec * kUsecsPerSec + usec, 3)};
      return true;
    case DateUnit::kSecond:
      *out = Part{sec + usec / 1000000.0, ScaledNumeric(sec * kUsecsPerSec + usec, 6)};
      return true;
    case DateUnit::kMinute:
      *out = IntPart(min);
      return true;
    case DateUnit::kHour:
      *out = IntPart(hour);
      return true;
    default:
      return false;
  }
}

// Units whose value keeps growing with time give +/-Infinity for infinite inputs; the rest
// give NULL (PostgreSQL's NonFiniteTimestampTzPart). Unknown units still fail.
bool NonFiniteValue(DateUnit unit, bool negative, double* out) {
  switch (unit) {
    case DateUnit::kYear:
    case DateUnit::kDecade:
    case DateUnit::kCentury:
    case DateUnit::kMillennium:
    case DateUnit::kJulian:
    case DateUnit::kIsoYear:
    case DateUnit::kEpoch:
      *out = negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
      return true;
    default:
      return false;
  }
}

Datum ReturnPart(FunctionCallInfo* f, const Part& p, bool numeric) {
  return numeric ? MakeNumericDatum(p.n) : Float8GetDatum(p.f);
}

DateUnit UnitArg(FunctionCallInfo* f, std::string* lower) {
  *lower = DowncaseIdentifier(f->ArgText(0));
  return LookupDateUnit(*lower);
}

bool IsKnownTimestampUnit(DateUnit u) {
  return u != DateUnit::kNone && u != DateUnit::kAgo && u != DateUnit::kIgnore;
}

template <bool kTz, bool kNumeric>
Datum TimestampPart(FunctionCallInfo* f) {
  const char* type_name = kTz ? "timestamp with time zone" : "timestamp without time zone";
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  int64_t t = f->ArgInt64(1);
  if (!IsKnownTimestampUnit(unit)) ThrowNotRecognized(units, type_name);
  if (!TimestampIsFinite(t)) {
    bool tz_unit = unit == DateUnit::kTimezone || unit == DateUnit::kTimezoneHour ||
                   unit == DateUnit::kTimezoneMinute;
    if (tz_unit && !kTz) ThrowNotSupported(units, type_name);
    double v;
    if (!NonFiniteValue(unit, t == kDtNoBegin, &v)) return f->ReturnNull();
    if (kNumeric) return MakeNumericDatum(NumericVar::Inf(v < 0));
    return Float8GetDatum(v);
  }
  PgTm tm = kTz ? TimestampTzFields(t) : TimestampFields(t);
  Part p;
  if (DatePart(unit, tm, &p) || TimePart(unit, tm.hour, tm.min, tm.sec, tm.usec, &p)) {
    return ReturnPart(f, p, kNumeric);
  }
  switch (unit) {
    case DateUnit::kJulian: {
      int64_t jd = DateToJulian(tm.year, tm.mon, tm.mday);
      int64_t day_usec = TimeFromHms(tm.hour, tm.min, tm.sec, tm.usec);
      p.f = static_cast<double>(jd) + day_usec / static_cast<double>(kUsecsPerDay);
      NumericVar frac = NumericVar::FromInt64(day_usec);
      NumericVar per_day = NumericVar::FromInt64(kUsecsPerDay);
      p.n = AddVar(NumericVar::FromInt64(jd),
                   DivVar(frac, per_day, SelectDivScale(frac, per_day), true));
      return ReturnPart(f, p, kNumeric);
    }
    case DateUnit::kEpoch: {
      int64_t usec = t + kUnixEpochOffsetSecs * kUsecsPerSec;
      p.f = static_cast<double>(usec) / 1000000.0;
      p.n = ScaledNumeric(usec, 6);
      return ReturnPart(f, p, kNumeric);
    }
    case DateUnit::kTimezone:
    case DateUnit::kTimezoneHour:
    case DateUnit::kTimezoneMinute:
      if (!kTz) ThrowNotSupported(units, type_name);
      p = IntPart(unit == DateUnit::kTimezone       ? tm.gmtoff
                  : unit == DateUnit::kTimezoneHour ? tm.gmtoff / 3600
                                                    : tm.gmtoff / 60 % 60);
      return ReturnPart(f, p, kNumeric);
    default:
      ThrowNotSupported(units, type_name);
  }
}

Datum ExtractDate(FunctionCallInfo* f) {
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  DateADT d = DatumGetInt32(f->Arg(1));
  if (!IsKnownTimestampUnit(unit)) ThrowNotRecognized(units, "date");
  if (!DateIsFinite(d)) {
    double v;
    bool monotonic = NonFiniteValue(unit, d == kDateNoBegin, &v);
    if (!monotonic) {
      Part ignored;
      PgTm probe;
      if (!DatePart(unit, probe, &ignored)) ThrowNotSupported(units, "date");
      return f->ReturnNull();
    }
    return MakeNumericDatum(NumericVar::Inf(v < 0));
  }
  PgTm tm;
  DateToYmd(d, &tm.year, &tm.mon, &tm.mday);
  Part p;
  if (DatePart(unit, tm, &p)) return MakeNumericDatum(p.n);
  switch (unit) {
    case DateUnit::kJulian:
      return MakeNumericDatum(NumericVar::FromInt64(int64_t{d} + kPostgresEpochJdate));
    case DateUnit::kEpoch:
      return MakeNumericDatum(NumericVar::FromInt64(
          (int64_t{d} + kPostgresEpochJdate - kUnixEpochJdate) * kSecsPerDay));
    default:
      ThrowNotSupported(units, "date");
  }
}

template <bool kTz, bool kNumeric>
Datum TimeOfDayPart(FunctionCallInfo* f) {
  const char* type_name = kTz ? "time with time zone" : "time without time zone";
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  if (!IsKnownTimestampUnit(unit)) ThrowNotRecognized(units, type_name);
  TimeADT t;
  int32_t zone = 0;
  if (kTz) {
    TimeTzADT tz = TimeTzFromDatum(f->Arg(1));
    t = tz.time;
    zone = tz.zone;
  } else {
    t = f->ArgInt64(1);
  }
  int hour, min, sec;
  int64_t usec;
  TimeToHms(t, &hour, &min, &sec, &usec);
  Part p;
  if (TimePart(unit, hour, min, sec, usec, &p)) return ReturnPart(f, p, kNumeric);
  switch (unit) {
    case DateUnit::kEpoch: {
      int64_t total = t + int64_t{zone} * kUsecsPerSec;
      p.f = static_cast<double>(total) / 1000000.0;
      p.n = ScaledNumeric(total, 6);
      return ReturnPart(f, p, kNumeric);
    }
    case DateUnit::kTimezone:
    case DateUnit::kTimezoneHour:
    case DateUnit::kTimezoneMinute:
      if (!kTz) break;
      p = IntPart(unit == DateUnit::kTimezone       ? -zone
                  : unit == DateUnit::kTimezoneHour ? -zone / 3600
                                                    : -zone / 60 % 60);
      return ReturnPart(f, p, kNumeric);
    default:
      break;
  }
  ThrowNotSupported(units, type_name);
}

template <bool kNumeric>
Datum IntervalPart(FunctionCallInfo* f) {
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  if (!IsKnownTimestampUnit(unit)) ThrowNotRecognized(units, "interval");
  Interval iv = IntervalFromDatum(f->Arg(1));
  IntervalTm t = IntervalToTm(iv);
  Part p;
  switch (unit) {
    case DateUnit::kMicrosecond:
    case DateUnit::kMillisecond:
    case DateUnit::kSecond:
    case DateUnit::kMinute:
      TimePart(unit, 0, t.min, t.sec, t.usec, &p);
      break;
    case DateUnit::kHour:
      p = IntPart(t.hour);
      break;
    case DateUnit::kDay:
      p = IntPart(t.day);
      break;
    case DateUnit::kMonth:
      p = IntPart(t.mon);
      break;
    case DateUnit::kQuarter:
      p = IntPart(t.mon / 3 + 1);
      break;
    case DateUnit::kYear:
      p = IntPart(t.year);
      break;
    case DateUnit::kDecade:
      p = IntPart(t.year / 10);
      break;
    case DateUnit::kCentury:
      p = IntPart(t.year / 100);
      break;
    case DateUnit::kMillennium:
      p = IntPart(t.year / 1000);
      break;
    case DateUnit::kEpoch: {
      // 365.25-day years and 30-day months, in quarter days to stay in integers.
      int64_t secs =
          (int64_t{1461} * (iv.month / 12) + int64_t{120} * (iv.month % 12) + int64_t{4} * iv.day) *
          (kSecsPerDay / 4);
      p.f = iv.time / 1000000.0 + 365.25 * kSecsPerDay * (iv.month / 12) +
            30.0 * kSecsPerDay * (iv.month % 12) + static_cast<double>(kSecsPerDay) * iv.day;
      int64_t usec;
      if (!__builtin_mul_overflow(secs, kUsecsPerSec, &usec) &&
          !__builtin_add_overflow(usec, iv.time, &usec)) {
        p.n = ScaledNumeric(usec, 6);
      } else {
        NumericVar big =
            AddVar(MulVar(NumericVar::FromInt64(secs), NumericVar::FromInt64(kUsecsPerSec), 0),
                   NumericVar::FromInt64(iv.time));
        p.n = DivVar(big, NumericVar::FromInt64(kUsecsPerSec), 6, true);
      }
      break;
    }
    default:
      ThrowNotSupported(units, "interval");
  }
  return ReturnPart(f, p, kNumeric);
}

// date_trunc on civil fields; `redo_zone` tells timestamptz that the offset must be found
// again (units of a day or more).
void TruncFields(DateUnit unit, const std::string& units, const char* type_name, PgTm* tm,
                 bool* redo_zone) {
  *redo_zone = false;
  switch (unit) {
    case DateUnit::kWeek: {
      int woy = IsoWeek(tm->year, tm->mon, tm->mday);
      if (woy >= 52 && tm->mon == 1) --tm->year;
      if (woy <= 1 && tm->mon == 12) ++tm->year;
      JulianToDate(IsoWeekToJulian(tm->year, woy), &tm->year, &tm->mon, &tm->mday);
      tm->hour = tm->min = tm->sec = 0;
      tm->usec = 0;
      *redo_zone = true;
      return;
    }
    case DateUnit::kMillennium:
      tm->year = tm->year > 0 ? ((tm->year + 999) / 1000) * 1000 - 999
                              : -((999 - (tm->year - 1)) / 1000) * 1000 + 1;
      [[fallthrough]];
    case DateUnit::kCentury:
      tm->year = tm->year > 0 ? ((tm->year + 99) / 100) * 100 - 99
                              : -((99 - (tm->year - 1)) / 100) * 100 + 1;
      [[fallthrough]];
    case DateUnit::kDecade:
      if (unit == DateUnit::kDecade) {
        tm->year = tm->year > 0 ? (tm->year / 10) * 10 : -((8 - (tm->year - 1)) / 10) * 10;
      }
      [[fallthrough]];
    case DateUnit::kYear:
      tm->mon = 1;
      [[fallthrough]];
    case DateUnit::kQuarter:
      tm->mon = 3 * ((tm->mon - 1) / 3) + 1;
      [[fallthrough]];
    case DateUnit::kMonth:
      tm->mday = 1;
      [[fallthrough]];
    case DateUnit::kDay:
      tm->hour = 0;
      *redo_zone = true;
      [[fallthrough]];
    case DateUnit::kHour:
      tm->min = 0;
      [[fallthrough]];
    case DateUnit::kMinute:
      tm->sec = 0;
      [[fallthrough]];
    case DateUnit::kSecond:
      tm->usec = 0;
      return;
    case DateUnit::kMillisecond:
      tm->usec = (tm->usec / 1000) * 1000;
      return;
    case DateUnit::kMicrosecond:
      return;
    case DateUnit::kTimezone:
    case DateUnit::kTimezoneHour:
    case DateUnit::kTimezoneMinute:
      ThrowNotSupported(units, type_name);
    default:
      // epoch, dow, doy, ... are date_part words, not units PostgreSQL's date_trunc knows.
      ThrowNotRecognized(units, type_name);
  }
}

Datum TimestampTrunc(FunctionCallInfo* f) {
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  Timestamp t = f->ArgInt64(1);
  if (!TimestampIsFinite(t)) return f->Arg(1);
  PgTm tm = TimestampFields(t);
  bool redo;
  TruncFields(unit, units, "timestamp without time zone", &tm, &redo);
  Timestamp result;
  if (!TmToTimestamp(tm, &result)) ThrowTimestampOutOfRange();
  return Int64GetDatum(result);
}

TimestampTz TruncTz(FunctionCallInfo* f, const TimeZone& zone) {
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  TimestampTz t = f->ArgInt64(1);
  if (!TimestampIsFinite(t)) return t;
  PgTm tm;
  TimestampTzToTm(t, zone, &tm);
  bool redo;
  TruncFields(unit, units, "timestamp with time zone", &tm, &redo);
  Timestamp local;
  if (!TmToTimestamp(tm, &local)) ThrowTimestampOutOfRange();
  int32_t gmtoff = redo ? DetermineTimeZoneOffset(tm, zone) : tm.gmtoff;
  TimestampTz result = local - int64_t{gmtoff} * kUsecsPerSec;
  if (!IsValidTimestamp(result)) ThrowTimestampOutOfRange();
  return result;
}

Datum TimestampTzTrunc(FunctionCallInfo* f) {
  return Int64GetDatum(TruncTz(f, SessionTimeZone()));
}

Datum TimestampTzTruncZone(FunctionCallInfo* f) {
  std::string_view name = f->ArgText(2);
  std::shared_ptr<const TimeZone> zone = TimeZone::Load(name);
  if (zone == nullptr) {
    throw MakeError(errcode::kInvalidParameterValue, "time zone \"{}\" not recognized", name);
  }
  return Int64GetDatum(TruncTz(f, *zone));
}

Datum IntervalTrunc(FunctionCallInfo* f) {
  std::string units;
  DateUnit unit = UnitArg(f, &units);
  Interval iv = IntervalFromDatum(f->Arg(1));
  IntervalTm t = IntervalToTm(iv);
  switch (unit) {
    case DateUnit::kMillennium:
      t.year = (t.year / 1000) * 1000;
      [[fallthrough]];
    case DateUnit::kCentury:
      t.year = (t.year / 100) * 100;
      [[fallthrough]];
    case DateUnit::kDecade:
      t.year = (t.year / 10) * 10;
      [[fallthrough]];
    case DateUnit::kYear:
      t.mon = 0;
      [[fallthrough]];
    case DateUnit::kQuarter:
      t.mon = 3 * (t.mon / 3);
      [[fallthrough]];
    case DateUnit::kMonth:
      t.day = 0;
      [[fallthrough]];
    case DateUnit::kDay:
      t.hour = 0;
      [[fallthrough]];
    case DateUnit::kHour:
      t.min = 0;
      [[fallthrough]];
    case DateUnit::kMinute:
      t.sec = 0;
      [[fallthrough]];
    case DateUnit::kSecond:
      t.usec = 0;
      break;
    case DateUnit::kMillisecond:
      t.usec = (t.usec / 1000) * 1000;
      break;
    case DateUnit::kMicrosecond:
      break;
    case DateUnit::kWeek:
      throw MakeError(errcode::kFeatureNotSupported, "unit \"{}\" not supported for type {}", units,
                      "interval")
          .Detail("Months usually have fractional weeks.");
    default:
      if (unit == DateUnit::kNone || unit == DateUnit::kAgo || unit == DateUnit::kIgnore) {
        ThrowNotRecognized(units, "interval");
      }
      ThrowNotSupported(units, "interval");
  }
  Interval r;
  r.month = t.year * 12 + t.mon;
  r.day = t.day;
  r.time = ((t.hour * 60 + t.min) * 60 + t.sec) * kUsecsPerSec + t.usec;
  return IntervalDatum(r);
}

const BuiltinFunction kDatetimeFuncBuiltins[] = {
    {"timestamp_part", TimestampPart<false, false>, 2},
    {"timestamptz_part", TimestampPart<true, false>, 2},
    {"extract_timestamp", TimestampPart<false, true>, 2},
    {"extract_timestamptz", TimestampPart<true, true>, 2},
    {"extract_date", ExtractDate, 2},
    {"time_part", TimeOfDayPart<false, false>, 2},
    {"timetz_part", TimeOfDayPart<true, false>, 2},
    {"extract_time", TimeOfDayPart<false, true>, 2},
    {"extract_timetz", TimeOfDayPart<true, true>, 2},
    {"interval_part", IntervalPart<false>, 2},
    {"extract_interval", IntervalPart<true>, 2},
    {"timestamp_trunc", TimestampTrunc, 2},
    {"timestamptz_trunc", TimestampTzTrunc, 2},
    {"timestamptz_trunc_zone", TimestampTzTruncZone, 3},
    {"interval_trunc", IntervalTrunc, 2},
};

}  // namespace

std::span<const BuiltinFunction> DatetimeFuncBuiltins() {
  return kDatetimeFuncBuiltins;
}

}  // namespace hyrax::executor
