// Shared date/time conversions and arithmetic (see datetime_common.h).
#include "executor/functions/datetime_common.h"

#include "common/error.h"
#include "executor/types/timezone.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

void ThrowTimestampOutOfRange() {
  throw Error(errcode::kDatetimeValueOutOfRange, "timestamp out of range");
}

void ThrowIntervalOutOfRange() {
  throw Error(errcode::kDatetimeValueOutOfRange, "interval out of range");
}

void ThrowDateOutOfRange() {
  throw Error(errcode::kDatetimeValueOutOfRange, "date out of range");
}

namespace {

[[noreturn]] void ThrowDateOutOfRangeForTimestamp() {
  throw Error(errcode::kDatetimeValueOutOfRange, "date out of range for timestamp");
}

constexpr DateADT kTimestampEndDate = kTimestampEndJulian - kPostgresEpochJdate;

}  // namespace

TimestampTz CurrentTransactionTimestamp() {
  return TransactionStartTimestamp();
}

Timestamp DateToTimestamp(DateADT d) {
  if (d == kDateNoBegin) return kDtNoBegin;
  if (d == kDateNoEnd) return kDtNoEnd;
  if (d >= kTimestampEndDate) ThrowDateOutOfRangeForTimestamp();
  return int64_t{d} * kUsecsPerDay;
}

TimestampTz DateToTimestampTz(DateADT d) {
  if (d == kDateNoBegin) return kDtNoBegin;
  if (d == kDateNoEnd) return kDtNoEnd;
  if (d >= kTimestampEndDate) ThrowDateOutOfRangeForTimestamp();
  PgTm tm;
  DateToYmd(d, &tm.year, &tm.mon, &tm.mday);
  int32_t gmtoff = DetermineTimeZoneOffset(tm, SessionTimeZone());
  TimestampTz result = int64_t{d} * kUsecsPerDay - int64_t{gmtoff} * kUsecsPerSec;
  if (!IsValidTimestamp(result)) ThrowDateOutOfRangeForTimestamp();
  return result;
}

PgTm TimestampFields(Timestamp t) {
  if (!TimestampIsFinite(t)) ThrowTimestampOutOfRange();
  PgTm tm;
  TimestampToTm(t, &tm);
  return tm;
}

PgTm TimestampTzFields(TimestampTz t) {
  if (!TimestampIsFinite(t)) ThrowTimestampOutOfRange();
  PgTm tm;
  TimestampTzToTm(t, SessionTimeZone(), &tm);
  return tm;
}

DateADT TimestampToDate(Timestamp t) {
  if (t == kDtNoBegin) return kDateNoBegin;
  if (t == kDtNoEnd) return kDateNoEnd;
  PgTm tm = TimestampFields(t);
  return DateFromYmd(tm.year, tm.mon, tm.mday);
}

DateADT TimestampTzToDate(TimestampTz t) {
  if (t == kDtNoBegin) return kDateNoBegin;
  if (t == kDtNoEnd) return kDateNoEnd;
  PgTm tm = TimestampTzFields(t);
  return DateFromYmd(tm.year, tm.mon, tm.mday);
}

TimestampTz TimestampToTimestampTz(Timestamp t) {
  if (!TimestampIsFinite(t)) return t;
  PgTm tm = TimestampFields(t);
  int32_t gmtoff = DetermineTimeZoneOffset(tm, SessionTimeZone());
  TimestampTz result = t - int64_t{gmtoff} * kUsecsPerSec;
  if (!IsValidTimestamp(result)) ThrowTimestampOutOfRange();
  return result;
}

Timestamp TimestampTzToTimestamp(TimestampTz t) {
  if (!TimestampIsFinite(t)) return t;
  PgTm tm = TimestampTzFields(t);
  Timestamp result;
  if (!TmToTimestamp(tm, &result)) ThrowTimestampOutOfRange();
  return result;
}

int CompareDateTimestamp(DateADT d, Timestamp t) {
  if (d != kDateNoEnd && d >= kTimestampEndDate) return t == kDtNoEnd ? -1 : 1;
  Timestamp dt = DateToTimestamp(d);
  return dt < t ? -1 : (dt > t ? 1 : 0);
}

int CompareDateTimestampTz(DateADT d, TimestampTz t) {
  if (d != kDateNoEnd && d >= kTimestampEndDate) return t == kDtNoEnd ? -1 : 1;
  TimestampTz dt;
  try {
    dt = DateToTimestampTz(d);
  } catch (const Error&) {
    // Past the end after the zone shift: later than any finite timestamp.
    return t == kDtNoEnd ? -1 : 1;
  }
  return dt < t ? -1 : (dt > t ? 1 : 0);
}

