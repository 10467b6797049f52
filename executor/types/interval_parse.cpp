// interval input parsing (see interval_parse.h). Fields are read right to left so that a
// unit word applies to the number before it, as in PostgreSQL's DecodeInterval.
#include "executor/types/interval_parse.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/types/datetime_fields.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {

namespace {

using dt::DtError;
using dt::Field;
using dt::FieldType;

struct UnitEntry {
  const char* word;
  DateUnit unit;
};

// PostgreSQL's deltatktbl plus the date_part-only words (sorted).
constexpr UnitEntry kUnits[] = {
    {"@", DateUnit::kIgnore},
    {"ago", DateUnit::kAgo},
    {"c", DateUnit::kCentury},
    {"cent", DateUnit::kCentury},
    {"centuries", DateUnit::kCentury},
    {"century", DateUnit::kCentury},
    {"d", DateUnit::kDay},
    {"day", DateUnit::kDay},
    {"days", DateUnit::kDay},
    {"dec", DateUnit::kDecade},
    {"decade", DateUnit::kDecade},
    {"decades", DateUnit::kDecade},
    {"decs", DateUnit::kDecade},
    {"dow", DateUnit::kDow},
    {"doy", DateUnit::kDoy},
    {"epoch", DateUnit::kEpoch},
    {"h", DateUnit::kHour},
    {"hour", DateUnit::kHour},
    {"hours", DateUnit::kHour},
    {"hr", DateUnit::kHour},
    {"hrs", DateUnit::kHour},
    {"isodow", DateUnit::kIsoDow},
    {"isoyear", DateUnit::kIsoYear},
    {"j", DateUnit::kJulian},
    {"jd", DateUnit::kJulian},
    {"julian", DateUnit::kJulian},
    {"m", DateUnit::kMinute},
    {"microsecon", DateUnit::kMicrosecond},
    {"mil", DateUnit::kMillennium},
    {"millennia", DateUnit::kMillennium},
    {"millennium", DateUnit::kMillennium},
    {"millisecon", DateUnit::kMillisecond},
    {"mils", DateUnit::kMillennium},
    {"min", DateUnit::kMinute},
    {"mins", DateUnit::kMinute},
    {"minute", DateUnit::kMinute},
    {"minutes", DateUnit::kMinute},
    {"mon", DateUnit::kMonth},
    {"mons", DateUnit::kMonth},
    {"month", DateUnit::kMonth},
    {"months", DateUnit::kMonth},
    {"ms", DateUnit::kMillisecond},
    {"msec", DateUnit::kMillisecond},
    {"msecond", DateUnit::kMillisecond},
    {"mseconds", DateUnit::kMillisecond},
    {"msecs", DateUnit::kMillisecond},
    {"qtr", DateUnit::kQuarter},
    {"quarter", DateUnit::kQuarter},
    {"s", DateUnit::kSecond},
    {"sec", DateUnit::kSecond},
    {"second", DateUnit::kSecond},
    {"seconds", DateUnit::kSecond},
    {"secs", DateUnit::kSecond},
    {"timezone", DateUnit::kTimezone},
    {"timezone_h", DateUnit::kTimezoneHour},
    {"timezone_m", DateUnit::kTimezoneMinute},
    {"us", DateUnit::kMicrosecond},
    {"usec", DateUnit::kMicrosecond},
    {"usecond", DateUnit::kMicrosecond},
    {"useconds", DateUnit::kMicrosecond},
    {"usecs", DateUnit::kMicrosecond},
    {"w", DateUnit::kWeek},
    {"week", DateUnit::kWeek},
    {"weeks", DateUnit::kWeek},
    {"y", DateUnit::kYear},
    {"year", DateUnit::kYear},
    {"years", DateUnit::kYear},
    {"yr", DateUnit::kYear},
    {"yrs", DateUnit::kYear},
};

// The interval being accumulated (PostgreSQL's pg_itm_in).
struct ItmIn {
  int64_t usec = 0;
  int32_t day = 0;
  int32_t mon = 0;
  int32_t year = 0;
};

bool AdjustFractMicroseconds(double frac, int64_t scale, ItmIn* itm) {
  if (frac == 0) return true;
  frac *= static_cast<double>(scale);
  int64_t usec = static_cast<int64_t>(frac);
  frac -= static_cast<double>(usec);
  if (frac > 0.5) {
    ++usec;
  } else if (frac < -0.5) {
    --usec;
  }
  return !__builtin_add_overflow(itm->usec, usec, &itm->usec);
}

bool AdjustFractDays(double frac, int scale, ItmIn* itm) {
  if (frac == 0) return true;
  frac *= scale;
  int extra = static_cast<int>(frac);
  if (__builtin_add_overflow(itm->day, extra, &itm->day)) return false;
  return AdjustFractMicroseconds(frac - extra, kUsecsPerDay, itm);
}

bool AdjustFractYears(double frac, int scale, ItmIn* itm) {
  int extra = static_cast<int>(std::rint(frac * scale * kMonthsPerYear));
  return !__builtin_add_overflow(itm->mon, extra, &itm->mon);
}

bool AdjustMicroseconds(int64_t val, double fval, int64_t scale, ItmIn* itm) {
  if (__builtin_mul_overflow(val, scale, &val)) return false;
  if (__builtin_add_overflow(itm->usec, val, &itm->usec)) return false;
  return AdjustFractMicroseconds(fval, scale, itm);
}

bool AdjustDays(int64_t val, int scale, ItmIn* itm) {
  int32_t days;
  if (val < INT_MIN || val > INT_MAX) return false;
  return !__builtin_mul_overflow(static_cast<int32_t>(val), scale, &days) &&
         !__builtin_add_overflow(itm->day, days, &itm->day);
}

bool AdjustMonths(int64_t val, ItmIn* itm) {
  if (val < INT_MIN || val > INT_MAX) return false;
  return !__builtin_add_overflow(itm->mon, static_cast<int32_t>(val), &itm->mon);
}

bool AdjustYears(int64_t val, int scale, ItmIn* itm) {
  int32_t years;
  if (val < INT_MIN || val > INT_MAX) return false;
  return !__builtin_mul_overflow(static_cast<int32_t>(val), scale, &years) &&
         !__builtin_add_overflow(itm->year, years, &itm->year);
}

// hh:mm[:ss[.fff]] (or mm:ss.fff) as microseconds (PostgreSQL's DecodeTimeForInterval).
DtError DecodeIntervalTime(const std::string& str, int range, ItmIn* itm) {
  const char* cp = str.c_str();
  char* end;
  errno = 0;
  int64_t hour = std::strtoll(cp, &end, 10);
  if (errno == ERANGE) return DtError::kFieldOverflow;
  if (*end != ':') return DtError::kBadFormat;
  errno = 0;
  long min = std::strtol(end + 1, &end, 10);
  if (errno == ERANGE || min > INT_MAX) return DtError::kFieldOverflow;
  long sec = 0;
  int64_t usec = 0;
  auto fraction = [&](const char* p) {
    char* e;
    double frac = std::strtod(p, &e);
    if (*e != '\0') return false;
    usec = static_cast<int64_t>(std::rint(frac * 1000000));
    return true;
  };
  if (*end == '\0') {
    if (range == (kIntervalMinute | kIntervalSecond)) {
      sec = min;
      min = static_cast<long>(hour);
      hour = 0;
    }
  } else if (*end == '.') {
    if (!fraction(end)) return DtError::kBadFormat;
    sec = min;
    min = static_cast<long>(hour);
    hour = 0;
  } else if (*end == ':') {
    errno = 0;
    sec = std::strtol(end + 1, &end, 10);
    if (errno == ERANGE) return DtError::kFieldOverflow;
    if (*end == '.') {
      if (!fraction(end)) return DtError::kBadFormat;
    } else if (*end != '\0') {
      return DtError::kBadFormat;
    }
  } else {
    return DtError::kBadFormat;
  }
  if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 59 || usec < 0 || usec > kUsecsPerSec) {
    return DtError::kFieldOverflow;
  }
  int64_t total = usec;
  if (__builtin_mul_overflow(hour, kUsecsPerHour, &hour) ||
      __builtin_add_overflow(total, hour, &total) ||
      __builtin_add_overflow(total, int64_t{min} * kUsecsPerMinute + int64_t{sec} * kUsecsPerSec,
                             &total)) {
    return DtError::kFieldOverflow;
  }
  itm->usec = total;
  return DtError::kNone;
}

