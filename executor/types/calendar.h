// Proleptic Gregorian calendar arithmetic shared by the date/time types and the time zone
// reader: Julian day numbers (PostgreSQL's date2j/j2date numbering, so 2000-01-01 is
// 2451545), day of week, leap years. Years are astronomical: 0 is 1 BC, -1 is 2 BC.
// See executor/types/README.md "Date and time".
#pragma once

#include <cstdint>

namespace hyrax::executor {

inline constexpr int kPostgresEpochJdate = 2451545;  // 2000-01-01
inline constexpr int kUnixEpochJdate = 2440588;      // 1970-01-01
inline constexpr int64_t kSecsPerDay = 86400;
inline constexpr int64_t kUsecsPerSec = 1000000;
inline constexpr int64_t kUsecsPerMinute = 60 * kUsecsPerSec;
inline constexpr int64_t kUsecsPerHour = 60 * kUsecsPerMinute;
inline constexpr int64_t kUsecsPerDay = 24 * kUsecsPerHour;

inline bool IsLeapYear(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

inline int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a civil date (any year; Howard Hinnant's days_from_civil).
inline int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                   // [0, 399]
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Inverse of DaysFromCivil.
inline void CivilFromDays(int64_t z, int64_t* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

// Julian day number of a civil date (PostgreSQL's date2j).
inline int64_t DateToJulian(int64_t y, int m, int d) {
  return DaysFromCivil(y, m, d) + kUnixEpochJdate;
}

inline void JulianToDate(int64_t jd, int* year, int* month, int* day) {
  int64_t y;
  CivilFromDays(jd - kUnixEpochJdate, &y, month, day);
  *year = static_cast<int>(y);
}

// Day of week of a Julian day: 0 = Sunday (PostgreSQL's j2day).
inline int JulianDayOfWeek(int64_t jd) {
  int64_t d = (jd + 1) % 7;
  return static_cast<int>(d < 0 ? d + 7 : d);
}

// Floor division and modulo for possibly negative values.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

}  // namespace hyrax::executor
