// Date/time input parsing, following PostgreSQL's ParseDateTime / DecodeDateTime /
// DecodeTimeOnly field rules: ISO 8601 ("2024-01-02T03:04:05.6+02"), SQL and traditional
// orders under DateStyle's DMY/MDY/YMD ("1/2/2024", "Jan 2 2024", "2-Jan-2024"), run-together
// digits ("20240102 030405"), BC/AD, AM/PM, Julian days ("J2451545"), the special words
// epoch/infinity/-infinity/now/today/tomorrow/yesterday/allballs, and zones as numeric
// offsets, abbreviations (PST) or names (America/New_York). Errors carry PostgreSQL's
// SQLSTATEs and texts (22007 invalid input syntax, 22008 field value out of range, ...).
// See executor/types/README.md "Date and time".
#pragma once

#include <cstdint>
#include <string_view>

#include "executor/types/datetime.h"

namespace hyrax::executor {

// What kind of value the text named.
enum class DateTimeKind : uint8_t {
  kValue,  // ordinary fields in `tm`
  kEpoch,  // 'epoch'
  kLate,   // 'infinity'
  kEarly,  // '-infinity'
};

struct ParsedDateTime {
  DateTimeKind kind = DateTimeKind::kValue;
  PgTm tm;
  bool have_date = false;
  bool have_time = false;
  // The zone offset: given explicitly, or from the session zone (only filled when the caller
  // asked for a zone). Seconds east of UTC.
  bool have_tz = false;
  int32_t gmtoff = 0;
};

// Parses input for `type_name` ("date", "timestamp", "timestamp with time zone").
// `want_tz`: resolve the zone offset (explicit or the session's) into gmtoff.
// `now` is the value of 'now' / base of 'today' etc. (transaction start timestamptz).
ParsedDateTime ParseDateTimeText(std::string_view text, const char* type_name, bool want_tz,
                                 TimestampTz now);

// Parses input for "time" / "time with time zone" (a date part is optional). For timetz
// without an explicit zone, the session zone's offset on the given (or current) date is used.
ParsedDateTime ParseTimeText(std::string_view text, const char* type_name, bool want_tz,
                             TimestampTz now);

// PostgreSQL's DateTimeParseError for a field-level failure.
[[noreturn]] void ThrowDateTimeFieldOverflow(std::string_view text, bool suggest_datestyle);

}  // namespace hyrax::executor
