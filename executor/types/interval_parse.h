// interval input (PostgreSQL's DecodeInterval and DecodeISO8601Interval): "1 year 2 mons",
// "1 day 02:03:04.5", "@ 3 hours ago", "1-2" (years-months), "P1Y2M3DT4H5M6S",
// "P0001-02-03T04:05:06", fractional units cascading down ("1.5 months" = 1 mon 15 days),
// and typmod field restrictions / precision. Also the unit names shared with date_part,
// extract and date_trunc. See executor/types/README.md "Intervals".
#pragma once

#include <cstdint>
#include <string_view>

#include "executor/types/datetime.h"

namespace hyrax::executor {

enum class DateUnit : uint8_t {
  kNone,
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kTimezone,
  kTimezoneHour,
  kTimezoneMinute,
  kEpoch,
  kDow,
  kIsoDow,
  kDoy,
  kIsoYear,
  kJulian,
  kAgo,     // interval input only
  kIgnore,  // "@"
};

// Unit words of interval input and date_part (PostgreSQL's deltatktbl plus epoch, dow, doy,
// isodow, isoyear, julian); compares at most 10 characters like PostgreSQL's DecodeUnits.
// `word` must be lower case.
DateUnit LookupDateUnit(std::string_view word);

// Interval typmod field bits, as in PostgreSQL (INTERVAL_MASK of the field numbers).
inline constexpr int kIntervalMonth = 1 << 1;
inline constexpr int kIntervalYear = 1 << 2;
inline constexpr int kIntervalDay = 1 << 3;
inline constexpr int kIntervalHour = 1 << 10;
inline constexpr int kIntervalMinute = 1 << 11;
inline constexpr int kIntervalSecond = 1 << 12;
inline constexpr int kIntervalFullRange = 0x7FFF;
inline constexpr int kIntervalFullPrecision = 0xFFFF;

inline int IntervalTypmodRange(int32_t typmod) {
  return typmod < 0 ? kIntervalFullRange : (typmod >> 16) & 0x7FFF;
}
inline int IntervalTypmodPrecision(int32_t typmod) {
  return typmod < 0 ? kIntervalFullPrecision : typmod & 0xFFFF;
}

// Parses interval text, applying `typmod` (-1 = none). Throws 22007 invalid input syntax for
// type interval: "...", 22015 interval field value out of range: "...", 22008 interval out
// of range.
Interval ParseInterval(std::string_view text, int32_t typmod);

// Zeroes fields right of the typmod's last field and rounds to its precision (PostgreSQL's
// AdjustIntervalForTypmod). Throws 22023 for a bad precision.
void AdjustIntervalForTypmod(Interval* iv, int32_t typmod);

}  // namespace hyrax::executor