// The default unit of a bare number, from the typmod's field range.
DateUnit DefaultUnit(int range) {
  switch (range) {
    case kIntervalYear:
      return DateUnit::kYear;
    case kIntervalMonth:
    case kIntervalYear | kIntervalMonth:
      return DateUnit::kMonth;
    case kIntervalDay:
      return DateUnit::kDay;
    case kIntervalHour:
    case kIntervalDay | kIntervalHour:
      return DateUnit::kHour;
    case kIntervalMinute:
    case kIntervalHour | kIntervalMinute:
    case kIntervalDay | kIntervalHour | kIntervalMinute:
      return DateUnit::kMinute;
    default:
      return DateUnit::kSecond;
  }
}

// One number with its unit. Returns the field bit it sets.
DtError ApplyNumber(const std::string& text, DateUnit* unit, bool force_negative, uint32_t* tmask,
                    ItmIn* itm) {
  const char* cp = text.c_str();
  char* end;
  errno = 0;
  int64_t val = std::strtoll(cp, &end, 10);
  if (errno == ERANGE) return DtError::kFieldOverflow;
  double fval = 0;
  if (*end == '-') {
    // SQL "years-months".
    errno = 0;
    long months = std::strtol(end + 1, &end, 10);
    if (errno == ERANGE || months < 0 || months >= kMonthsPerYear) return DtError::kFieldOverflow;
    if (*end != '\0') return DtError::kBadFormat;
    *unit = DateUnit::kMonth;
    if (text[0] == '-') months = -months;
    if (__builtin_mul_overflow(val, int64_t{kMonthsPerYear}, &val) ||
        __builtin_add_overflow(val, int64_t{months}, &val)) {
      return DtError::kFieldOverflow;
    }
  } else if (*end == '.') {
    char* e;
    fval = std::strtod(end, &e);
    if (*e != '\0') return DtError::kBadFormat;
    if (text[0] == '-') fval = -fval;
  } else if (*end != '\0') {
    return DtError::kBadFormat;
  }
  if (force_negative) {
    if (val > 0) val = -val;
    if (fval > 0) fval = -fval;
  }
  bool ok = true;
  switch (*unit) {
    case DateUnit::kMicrosecond:
      ok = AdjustMicroseconds(val, fval, 1, itm);
      *tmask = 1u << 0;
      break;
    case DateUnit::kMillisecond:
      ok = AdjustMicroseconds(val, fval, 1000, itm);
      *tmask = 1u << 1;
      break;
    case DateUnit::kSecond:
      ok = AdjustMicroseconds(val, fval, kUsecsPerSec, itm);
      *tmask = fval == 0 ? 1u << 2 : (1u << 0 | 1u << 1 | 1u << 2);
      break;
    case DateUnit::kMinute:
      ok = AdjustMicroseconds(val, fval, kUsecsPerMinute, itm);
      *tmask = 1u << 3;
      break;
    case DateUnit::kHour:
      ok = AdjustMicroseconds(val, fval, kUsecsPerHour, itm);
      *tmask = 1u << 4;
      *unit = DateUnit::kDay;
      break;
    case DateUnit::kDay:
      ok = AdjustDays(val, 1, itm) && AdjustFractMicroseconds(fval, kUsecsPerDay, itm);
      *tmask = 1u << 5;
      break;
    case DateUnit::kWeek:
      ok = AdjustDays(val, 7, itm) && AdjustFractDays(fval, 7, itm);
      *tmask = 1u << 6;
      break;
    case DateUnit::kMonth:
      ok = AdjustMonths(val, itm) && AdjustFractDays(fval, kDaysPerMonth, itm);
      *tmask = 1u << 7;
      break;
    case DateUnit::kYear:
      ok = AdjustYears(val, 1, itm) && AdjustFractYears(fval, 1, itm);
      *tmask = 1u << 8;
      break;
    case DateUnit::kDecade:
      ok = AdjustYears(val, 10, itm) && AdjustFractYears(fval, 10, itm);
      *tmask = 1u << 9;
      break;
    case DateUnit::kCentury:
      ok = AdjustYears(val, 100, itm) && AdjustFractYears(fval, 100, itm);
      *tmask = 1u << 10;
      break;
    case DateUnit::kMillennium:
      ok = AdjustYears(val, 1000, itm) && AdjustFractYears(fval, 1000, itm);
      *tmask = 1u << 11;
      break;
    default:
      return DtError::kBadFormat;
  }
  return ok ? DtError::kNone : DtError::kFieldOverflow;
}

