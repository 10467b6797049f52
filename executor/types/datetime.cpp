// Broken-down time conversions for the date/time types (see datetime.h).
#include "executor/types/datetime.h"

#include "executor/types/timezone.h"

namespace hyrax::executor {

namespace {

constexpr int kJulianMaxYear = 5874898;
constexpr int kJulianMaxMonth = 6;

}  // namespace

bool IsValidJulian(int64_t y, int m, int d) {
  (void)d;
  return (y > kJulianMinYear || (y == kJulianMinYear && m >= kJulianMinMonth)) &&
         (y < kJulianMaxYear || (y == kJulianMaxYear && m < kJulianMaxMonth));
}

bool IsValidDate(DateADT d) {
  return -kPostgresEpochJdate <= d && d < kDateEndJulian - kPostgresEpochJdate;
}

bool IsValidTimestamp(Timestamp t) {
  return kMinTimestamp <= t && t < kEndTimestamp;
}

DateADT DateFromYmd(int64_t year, int month, int day) {
  return static_cast<DateADT>(DateToJulian(year, month, day) - kPostgresEpochJdate);
}

void DateToYmd(DateADT d, int* year, int* month, int* day) {
  JulianToDate(int64_t{d} + kPostgresEpochJdate, year, month, day);
}

TimeADT TimeFromHms(int hour, int min, int sec, int64_t usec) {
  return ((int64_t{hour} * 60 + min) * 60 + sec) * kUsecsPerSec + usec;
}

void TimeToHms(TimeADT t, int* hour, int* min, int* sec, int64_t* usec) {
  *hour = static_cast<int>(t / kUsecsPerHour);
  t -= int64_t{*hour} * kUsecsPerHour;
  *min = static_cast<int>(t / kUsecsPerMinute);
  t -= int64_t{*min} * kUsecsPerMinute;
  *sec = static_cast<int>(t / kUsecsPerSec);
  *usec = t - int64_t{*sec} * kUsecsPerSec;
}

void TimestampToTm(Timestamp t, PgTm* tm) {
  int64_t date = FloorDiv(t, kUsecsPerDay);
  int64_t time = t - date * kUsecsPerDay;
  int64_t jd = date + kPostgresEpochJdate;
  JulianToDate(jd, &tm->year, &tm->mon, &tm->mday);
  TimeToHms(time, &tm->hour, &tm->min, &tm->sec, &tm->usec);
  tm->wday = JulianDayOfWeek(jd);
  tm->yday = static_cast<int>(jd - DateToJulian(tm->year, 1, 1) + 1);
  tm->isdst = false;
  tm->gmtoff = 0;
  tm->zone = nullptr;
}

void TimestampTzToTm(TimestampTz t, const TimeZone& zone, PgTm* tm) {
  ZoneOffset off = zone.AtUtc(TimestampToUnixSeconds(t));
  TimestampToTm(t + int64_t{off.gmtoff} * kUsecsPerSec, tm);
  tm->isdst = off.isdst;
  tm->gmtoff = off.gmtoff;
  tm->zone = off.abbrev;
}

bool TmToTimestamp(const PgTm& tm, Timestamp* out) {
  if (!IsValidJulian(tm.year, tm.mon, tm.mday)) return false;
  int64_t date = DateToJulian(tm.year, tm.mon, tm.mday) - kPostgresEpochJdate;
  int64_t time = TimeFromHms(tm.hour, tm.min, tm.sec, tm.usec);
  int64_t result;
  if (__builtin_mul_overflow(date, kUsecsPerDay, &result) ||
      __builtin_add_overflow(result, time, &result)) {
    return false;
  }
  if (!IsValidTimestamp(result)) return false;
  *out = result;
  return true;
}

int32_t DetermineTimeZoneOffset(const PgTm& tm, const TimeZone& zone) {
  int64_t local_seconds = (DateToJulian(tm.year, tm.mon, tm.mday) - kUnixEpochJdate) * kSecsPerDay +
                          int64_t{tm.hour} * 3600 + int64_t{tm.min} * 60 + tm.sec;
  return zone.ForLocal(local_seconds).gmtoff;
}

bool LocalTmToTimestampTz(PgTm* tm, const TimeZone& zone, TimestampTz* out) {
  Timestamp local;
  if (!TmToTimestamp(*tm, &local)) return false;
  tm->gmtoff = DetermineTimeZoneOffset(*tm, zone);
  int64_t result = local - int64_t{tm->gmtoff} * kUsecsPerSec;
  if (!IsValidTimestamp(result)) return false;
  *out = result;
  return true;
}

int64_t RoundToPrecision(int64_t usec, int precision) {
  if (precision < 0 || precision >= kMaxTimePrecision) return usec;
  static constexpr int64_t kScales[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
  int64_t scale = kScales[precision];
  int64_t offset = scale / 2;
  // Round half away from zero, as PostgreSQL's AdjustTimestampForTypmod.
  if (usec >= 0) return ((usec + offset) / scale) * scale;
  return -(((-usec + offset) / scale) * scale);
}

}  // namespace hyrax::executor
