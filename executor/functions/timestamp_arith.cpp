// timestamp/timestamptz arithmetic and construction: +/- interval, timestamp - timestamp,
// age(), AT TIME ZONE (text and interval zones), now() and the other clocks, to_timestamp
// (epoch seconds), make_timestamp(tz), date_bin, generate_series over timestamps.
// See README.md "Date and time".
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/srf.h"
#include "executor/types/datetime_fields.h"
#include "executor/types/datetime_format.h"
#include "executor/types/qualified_name.h"
#include "executor/types/timezone.h"
#include "executor/types/type_settings.h"
#include "executor/types/tz_abbrev.h"

namespace hyrax::executor {

namespace {

// "%02g" as PostgreSQL's own snprintf prints it (NaN and Infinity spelled out).
void FormatG(char* buf, size_t size, double v) {
  if (std::isnan(v)) {
    std::snprintf(buf, size, "NaN");
  } else if (std::isinf(v)) {
    std::snprintf(buf, size, v > 0 ? "Infinity" : "-Infinity");
  } else {
    std::snprintf(buf, size, "%02g", v);
  }
}

int64_t A(FunctionCallInfo* f, int i) {
  return f->ArgInt64(i);
}

Datum TimestampMi(FunctionCallInfo* f) {
  int64_t a = A(f, 0), b = A(f, 1);
  if (!TimestampIsFinite(a) || !TimestampIsFinite(b)) {
    throw Error(errcode::kDatetimeValueOutOfRange, "cannot subtract infinite timestamps");
  }
  Interval iv{0, 0, 0};
  if (__builtin_sub_overflow(a, b, &iv.time)) ThrowIntervalOutOfRange();
  // PostgreSQL justifies hours into days here (documented as a historical quirk).
  return IntervalDatum(JustifyHours(iv));
}

Datum TimestampPlInterval(FunctionCallInfo* f) {
  return Int64GetDatum(TimestampPlusInterval(A(f, 0), IntervalFromDatum(f->Arg(1))));
}
Datum TimestampMiInterval(FunctionCallInfo* f) {
  return Int64GetDatum(
      TimestampPlusInterval(A(f, 0), NegateInterval(IntervalFromDatum(f->Arg(1)))));
}
Datum TimestampTzPlInterval(FunctionCallInfo* f) {
  return Int64GetDatum(TimestampTzPlusInterval(A(f, 0), IntervalFromDatum(f->Arg(1))));
}
Datum TimestampTzMiInterval(FunctionCallInfo* f) {
  return Int64GetDatum(
      TimestampTzPlusInterval(A(f, 0), NegateInterval(IntervalFromDatum(f->Arg(1)))));
}

// age(): field-wise difference with borrows, as PostgreSQL's timestamp_age.
Interval Age(const PgTm& tm1, const PgTm& tm2, bool negative) {
  int64_t usec = tm1.usec - tm2.usec;
  int sec = tm1.sec - tm2.sec, min = tm1.min - tm2.min, hour = tm1.hour - tm2.hour;
  int mday = tm1.mday - tm2.mday, mon = tm1.mon - tm2.mon, year = tm1.year - tm2.year;
  if (negative) {
    usec = -usec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  while (usec < 0) usec += kUsecsPerSec, --sec;
  while (sec < 0) sec += 60, --min;
  while (min < 0) min += 60, --hour;
  while (hour < 0) hour += 24, --mday;
  while (mday < 0) {
    const PgTm& ref = negative ? tm1 : tm2;
    mday += DaysInMonth(ref.year, ref.mon);
    --mon;
  }
  while (mon < 0) mon += 12, --year;
  if (negative) {
    usec = -usec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  Interval iv;
  int32_t months;
  if (__builtin_mul_overflow(year, 12, &months) || __builtin_add_overflow(months, mon, &months)) {
    ThrowIntervalOutOfRange();
  }
  iv.month = months;
  iv.day = mday;
  iv.time = ((int64_t{hour} * 60 + min) * 60 + sec) * kUsecsPerSec + usec;
  return iv;
}

Datum TimestampAge(FunctionCallInfo* f) {
  return IntervalDatum(Age(TimestampFields(A(f, 0)), TimestampFields(A(f, 1)), A(f, 0) < A(f, 1)));
}
Datum TimestampTzAge(FunctionCallInfo* f) {
  return IntervalDatum(
      Age(TimestampTzFields(A(f, 0)), TimestampTzFields(A(f, 1)), A(f, 0) < A(f, 1)));
}

[[noreturn]] void ThrowUnknownZone(std::string_view name) {
  throw MakeError(errcode::kInvalidParameterValue, "time zone \"{}\" not recognized", name);
}

// AT TIME ZONE 'zone' for timestamp (local in zone -> timestamptz): an abbreviation gives a
// fixed offset, otherwise the zone name resolves the offset at that local time.
TimestampTz LocalInZone(Timestamp t, std::string_view zone_name) {
  if (!TimestampIsFinite(t)) return t;
  TimestampTz result;
  if (auto abbrev = LookupTzAbbrev(DowncaseIdentifier(zone_name))) {
    result = t - int64_t{abbrev->gmtoff} * kUsecsPerSec;
  } else {
    std::shared_ptr<const TimeZone> zone = TimeZone::Load(zone_name);
    if (zone == nullptr) ThrowUnknownZone(zone_name);
    PgTm tm = TimestampFields(t);
    if (!LocalTmToTimestampTz(&tm, *zone, &result)) ThrowTimestampOutOfRange();
  }
  if (!IsValidTimestamp(result)) ThrowTimestampOutOfRange();
  return result;
}

Datum TimestampZone(FunctionCallInfo* f) {
  return Int64GetDatum(LocalInZone(A(f, 1), f->ArgText(0)));
}

// timestamptz AT TIME ZONE 'zone' -> the local timestamp there.
Datum TimestampTzZone(FunctionCallInfo* f) {
  TimestampTz t = A(f, 1);
  if (!TimestampIsFinite(t)) return Int64GetDatum(t);
  std::string_view zone_name = f->ArgText(0);
  Timestamp result;
  if (auto abbrev = LookupTzAbbrev(DowncaseIdentifier(zone_name))) {
    result = t + int64_t{abbrev->gmtoff} * kUsecsPerSec;
  } else {
    std::shared_ptr<const TimeZone> zone = TimeZone::Load(zone_name);
    if (zone == nullptr) ThrowUnknownZone(zone_name);
    PgTm tm;
    TimestampTzToTm(t, *zone, &tm);
    if (!TmToTimestamp(tm, &result)) ThrowTimestampOutOfRange();
  }
  if (!IsValidTimestamp(result)) ThrowTimestampOutOfRange();
  return Int64GetDatum(result);
}

int64_t IntervalZoneOffset(const Interval& zone) {
  if (zone.month != 0 || zone.day != 0) {
    throw MakeError(errcode::kInvalidParameterValue,
                    "interval time zone \"{}\" must not include months or days",
                    EncodeInterval(zone, g_interval_style));
  }
  return zone.time / kUsecsPerSec * kUsecsPerSec;
}

Datum TimestampIzone(FunctionCallInfo* f) {
  Timestamp t = A(f, 1);
  if (!TimestampIsFinite(t)) return Int64GetDatum(t);
  TimestampTz result = t - IntervalZoneOffset(IntervalFromDatum(f->Arg(0)));
  if (!IsValidTimestamp(result)) ThrowTimestampOutOfRange();
  return Int64GetDatum(result);
}

Datum TimestampTzIzone(FunctionCallInfo* f) {
  TimestampTz t = A(f, 1);
  if (!TimestampIsFinite(t)) return Int64GetDatum(t);
  Timestamp result = t + IntervalZoneOffset(IntervalFromDatum(f->Arg(0)));
  if (!IsValidTimestamp(result)) ThrowTimestampOutOfRange();
  return Int64GetDatum(result);
}

Datum Now(FunctionCallInfo* f) {
  return Int64GetDatum(TransactionStartTimestamp());
}
Datum StatementTimestamp(FunctionCallInfo* f) {
  return Int64GetDatum(StatementStartTimestamp());
}
Datum ClockTimestamp(FunctionCallInfo* f) {
  return Int64GetDatum(CurrentClockTimestamp());
}

// timeofday(): "Mon Jan 02 03:04:05.123456 2024 UTC" in the session zone.
Datum TimeOfDay(FunctionCallInfo* f) {
  TimestampTz now = CurrentClockTimestamp();
  PgTm tm;
  TimestampTzToTm(now, SessionTimeZone(), &tm);
  char buf[128];
  std::snprintf(buf, sizeof(buf), "%s %s %02d %02d:%02d:%02d.%06lld %d %s", kDayAbbrevs[tm.wday],
                kMonthAbbrevs[tm.mon - 1], tm.mday, tm.hour, tm.min, tm.sec,
                static_cast<long long>(tm.usec), tm.year, tm.zone != nullptr ? tm.zone : "");
  return TextDatum(buf);
}

// to_timestamp(double precision): Unix epoch seconds.
Datum Float8Timestamptz(FunctionCallInfo* f) {
  double seconds = f->ArgFloat8(0);
  if (std::isnan(seconds)) {
    throw Error(errcode::kDatetimeValueOutOfRange, "timestamp cannot be NaN");
  }
  if (std::isinf(seconds)) return Int64GetDatum(seconds < 0 ? kDtNoBegin : kDtNoEnd);
  auto out_of_range = [&] {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%g", f->ArgFloat8(0));
    return MakeError(errcode::kDatetimeValueOutOfRange, "timestamp out of range: \"{}\"", buf);
  };
  if (seconds < static_cast<double>(kSecsPerDay) * (0 - kUnixEpochJdate) ||
      seconds >= static_cast<double>(kSecsPerDay) * (kTimestampEndJulian - kUnixEpochJdate)) {
    throw out_of_range();
  }
  seconds -= static_cast<double>(kUnixEpochOffsetSecs);
  auto result = static_cast<int64_t>(std::rint(seconds * kUsecsPerSec));
  if (!IsValidTimestamp(result)) throw out_of_range();
  return Int64GetDatum(result);
}

bool FloatTimeOverflows(int hour, int min, double sec) {
  if (hour < 0 || hour > 24 || min < 0 || min >= 60) return true;
  if (std::isnan(sec)) return true;
  sec = std::rint(sec * kUsecsPerSec);
  if (sec < 0 || sec > 60.0 * kUsecsPerSec) return true;
  return (int64_t{hour} * 60 + min) * 60 * kUsecsPerSec + static_cast<int64_t>(sec) > kUsecsPerDay;
}

Timestamp MakeTimestampInternal(int year, int month, int mday, int hour, int min, double sec) {
  PgTm tm;
  tm.year = year;
  tm.mon = month;
  tm.mday = mday;
  bool bc = false;
  if (tm.year < 0) {
    bc = true;
    tm.year = -tm.year;
  }
  if (dt::ValidateDate(dt::kDateMask, false, false, bc, &tm) != dt::DtError::kNone) {
    throw MakeError(errcode::kDatetimeFieldOverflow,
                    "date field value out of range: {}-{:02}-{:02}", year, month, mday);
  }
  if (!IsValidJulian(tm.year, tm.mon, tm.mday)) {
    throw MakeError(errcode::kDatetimeValueOutOfRange, "date out of range: {}-{:02}-{:02}", year,
                    month, mday);
  }
  int64_t date = DateToJulian(tm.year, tm.mon, tm.mday) - kPostgresEpochJdate;
  char sec_text[32];
  FormatG(sec_text, sizeof(sec_text), sec);
  if (FloatTimeOverflows(hour, min, sec)) {
    throw MakeError(errcode::kDatetimeFieldOverflow, "time field value out of range: {}:{:02}:{}",
                    hour, min, sec_text);
  }
  int64_t time = (int64_t{hour} * 60 + min) * 60 * kUsecsPerSec +
                 static_cast<int64_t>(std::rint(sec * kUsecsPerSec));
  Timestamp result = date * kUsecsPerDay + time;
  if ((result - time) / kUsecsPerDay != date || (result < 0 && date > 0) ||
      (result > 0 && date < -1) || !IsValidTimestamp(result)) {
    throw MakeError(errcode::kDatetimeValueOutOfRange,
                    "timestamp out of range: {}-{:02}-{:02} {}:{:02}:{}", year, month, mday, hour,
                    min, sec_text);
  }
  return result;
}

Datum MakeTimestamp(FunctionCallInfo* f) {
  return Int64GetDatum(MakeTimestampInternal(f->ArgInt32(0), f->ArgInt32(1), f->ArgInt32(2),
                                             f->ArgInt32(3), f->ArgInt32(4), f->ArgFloat8(5)));
}
Datum MakeTimestampTz(FunctionCallInfo* f) {
  Timestamp t = MakeTimestampInternal(f->ArgInt32(0), f->ArgInt32(1), f->ArgInt32(2),
                                      f->ArgInt32(3), f->ArgInt32(4), f->ArgFloat8(5));
  return Int64GetDatum(TimestampToTimestampTz(t));
}
Datum MakeTimestampTzAtZone(FunctionCallInfo* f) {
  Timestamp t = MakeTimestampInternal(f->ArgInt32(0), f->ArgInt32(1), f->ArgInt32(2),
                                      f->ArgInt32(3), f->ArgInt32(4), f->ArgFloat8(5));
  return Int64GetDatum(LocalInZone(t, f->ArgText(6)));
}

// date_bin(stride, source, origin).
Datum TimestampBin(FunctionCallInfo* f) {
  Interval stride = IntervalFromDatum(f->Arg(0));
  int64_t t = A(f, 1), origin = A(f, 2);
  if (!TimestampIsFinite(t)) return Int64GetDatum(t);
  if (!TimestampIsFinite(origin))
    throw Error(errcode::kDatetimeValueOutOfRange, "origin out of range");
  if (stride.month != 0) {
    throw Error(errcode::kFeatureNotSupported,
                "timestamps cannot be binned into intervals containing months or years");
  }
  int64_t stride_usecs = int64_t{stride.day} * kUsecsPerDay + stride.time;
  if (stride_usecs <= 0) {
    throw Error(errcode::kDatetimeValueOutOfRange, "stride must be greater than zero");
  }
  int64_t diff = t - origin;
  int64_t delta = diff - diff % stride_usecs;
  if (origin > t && stride_usecs > 1) delta -= stride_usecs;
  return Int64GetDatum(origin + delta);
}

// generate_series(start, stop, step) over timestamp / timestamptz (value-per-call).
struct SeriesState {
  int64_t current;
  int64_t finish;
  Interval step;
  int step_sign;
};

template <bool kTz>
Datum GenerateSeriesTimestamp(FunctionCallInfo* f) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    srf = SrfFirstCall(f);
    auto* st = static_cast<SeriesState*>(srf->memory.AllocZero(sizeof(SeriesState)));
    st->current = A(f, 0);
    st->finish = A(f, 1);
    st->step = IntervalFromDatum(f->Arg(2));
    __int128 v = IntervalCompareValue(st->step);
    st->step_sign = v > 0 ? 1 : (v < 0 ? -1 : 0);
    if (st->step_sign == 0) {
      throw Error(errcode::kInvalidParameterValue, "step size cannot equal zero");
    }
    srf->user_state = st;
  } else {
    srf = SrfPerCall(f);
  }
  auto* st = static_cast<SeriesState*>(srf->user_state);
  int64_t result = st->current;
  bool more = st->step_sign > 0 ? result <= st->finish : result >= st->finish;
  if (!more) return SrfReturnDone(f);
  st->current = kTz ? TimestampTzPlusInterval(st->current, st->step)
                    : TimestampPlusInterval(st->current, st->step);
  return SrfReturnNext(f, srf, Int64GetDatum(result));
}

const BuiltinFunction kTimestampArithBuiltins[] = {
    {"timestamp_mi", TimestampMi, 2},
    {"timestamp_pl_interval", TimestampPlInterval, 2},
    {"timestamp_mi_interval", TimestampMiInterval, 2},
    {"timestamptz_pl_interval", TimestampTzPlInterval, 2},
    {"timestamptz_mi_interval", TimestampTzMiInterval, 2},
    {"timestamp_age", TimestampAge, 2},
    {"timestamptz_age", TimestampTzAge, 2},
    {"timestamp_zone", TimestampZone, 2},
    {"timestamptz_zone", TimestampTzZone, 2},
    {"timestamp_izone", TimestampIzone, 2},
    {"timestamptz_izone", TimestampTzIzone, 2},
    {"now", Now, 0},
    {"statement_timestamp", StatementTimestamp, 0},
    {"clock_timestamp", ClockTimestamp, 0},
    {"timeofday", TimeOfDay, 0},
    {"float8_timestamptz", Float8Timestamptz, 1},
    {"make_timestamp", MakeTimestamp, 6},
    {"make_timestamptz", MakeTimestampTz, 6},
    {"make_timestamptz_at_timezone", MakeTimestampTzAtZone, 7},
    {"timestamp_bin", TimestampBin, 3},
    {"timestamptz_bin", TimestampBin, 3},
    {"generate_series_timestamp", GenerateSeriesTimestamp<false>, 3},
    {"generate_series_timestamptz", GenerateSeriesTimestamp<true>, 3},
};

}  // namespace

std::span<const BuiltinFunction> TimestampArithBuiltins() {
  return kTimestampArithBuiltins;
}

}  // namespace hyrax::executor