DtError DecodeInterval(const std::vector<Field>& fields, int range, ItmIn* itm) {
  bool force_negative = false;
  if (g_interval_style == IntervalStyle::kSqlStandard && !fields.empty() &&
      fields[0].text[0] == '-') {
    force_negative = true;
    for (size_t i = 1; i < fields.size(); ++i) {
      if (fields[i].text[0] == '-' || fields[i].text[0] == '+') force_negative = false;
    }
  }
  bool is_before = false;
  uint32_t fmask = 0;
  DateUnit unit = DateUnit::kNone;
  for (size_t i = fields.size(); i-- > 0;) {
    const Field& f = fields[i];
    uint32_t tmask = 0;
    bool handled = false;
    if (f.type == FieldType::kTime ||
        (f.type == FieldType::kTz && f.text.find(':', 1) != std::string::npos &&
         DecodeIntervalTime(f.text.substr(1), range, itm) == DtError::kNone)) {
      if (f.type == FieldType::kTime) {
        DtError err = DecodeIntervalTime(f.text, range, itm);
        if (err != DtError::kNone) return err;
      } else if (f.text[0] == '-') {
        itm->usec = -itm->usec;
      }
      if (force_negative && itm->usec > 0) itm->usec = -itm->usec;
      unit = DateUnit::kDay;
      tmask = (1u << 2) | (1u << 3) | (1u << 4);  // second, minute, hour
      handled = true;
    }
    if (!handled) {
      switch (f.type) {
        case FieldType::kTz:
        case FieldType::kDate:
        case FieldType::kNumber: {
          if (unit == DateUnit::kNone) unit = DefaultUnit(range);
          DtError err = ApplyNumber(f.text, &unit, force_negative, &tmask, itm);
          if (err != DtError::kNone) return err;
          break;
        }
        case FieldType::kString:
        case FieldType::kSpecial: {
          DateUnit u = LookupDateUnit(f.text);
          if (u == DateUnit::kIgnore) continue;
          if (u == DateUnit::kAgo) {
            is_before = true;
            continue;
          }
          if (u == DateUnit::kNone || u >= DateUnit::kTimezone) return DtError::kBadFormat;
          unit = u;
          break;
        }
        default:
          return DtError::kBadFormat;
      }
    }
    if (tmask & fmask) return DtError::kBadFormat;
    fmask |= tmask;
  }
  if (fmask == 0) return DtError::kBadFormat;
  if (is_before) {
    if (itm->usec == INT64_MIN || itm->day == INT32_MIN || itm->mon == INT32_MIN ||
        itm->year == INT32_MIN) {
      return DtError::kFieldOverflow;
    }
    itm->usec = -itm->usec;
    itm->day = -itm->day;
    itm->mon = -itm->mon;
    itm->year = -itm->year;
  }
  return DtError::kNone;
}

