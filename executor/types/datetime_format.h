// Date/time output in PostgreSQL's formats, selected by DateStyle (ISO, SQL, Postgres,
// German, with DMY/MDY ordering) and IntervalStyle (postgres, postgres_verbose,
// sql_standard, iso_8601). See executor/types/README.md "Date and time".
#pragma once

#include <cstdint>
#include <string>

#include "executor/types/datetime.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

// date_out: "2024-01-02", "01/02/2024", "02.01.2024", "0044-03-15 BC" ...
std::string EncodeDateOnly(const PgTm& tm, DateStyle style, DateOrder order);
// time_out / timetz_out: "13:04:05.25", with "+05:30" when `gmtoff` is given.
std::string EncodeTimeOnly(const PgTm& tm, const int32_t* gmtoff, DateStyle style);
// timestamp_out / timestamptz_out; the zone (tm.gmtoff / tm.zone) is printed when `with_tz`.
std::string EncodeDateTime(const PgTm& tm, bool with_tz, DateStyle style, DateOrder order);
// "+05:30" style offset (gmtoff = seconds east), PostgreSQL's EncodeTimezone.
std::string EncodeTimezoneOffset(int32_t gmtoff);
// interval_out.
std::string EncodeInterval(const Interval& iv, IntervalStyle style);
// "infinity" / "-infinity" for the special timestamp and date values.
inline const char* EncodeSpecialTimestamp(bool late) {
  return late ? "infinity" : "-infinity";
}

// Broken-down interval (PostgreSQL's pg_itm): year/mon from months, day, and the time split
// into hours (64-bit), minutes, seconds, microseconds, all with the sign of their part.
struct IntervalTm {
  int year = 0;
  int mon = 0;
  int day = 0;
  int64_t hour = 0;
  int min = 0;
  int sec = 0;
  int usec = 0;
};
IntervalTm IntervalToTm(const Interval& iv);

// English month and day names (PostgreSQL's months[] / days[] tables).
extern const char* const kMonthNames[12];
extern const char* const kMonthAbbrevs[12];
extern const char* const kDayNames[7];
extern const char* const kDayAbbrevs[7];

}  // namespace hyrax::executor
