// The date/time types' in-memory formats (PostgreSQL's, with 64-bit integer timestamps) and
// conversions between them and broken-down time:
//   date        int32 days since 2000-01-01 (INT32_MIN/MAX = -infinity/infinity)
//   time        int64 microseconds since midnight
//   timetz      {int64 time; int32 zone} 12 bytes by reference; zone = seconds WEST of UTC
//   timestamp   int64 microseconds since 2000-01-01 00:00 (INT64_MIN/MAX = -/+infinity)
//   timestamptz same, in UTC
//   interval    {int64 time (µs); int32 day; int32 month} 16 bytes by reference
// See executor/types/README.md "Date and time".
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "executor/types/calendar.h"

namespace hyrax::executor {

class TimeZone;

using DateADT = int32_t;
using TimeADT = int64_t;
using Timestamp = int64_t;
using TimestampTz = int64_t;

struct TimeTzADT {
  TimeADT time;
  int32_t zone;  // seconds west of UTC (PostgreSQL's sign convention)
};
inline constexpr size_t kTimeTzSize = 12;

struct Interval {
  int64_t time;  // microseconds
  int32_t day;
  int32_t month;
};
static_assert(sizeof(Interval) == 16);

inline constexpr DateADT kDateNoBegin = std::numeric_limits<int32_t>::min();
inline constexpr DateADT kDateNoEnd = std::numeric_limits<int32_t>::max();
inline constexpr Timestamp kDtNoBegin = std::numeric_limits<int64_t>::min();
inline constexpr Timestamp kDtNoEnd = std::numeric_limits<int64_t>::max();

// Valid ranges (PostgreSQL's): dates from 4714-11-24 BC to 5874897-12-31 AD, timestamps
// from 4714-11-24 00:00 BC up to (not including) 294277-01-01 00:00 AD.
inline constexpr int kJulianMinYear = -4713;
inline constexpr int kJulianMinMonth = 11;
inline constexpr int kJulianMinDay = 24;
inline constexpr int kDateEndJulian = 2147483494;      // 5874898-01-01
inline constexpr int kTimestampEndJulian = 109203528;  // 294277-01-01
inline constexpr Timestamp kMinTimestamp = -211813488000000000LL;
inline constexpr Timestamp kEndTimestamp = 9223371331200000000LL;
inline constexpr int64_t kMaxTimePrecision = 6;

inline constexpr int kMonthsPerYear = 12;
inline constexpr int kDaysPerMonth = 30;  // interval arithmetic's month
inline constexpr int64_t kSecsPerHour = 3600;
inline constexpr int64_t kSecsPerMinute = 60;
inline constexpr int64_t kUnixEpochOffsetSecs =
    int64_t{kPostgresEpochJdate - kUnixEpochJdate} * kSecsPerDay;  // 946684800

// Broken-down time. `year` is astronomical (0 = 1 BC).
struct PgTm {
  int year = 2000;
  int mon = 1;   // 1..12
  int mday = 1;  // 1..31
  int hour = 0;
  int min = 0;
  int sec = 0;
  int64_t usec = 0;  // fractional second, microseconds
  int wday = 0;      // 0 = Sunday
  int yday = 0;      // 1..366
  bool isdst = false;
  int32_t gmtoff = 0;          // seconds east of UTC (timestamptz only)
  const char* zone = nullptr;  // abbreviation (timestamptz only)
};

inline bool TimestampIsFinite(Timestamp t) {
  return t != kDtNoBegin && t != kDtNoEnd;
}
inline bool DateIsFinite(DateADT d) {
  return d != kDateNoBegin && d != kDateNoEnd;
}

// Whether y-m-d is in the range of dates / timestamps (PostgreSQL's IS_VALID_JULIAN /
// IS_VALID_DATE / IS_VALID_TIMESTAMP style checks).
bool IsValidJulian(int64_t year, int month, int day);
bool IsValidDate(DateADT d);
bool IsValidTimestamp(Timestamp t);

// Splits a finite timestamp into civil fields (UTC / no zone). Fills wday/yday.
void TimestampToTm(Timestamp t, PgTm* tm);
// Same for a timestamptz in `zone` (gmtoff, isdst, zone abbreviation filled).
void TimestampTzToTm(TimestampTz t, const TimeZone& zone, PgTm* tm);
// Assembles a timestamp from fields (no zone). Returns false when out of range.
bool TmToTimestamp(const PgTm& tm, Timestamp* out);
// Local civil time in `zone` -> UTC timestamptz, resolving DST gaps/overlaps like
// PostgreSQL. Sets tm->gmtoff. Returns false when out of range.
bool LocalTmToTimestampTz(PgTm* tm, const TimeZone& zone, TimestampTz* out);
// The UTC offset (seconds east) `zone` uses for local time `tm` (DetermineTimeZoneOffset).
int32_t DetermineTimeZoneOffset(const PgTm& tm, const TimeZone& zone);

// Date <-> civil fields.
DateADT DateFromYmd(int64_t year, int month, int day);
void DateToYmd(DateADT d, int* year, int* month, int* day);

// Time of day fields <-> microseconds.
TimeADT TimeFromHms(int hour, int min, int sec, int64_t usec);
void TimeToHms(TimeADT t, int* hour, int* min, int* sec, int64_t* usec);

// Rounds microseconds to `precision` fractional digits (typmod of time/timestamp/interval).
int64_t RoundToPrecision(int64_t usec, int precision);

// Seconds since 1970-01-01 00:00 UTC of a timestamptz (floor).
inline int64_t TimestampToUnixSeconds(TimestampTz t) {
  return FloorDiv(t, kUsecsPerSec) + kUnixEpochOffsetSecs;
}

}  // namespace hyrax::executor