// A number in an ISO 8601 duration: integer and fractional parts (ParseISO8601Number).
DtError IsoNumber(const char** str, int64_t* ipart, double* fpart) {
  const char* s = *str;
  if (!(std::isdigit(static_cast<unsigned char>(*s)) || *s == '-' || *s == '.')) {
    return DtError::kBadFormat;
  }
  errno = 0;
  char* end;
  double val = std::strtod(s, &end);
  if (end == s || errno != 0) return DtError::kBadFormat;
  if (val < INT_MIN || val > INT_MAX) return DtError::kFieldOverflow;
  *ipart = static_cast<int64_t>(val >= 0 ? std::floor(val) : -std::floor(-val));
  *fpart = val - static_cast<double>(*ipart);
  *str = end;
  return DtError::kNone;
}

size_t IsoIntegerWidth(const char* p) {
  if (*p == '-') ++p;
  return std::strspn(p, "0123456789");
}

// The alternative-format tail of a date part: [-MM[-DD]]; `str` is after the year.
DtError IsoAlternativeDate(const char** str, ItmIn* itm, bool* date_part) {
  int64_t val;
  double fval;
  DtError err = IsoNumber(str, &val, &fval);
  if (err != DtError::kNone) return err;
  if (!AdjustMonths(val, itm) || !AdjustFractDays(fval, kDaysPerMonth, itm)) {
    return DtError::kFieldOverflow;
  }
  if (**str == '\0') return DtError::kNone;
  if (**str == 'T') {
    *date_part = false;
    return DtError::kNone;
  }
  if (**str != '-') return DtError::kBadFormat;
  ++*str;
  err = IsoNumber(str, &val, &fval);
  if (err != DtError::kNone) return err;
  if (!AdjustDays(val, 1, itm) || !AdjustFractMicroseconds(fval, kUsecsPerDay, itm)) {
    return DtError::kFieldOverflow;
  }
  if (**str == 'T') *date_part = false;
  return **str == '\0' || **str == 'T' ? DtError::kNone : DtError::kBadFormat;
}