int CompareTimestampTimestampTz(Timestamp a, TimestampTz b) {
  TimestampTz at;
  try {
    at = TimestampToTimestampTz(a);
  } catch (const Error&) {
    return a > 0 ? (b == kDtNoEnd ? -1 : 1) : (b == kDtNoBegin ? 1 : -1);
  }
  return at < b ? -1 : (at > b ? 1 : 0);
}

namespace {

// Adds months then days to civil fields (end-of-month clamping).
void AddMonthsDays(PgTm* tm, const Interval& iv, bool* changed) {
  if (iv.month != 0) {
    int64_t months = int64_t{tm->mon} + iv.month;
    if (months > 12) {
      tm->year += static_cast<int>((months - 1) / 12);
      months = (months - 1) % 12 + 1;
    } else if (months < 1) {
      tm->year += static_cast<int>(months / 12 - 1);
      months = months % 12 + 12;
    }
    tm->mon = static_cast<int>(months);
    tm->mday = std::min(tm->mday, DaysInMonth(tm->year, tm->mon));
    *changed = true;
  }
}

}  // namespace

Timestamp TimestampPlusInterval(Timestamp t, const Interval& iv) {
  if (!TimestampIsFinite(t)) return t;
  if (iv.month != 0) {
    PgTm tm = TimestampFields(t);
    bool changed = false;
    AddMonthsDays(&tm, iv, &changed);
    if (!TmToTimestamp(tm, &t)) ThrowTimestampOutOfRange();
  }
  if (iv.day != 0) {
    PgTm tm = TimestampFields(t);
    int64_t jd = DateToJulian(tm.year, tm.mon, tm.mday);
    int32_t jd32;
    if (__builtin_add_overflow(static_cast<int32_t>(jd), iv.day, &jd32) || jd32 < 0) {
      ThrowTimestampOutOfRange();
    }
    JulianToDate(jd32, &tm.year, &tm.mon, &tm.mday);
    if (!TmToTimestamp(tm, &t)) ThrowTimestampOutOfRange();
  }
  if (__builtin_add_overflow(t, iv.time, &t) || !IsValidTimestamp(t)) ThrowTimestampOutOfRange();
  return t;
}

TimestampTz TimestampTzPlusInterval(TimestampTz t, const Interval& iv) {
  if (!TimestampIsFinite(t)) return t;
  const TimeZone& zone = SessionTimeZone();
  if (iv.month != 0) {
    PgTm tm = TimestampTzFields(t);
    bool changed = false;
    AddMonthsDays(&tm, iv, &changed);
    if (!LocalTmToTimestampTz(&tm, zone, &t)) ThrowTimestampOutOfRange();
  }
  if (iv.day != 0) {
    PgTm tm = TimestampTzFields(t);
    int64_t jd = DateToJulian(tm.year, tm.mon, tm.mday);
    int32_t jd32;
    if (__builtin_add_overflow(static_cast<int32_t>(jd), iv.day, &jd32) || jd32 < 0) {
      ThrowTimestampOutOfRange();
    }
    JulianToDate(jd32, &tm.year, &tm.mon, &tm.mday);
    if (!LocalTmToTimestampTz(&tm, zone, &t)) ThrowTimestampOutOfRange();
  }
  if (__builtin_add_overflow(t, iv.time, &t) || !IsValidTimestamp(t)) ThrowTimestampOutOfRange();
  return t;
}

Interval NegateInterval(const Interval& iv) {
  Interval r;
  if (__builtin_sub_overflow(int64_t{0}, iv.time, &r.time) ||
      __builtin_sub_overflow(int32_t{0}, iv.day, &r.day) ||
      __builtin_sub_overflow(int32_t{0}, iv.month, &r.month)) {
    ThrowIntervalOutOfRange();
  }
  return r;
}

__int128 IntervalCompareValue(const Interval& iv) {
  int64_t dayfraction = iv.time % kUsecsPerDay;
  int64_t days = iv.time / kUsecsPerDay;
  days += int64_t{iv.month} * 30;
  days += iv.day;
  return static_cast<__int128>(dayfraction) + static_cast<__int128>(days) * kUsecsPerDay;
}

Interval JustifyHours(Interval iv) {
  int64_t wholeday = iv.time / kUsecsPerDay;
  iv.time -= wholeday * kUsecsPerDay;
  int32_t day;
  if (__builtin_add_overflow(iv.day, static_cast<int32_t>(wholeday), &day))
    ThrowIntervalOutOfRange();
  iv.day = day;
  if (iv.day > 0 && iv.time < 0) {
    iv.time += kUsecsPerDay;
    --iv.day;
  } else if (iv.day < 0 && iv.time > 0) {
    iv.time -= kUsecsPerDay;
    ++iv.day;
  }
  return iv;
}

}  // namespace hyrax::executor
