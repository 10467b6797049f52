// The engines behind to_char, to_number, to_date and to_timestamp, with PostgreSQL 15's
// output and error behaviour (formatting.c): number pictures (9 0 . , D G S MI PL SG PR L
// FM TH V RN EEEE B), date/time pictures (see format_template.h), and parsing of dates and
// numbers against a template. Names are English (TM has no effect; lc_time is C).
// See README.md "to_char and friends".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "executor/types/datetime.h"
#include "executor/types/numeric_var.h"

namespace hyrax::executor {

// ---- Numbers ----

// to_char(numeric/int4/int8/float4/float8, format). Throw 42601 for inconsistent templates,
// 22003 for values RN cannot show as int4, 22P02 when TH meets "NaN".
std::string NumericToChar(const NumericVar& value, std::string_view format);
std::string IntToChar(int64_t value, bool is_int8, std::string_view format);
std::string Float8ToChar(double value, std::string_view format);
std::string Float4ToChar(float value, std::string_view format);

// to_number(text, format): the digits and sign read from `input` as a numeric string, and
// the precision/scale PostgreSQL gives them (scale = digits read after the decimal point).
// Throws 0A000 for RN and EEEE templates.
struct NumberFromChar {
  std::string digits;  // e.g. "-12.5", or " " when nothing was read
  int precision = 0;
  int scale = 0;
  int multi = 0;  // V: the result must be divided by 10^multi
};
NumberFromChar ParseNumberWithTemplate(std::string_view input, std::string_view format);

// ---- Dates and times ----

// The fields to_char shows. For timestamps `year` is astronomical (0 = 1 BC); for
// intervals the fields are the interval's own (years, months, days, hours may exceed their
// calendar ranges and be negative) and yday approximates the total span in days.
struct ToCharFields {
  int64_t year = 0;
  int mon = 0;
  int mday = 0;
  int64_t hour = 0;
  int min = 0;
  int sec = 0;
  int64_t fsec = 0;  // microseconds
  int wday = 0;      // 0 = Sunday
  int yday = 0;
  int32_t gmtoff = 0;         // seconds east of UTC
  const char* tzn = nullptr;  // zone abbreviation; nullptr for timestamp without time zone
};

// to_char(timestamp/timestamptz/interval, format). Throws 22007 "invalid format
// specification for an interval value" for calendar-only fields of intervals.
std::string DateTimeToChar(const ToCharFields& fields, std::string_view format, bool is_interval);

// to_timestamp/to_date: parses `input` against `format` into a broken-down time. `fprec`
// receives the FF1..FF6 precision given (0 if none); `tz_offset` the TZH/TZM offset in
// seconds east of UTC when given. Throws PostgreSQL's 22007/22008/22009 errors.
struct ParsedDateTime {
  PgTm tm;  // year astronomical; mon/mday default 1, year default 0 (1 BC)
  int64_t fsec = 0;
  int fprec = 0;
  bool has_tz = false;
  int32_t tz_offset = 0;
};
ParsedDateTime ParseDateTimeWithTemplate(std::string_view input, std::string_view format);

}  // namespace hyrax::executor