DtError IsoDatePart(char unit, const char* field_start, int64_t val, double fval, bool have_field,
                    const char** str, ItmIn* itm, bool* date_part, bool* done) {
  switch (unit) {
    case 'Y':
      return AdjustYears(val, 1, itm) && AdjustFractYears(fval, 1, itm) ? DtError::kNone
                                                                        : DtError::kFieldOverflow;
    case 'M':
      return AdjustMonths(val, itm) && AdjustFractDays(fval, kDaysPerMonth, itm)
                 ? DtError::kNone
                 : DtError::kFieldOverflow;
    case 'W':
      return AdjustDays(val, 7, itm) && AdjustFractDays(fval, 7, itm) ? DtError::kNone
                                                                      : DtError::kFieldOverflow;
    case 'D':
      return AdjustDays(val, 1, itm) && AdjustFractMicroseconds(fval, kUsecsPerDay, itm)
                 ? DtError::kNone
                 : DtError::kFieldOverflow;
    case 'T':
    case '\0':
      if (IsoIntegerWidth(field_start) == 8 && !have_field) {
        if (!AdjustYears(val / 10000, 1, itm) || !AdjustMonths((val / 100) % 100, itm) ||
            !AdjustDays(val % 100, 1, itm) || !AdjustFractMicroseconds(fval, kUsecsPerDay, itm)) {
          return DtError::kFieldOverflow;
        }
        *done = unit == '\0';
        *date_part = false;
        return DtError::kNone;
      }
      [[fallthrough]];
    case '-':
      if (have_field) return DtError::kBadFormat;
      if (!AdjustYears(val, 1, itm) || !AdjustFractYears(fval, 1, itm))
        return DtError::kFieldOverflow;
      if (unit == '\0') {
        *done = true;
        return DtError::kNone;
      }
      if (unit == 'T') {
        *date_part = false;
        return DtError::kNone;
      }
      {
        DtError err = IsoAlternativeDate(str, itm, date_part);
        if (err != DtError::kNone) return err;
        if (**str == '\0') *done = true;
        if (**str == 'T') ++*str;
        *date_part = false;
        return DtError::kNone;
      }
    default:
      return DtError::kBadFormat;
  }
}

DtError IsoTimePart(char unit, const char* field_start, int64_t val, double fval, bool have_field,
                    const char** str, ItmIn* itm, bool* done) {
  switch (unit) {
    case 'H':
      return AdjustMicroseconds(val, fval, kUsecsPerHour, itm) ? DtError::kNone
                                                               : DtError::kFieldOverflow;
    case 'M':
      return AdjustMicroseconds(val, fval, kUsecsPerMinute, itm) ? DtError::kNone
                                                                 : DtError::kFieldOverflow;
    case 'S':
      return AdjustMicroseconds(val, fval, kUsecsPerSec, itm) ? DtError::kNone
                                                              : DtError::kFieldOverflow;
    case '\0':
      if (IsoIntegerWidth(field_start) == 6 && !have_field) {
        if (!AdjustMicroseconds(val / 10000, 0, kUsecsPerHour, itm) ||
            !AdjustMicroseconds((val / 100) % 100, 0, kUsecsPerMinute, itm) ||
            !AdjustMicroseconds(val % 100, 0, kUsecsPerSec, itm) ||
            !AdjustFractMicroseconds(fval, 1, itm)) {
          return DtError::kFieldOverflow;
        }
        *done = true;
        return DtError::kNone;
      }
      [[fallthrough]];
    case ':': {
      if (have_field) return DtError::kBadFormat;
      if (!AdjustMicroseconds(val, fval, kUsecsPerHour, itm)) return DtError::kFieldOverflow;
      *done = true;
      if (unit == '\0') return DtError::kNone;
      DtError err = IsoNumber(str, &val, &fval);
      if (err != DtError::kNone) return err;
      if (!AdjustMicroseconds(val, fval, kUsecsPerMinute, itm)) return DtError::kFieldOverflow;
      if (**str == '\0') return DtError::kNone;
      if (**str != ':') return DtError::kBadFormat;
      ++*str;
      err = IsoNumber(str, &val, &fval);
      if (err != DtError::kNone) return err;
      if (!AdjustMicroseconds(val, fval, kUsecsPerSec, itm)) return DtError::kFieldOverflow;
      return **str == '\0' ? DtError::kNone : DtError::kBadFormat;
    }
    default:
      return DtError::kBadFormat;
  }
}

