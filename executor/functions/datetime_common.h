// Helpers shared by the date/time family files (date.cpp, time.cpp, timestamp.cpp,
// interval.cpp, datetime_funcs.cpp): by-reference value access, conversions between the
// types with PostgreSQL's range errors, and interval arithmetic on timestamps.
// Internal to executor/functions; see README.md "Date and time".
#pragma once

#include <cstring>

#include "common/datum.h"
#include "common/memory_context.h"
#include "executor/functions/fmgr.h"
#include "executor/types/datetime.h"

namespace hyrax::executor {

inline Interval IntervalFromDatum(Datum d) {
  Interval iv;
  std::memcpy(&iv, DatumGetPointer<const char>(d), sizeof(iv));
  return iv;
}
inline Datum IntervalDatum(const Interval& iv) {
  void* p = Palloc(sizeof(Interval));
  std::memcpy(p, &iv, sizeof(iv));
  return PointerGetDatum(p);
}
inline TimeTzADT TimeTzFromDatum(Datum d) {
  TimeTzADT t;
  const char* p = DatumGetPointer<const char>(d);
  std::memcpy(&t.time, p, 8);
  std::memcpy(&t.zone, p + 8, 4);
  return t;
}
inline Datum TimeTzDatum(const TimeTzADT& t) {
  char* p = static_cast<char*>(Palloc0(16));
  std::memcpy(p, &t.time, 8);
  std::memcpy(p + 8, &t.zone, 4);
  return PointerGetDatum(p);
}

[[noreturn]] void ThrowTimestampOutOfRange();
[[noreturn]] void ThrowIntervalOutOfRange();
[[noreturn]] void ThrowDateOutOfRange();

// The value 'now' and friends stand for: the transaction start time.
TimestampTz CurrentTransactionTimestamp();

// Conversions with PostgreSQL's errors (22008 "date out of range for timestamp",
// "timestamp out of range"). Infinities map to infinities.
Timestamp DateToTimestamp(DateADT d);
TimestampTz DateToTimestampTz(DateADT d);
DateADT TimestampToDate(Timestamp t);
DateADT TimestampTzToDate(TimestampTz t);
TimestampTz TimestampToTimestampTz(Timestamp t);
Timestamp TimestampTzToTimestamp(TimestampTz t);

// Comparison of a date with a timestamp(tz) without overflow errors: a date past the
// timestamp range sorts after every finite timestamp (PostgreSQL's *_opt_overflow).
int CompareDateTimestamp(DateADT d, Timestamp t);
int CompareDateTimestampTz(DateADT d, TimestampTz t);
int CompareTimestampTimestampTz(Timestamp a, TimestampTz b);

// timestamp(tz) +/- interval: months then days in local time, then the time part.
Timestamp TimestampPlusInterval(Timestamp t, const Interval& iv);
TimestampTz TimestampTzPlusInterval(TimestampTz t, const Interval& iv);
Interval NegateInterval(const Interval& iv);

// PostgreSQL's interval_cmp_value (128-bit span using 30-day months) and justify_hours.
__int128 IntervalCompareValue(const Interval& iv);
Interval JustifyHours(Interval iv);

// Splits a timestamp / timestamptz (session zone) into fields; throws "timestamp out of range"
// for infinities.
PgTm TimestampFields(Timestamp t);
PgTm TimestampTzFields(TimestampTz t);

}  // namespace hyrax::executor
