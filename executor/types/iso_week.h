// ISO 8601 week dates (weeks start on Monday; week 1 holds January 4th) and PostgreSQL's
// date2j arithmetic, which to_char also applies to the out-of-range month/day values of an
// interval (month 0, day 0, negative months). See README.md "Date and time".
#pragma once

#include <cstdint>

namespace hyrax::executor {

// Julian day number by PostgreSQL's date2j formula; defined for any month/day values
// (month 0 is December of the previous year, day 0 the last day of the previous month).
int64_t PgDateToJulian(int64_t year, int month, int day);
// 0 = Sunday (PostgreSQL's j2day).
int PgJulianDayOfWeek(int64_t julian);

// ISO week number (1..53) and ISO year of a date (PostgreSQL's date2isoweek / date2isoyear).
int IsoWeek(int year, int mon, int mday);
int IsoYear(int year, int mon, int mday);
// Day of the ISO year, 1..371 (date2isoyearday).
int IsoYearDay(int year, int mon, int mday);
// Julian day of the Monday of ISO week `week` of ISO year `year` (isoweek2j).
int64_t IsoWeekToJulian(int year, int week);
// Date of ISO week `week` / weekday `wday` (Sunday = 1 ... Saturday = 7, as to_date's D
// field) of ISO year *year (isoweekdate2date); updates all three outputs.
void IsoWeekDateToDate(int week, int wday, int* year, int* mon, int* mday);

}  // namespace hyrax::executor