DtError DecodeIsoInterval(const std::string& text, ItmIn* itm) {
  *itm = ItmIn();
  const char* str = text.c_str();
  if (*str != 'P') return DtError::kBadFormat;
  ++str;
  if (*str == '\0') return DtError::kBadFormat;
  bool date_part = true;
  bool have_field = false;
  while (*str != '\0') {
    if (*str == 'T') {
      date_part = false;
      have_field = false;
      ++str;
      continue;
    }
    const char* field_start = str;
    int64_t val;
    double fval;
    DtError err = IsoNumber(&str, &val, &fval);
    if (err != DtError::kNone) return err;
    char unit = *str;
    if (unit != '\0') ++str;
    bool done = false;
    bool was_date = date_part;
    err = was_date
              ? IsoDatePart(unit, field_start, val, fval, have_field, &str, itm, &date_part, &done)
              : IsoTimePart(unit, field_start, val, fval, have_field, &str, itm, &done);
    if (err != DtError::kNone) return err;
    if (done) return DtError::kNone;
    if (unit == '\0') return DtError::kNone;
    have_field = was_date == date_part;
  }
  return DtError::kNone;
}

}  // namespace

DateUnit LookupDateUnit(std::string_view word) {
  std::string_view key = word.substr(0, 10);
  auto it = std::lower_bound(std::begin(kUnits), std::end(kUnits), key,
                             [](const UnitEntry& e, std::string_view w) { return e.word < w; });
  if (it == std::end(kUnits) || it->word != key) return DateUnit::kNone;
  return it->unit;
}

void AdjustIntervalForTypmod(Interval* iv, int32_t typmod) {
  if (typmod < 0) return;
  int range = IntervalTypmodRange(typmod);
  int precision = IntervalTypmodPrecision(typmod);
  auto trunc_time = [iv](int64_t unit) { iv->time = (iv->time / unit) * unit; };
  switch (range) {
    case kIntervalYear:
      iv->month = (iv->month / kMonthsPerYear) * kMonthsPerYear;
      iv->day = 0;
      iv->time = 0;
      break;
    case kIntervalMonth:
    case kIntervalYear | kIntervalMonth:
      iv->day = 0;
      iv->time = 0;
      break;
    case kIntervalDay:
      iv->time = 0;
      break;
    case kIntervalHour:
    case kIntervalDay | kIntervalHour:
      trunc_time(kUsecsPerHour);
      break;
    case kIntervalMinute:
    case kIntervalDay | kIntervalHour | kIntervalMinute:
    case kIntervalHour | kIntervalMinute:
      trunc_time(kUsecsPerMinute);
      break;
    default:
      break;
  }
  if (precision != kIntervalFullPrecision) {
    if (precision < 0 || precision > 6) {
      throw MakeError(errcode::kInvalidParameterValue,
                      "interval({}) precision must be between {} and {}", precision, 0, 6);
    }
    iv->time = RoundToPrecision(iv->time, precision);
  }
}

Interval ParseInterval(std::string_view text, int32_t typmod) {
  int range = IntervalTypmodRange(typmod);
  std::vector<Field> fields;
  ItmIn itm;
  DtError err = DtError::kBadFormat;
  if (dt::TokenizeDateTime(text, &fields)) err = DecodeInterval(fields, range, &itm);
  if (err == DtError::kBadFormat) err = DecodeIsoInterval(std::string(text), &itm);
  if (err == DtError::kFieldOverflow) err = DtError::kIntervalOverflow;
  if (err == DtError::kIntervalOverflow) {
    throw MakeError(errcode::kIntervalFieldOverflow, "interval field value out of range: \"{}\"",
                    text);
  }
  if (err != DtError::kNone) {
    throw MakeError(errcode::kInvalidDatetimeFormat,
                    "invalid input syntax for type interval: \"{}\"", text);
  }
  Interval iv;
  int32_t months;
  if (__builtin_mul_overflow(itm.year, kMonthsPerYear, &months) ||
      __builtin_add_overflow(months, itm.mon, &months)) {
    throw Error(errcode::kDatetimeValueOutOfRange, "interval out of range");
  }
  iv.month = months;
  iv.day = itm.day;
  iv.time = itm.usec;
  AdjustIntervalForTypmod(&iv, typmod);
  return iv;
}

}  // namespace hyrax::executor
