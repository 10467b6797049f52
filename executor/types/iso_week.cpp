// ISO week-date arithmetic on PostgreSQL's Julian day numbers. See iso_week.h.
#include "executor/types/iso_week.h"

#include "executor/types/calendar.h"

namespace hyrax::executor {

int64_t PgDateToJulian(int64_t year, int month, int day) {
  // March-based months: March = 4 ... February = 15 of the previous year.
  if (month > 2) {
    month += 1;
    year += 4800;
  } else {
    month += 13;
    year += 4799;
  }
  int64_t century = year / 100;
  int64_t julian = year * 365 - 32167;
  julian += year / 4 - century + century / 4;
  julian += 7834 * month / 256 + day;
  return julian;
}

int PgJulianDayOfWeek(int64_t julian) {
  int64_t day = (julian + 1) % 7;
  return static_cast<int>(day < 0 ? day + 7 : day);
}

namespace {

// Julian day of the Monday starting ISO week 1 of `year`.
int64_t IsoWeekOneStart(int64_t year) {
  int64_t day4 = PgDateToJulian(year, 1, 4);
  return day4 - PgJulianDayOfWeek(day4 - 1);
}

}  // namespace

int IsoWeek(int year, int mon, int mday) {
  int64_t dayn = PgDateToJulian(year, mon, mday);
  int64_t start = IsoWeekOneStart(year);
  if (dayn < start) start = IsoWeekOneStart(year - 1);
  int64_t result = (dayn - start) / 7 + 1;
  if (result >= 52) {
    int64_t next = IsoWeekOneStart(year + 1);
    if (dayn >= next) result = (dayn - next) / 7 + 1;
  }
  return static_cast<int>(result);
}

int IsoYear(int year, int mon, int mday) {
  int64_t dayn = PgDateToJulian(year, mon, mday);
  int64_t start = IsoWeekOneStart(year);
  if (dayn < start) {
    start = IsoWeekOneStart(year - 1);
    --year;
  }
  if ((dayn - start) / 7 + 1 >= 52 && dayn >= IsoWeekOneStart(year + 1)) ++year;
  return year;
}

int IsoYearDay(int year, int mon, int mday) {
  return static_cast<int>(PgDateToJulian(year, mon, mday) -
                          IsoWeekToJulian(IsoYear(year, mon, mday), 1) + 1);
}

int64_t IsoWeekToJulian(int year, int week) {
  return int64_t{week - 1} * 7 + IsoWeekOneStart(year);
}

void IsoWeekDateToDate(int week, int wday, int* year, int* mon, int* mday) {
  int64_t jday = IsoWeekToJulian(*year, week);
  // Sunday = 1 is the last day of an ISO week.
  jday += wday > 1 ? wday - 2 : 6;
  JulianToDate(jday, year, mon, mday);
}

}  // namespace hyrax::executor
