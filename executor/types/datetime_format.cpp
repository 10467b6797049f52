// Date/time output formatting (see datetime_format.h), after PostgreSQL's EncodeDateOnly,
// EncodeTimeOnly, EncodeDateTime and EncodeInterval.
#include "executor/types/datetime_format.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace hyrax::executor {

const char* const kMonthNames[12] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
const char* const kMonthAbbrevs[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kDayNames[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                  "Thursday", "Friday", "Saturday"};
const char* const kDayAbbrevs[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

namespace {

std::string Format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Format(const char* fmt, ...) {
  char buf[128];
  va_list args;
  va_start(args, fmt);
  int n = std::vsnprintf(buf, sizeof(buf), fmt, args);
  va_end(args);
  return std::string(buf, n < 0 ? 0 : std::min<size_t>(n, sizeof(buf) - 1));
}

// The year as written (no year zero: 1 BC is year 0 internally).
int DisplayYear(int year) {
  return year > 0 ? year : -(year - 1);
}

// Seconds with the fractional part, trailing zeros trimmed (PostgreSQL's AppendSeconds).
std::string Seconds(int sec, int64_t usec, bool fill_zeros) {
  std::string out = fill_zeros ? Format("%02d", std::abs(sec)) : Format("%d", std::abs(sec));
  if (usec != 0) {
    std::string frac = Format("%06lld", static_cast<long long>(std::llabs(usec)));
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

std::string ZoneText(const PgTm& tm, DateStyle style) {
  if (tm.zone != nullptr) return std::string(" ") + tm.zone;
  return (style == DateStyle::kPostgres ? " " : "") + EncodeTimezoneOffset(tm.gmtoff);
}

}  // namespace

std::string EncodeTimezoneOffset(int32_t gmtoff) {
  int total = std::abs(gmtoff);
  int hour = total / 3600;
  int min = total / 60 % 60;
  int sec = total % 60;
  char sign = gmtoff >= 0 ? '+' : '-';
  if (sec != 0) return Format("%c%02d:%02d:%02d", sign, hour, min, sec);
  if (min != 0) return Format("%c%02d:%02d", sign, hour, min);
  return Format("%c%02d", sign, hour);
}

std::string EncodeDateOnly(const PgTm& tm, DateStyle style, DateOrder order) {
  int year = DisplayYear(tm.year);
  std::string out;
  switch (style) {
    case DateStyle::kIso:
      out = Format("%04d-%02d-%02d", year, tm.mon, tm.mday);
      break;
    case DateStyle::kSql:
      out = order == DateOrder::kDmy ? Format("%02d/%02d", tm.mday, tm.mon)
                                     : Format("%02d/%02d", tm.mon, tm.mday);
      out += Format("/%04d", year);
      break;
    case DateStyle::kGerman:
      out = Format("%02d.%02d.%04d", tm.mday, tm.mon, year);
      break;
    case DateStyle::kPostgres:
      out = order == DateOrder::kDmy ? Format("%02d-%02d", tm.mday, tm.mon)
                                     : Format("%02d-%02d", tm.mon, tm.mday);
      out += Format("-%04d", year);
      break;
  }
  if (tm.year <= 0) out += " BC";
  return out;
}

std::string EncodeTimeOnly(const PgTm& tm, const int32_t* gmtoff, DateStyle style) {
  std::string out = Format("%02d:%02d:", tm.hour, tm.min) + Seconds(tm.sec, tm.usec, true);
  if (gmtoff != nullptr) out += EncodeTimezoneOffset(*gmtoff);
  return out;
}

std::string EncodeDateTime(const PgTm& tm, bool with_tz, DateStyle style, DateOrder order) {
  int year = DisplayYear(tm.year);
  std::string time = Format("%02d:%02d:", tm.hour, tm.min) + Seconds(tm.sec, tm.usec, true);
  std::string out;
  switch (style) {
    case DateStyle::kIso:
      out = Format("%04d-%02d-%02d ", year, tm.mon, tm.mday) + time;
      if (with_tz) out += EncodeTimezoneOffset(tm.gmtoff);
      break;
    case DateStyle::kSql:
      out = order == DateOrder::kDmy ? Format("%02d/%02d", tm.mday, tm.mon)
                                     : Format("%02d/%02d", tm.mon, tm.mday);
      out += Format("/%04d ", year) + time;
      if (with_tz) out += ZoneText(tm, style);
      break;
    case DateStyle::kGerman:
      out = Format("%02d.%02d.%04d ", tm.mday, tm.mon, year) + time;
      if (with_tz) out += ZoneText(tm, style);
      break;
    case DateStyle::kPostgres: {
      int wday = JulianDayOfWeek(DateToJulian(tm.year, tm.mon, tm.mday));
      out = std::string(kDayAbbrevs[wday]) + " ";
      out += order == DateOrder::kDmy ? Format("%02d %3s", tm.mday, kMonthAbbrevs[tm.mon - 1])
                                      : Format("%3s %02d", kMonthAbbrevs[tm.mon - 1], tm.mday);
      out += " " + time + Format(" %04d", year);
      if (with_tz) out += ZoneText(tm, style);
      break;
    }
  }
  if (tm.year <= 0) out += " BC";
  return out;
}

IntervalTm IntervalToTm(const Interval& iv) {
  IntervalTm t;
  t.year = iv.month / kMonthsPerYear;
  t.mon = iv.month % kMonthsPerYear;
  t.day = iv.day;
  int64_t time = iv.time;
  t.hour = time / kUsecsPerHour;
  time -= t.hour * kUsecsPerHour;
  t.min = static_cast<int>(time / kUsecsPerMinute);
  time -= int64_t{t.min} * kUsecsPerMinute;
  t.sec = static_cast<int>(time / kUsecsPerSec);
  t.usec = static_cast<int>(time - int64_t{t.sec} * kUsecsPerSec);
  return t;
}

namespace {

void AddPostgresPart(std::string* out, int64_t value, const char* units, bool* is_zero,
                     bool* is_before) {
  if (value == 0) return;
  *out += Format("%s%s%lld %s%s", *is_zero ? "" : " ", (*is_before && value > 0) ? "+" : "",
                 static_cast<long long>(value), units, value != 1 ? "s" : "");
  *is_before = value < 0;
  *is_zero = false;
}

void AddVerbosePart(std::string* out, int64_t value, const char* units, bool* is_zero,
                    bool* is_before) {
  if (value == 0) return;
  if (*is_zero) {
    *is_before = value < 0;
    value = std::llabs(value);
  } else if (*is_before) {
    value = -value;
  }
  *out += Format(" %lld %s%s", static_cast<long long>(value), units, value == 1 ? "" : "s");
  *is_zero = false;
}

void AddIsoPart(std::string* out, int64_t value, char unit) {
  if (value != 0) *out += Format("%lld%c", static_cast<long long>(value), unit);
}

std::string EncodeSqlStandard(IntervalTm t) {
  bool has_negative =
      t.year < 0 || t.mon < 0 || t.day < 0 || t.hour < 0 || t.min < 0 || t.sec < 0 || t.usec < 0;
  bool has_positive =
      t.year > 0 || t.mon > 0 || t.day > 0 || t.hour > 0 || t.min > 0 || t.sec > 0 || t.usec > 0;
  bool has_year_month = t.year != 0 || t.mon != 0;
  bool has_day_time = t.day != 0 || t.hour != 0 || t.min != 0 || t.sec != 0 || t.usec != 0;
  bool standard = !(has_negative && has_positive) && !(has_year_month && has_day_time);
  std::string out;
  if (has_negative && standard) {
    out = "-";
    t.year = -t.year, t.mon = -t.mon, t.day = -t.day, t.hour = -t.hour;
    t.min = -t.min, t.sec = -t.sec, t.usec = -t.usec;
  }
  if (!has_negative && !has_positive) return "0";
  if (!standard) {
    char year_sign = (t.year < 0 || t.mon < 0) ? '-' : '+';
    char day_sign = t.day < 0 ? '-' : '+';
    char sec_sign = (t.hour < 0 || t.min < 0 || t.sec < 0 || t.usec < 0) ? '-' : '+';
    return out +
           Format("%c%d-%d %c%d %c%lld:%02d:", year_sign, std::abs(t.year), std::abs(t.mon),
                  day_sign, std::abs(t.day), sec_sign, static_cast<long long>(std::llabs(t.hour)),
                  std::abs(t.min)) +
           Seconds(t.sec, t.usec, true);
  }
  if (has_year_month) return out + Format("%d-%d", t.year, t.mon);
  if (t.day != 0) {
    return out + Format("%d %lld:%02d:", t.day, static_cast<long long>(t.hour), t.min) +
           Seconds(t.sec, t.usec, true);
  }
  return out + Format("%lld:%02d:", static_cast<long long>(t.hour), t.min) +
         Seconds(t.sec, t.usec, true);
}

}  // namespace

std::string EncodeInterval(const Interval& iv, IntervalStyle style) {
  IntervalTm t = IntervalToTm(iv);
  bool is_zero = true;
  bool is_before = false;
  std::string out;
  switch (style) {
    case IntervalStyle::kPostgres:
      AddPostgresPart(&out, t.year, "year", &is_zero, &is_before);
      AddPostgresPart(&out, t.mon, "mon", &is_zero, &is_before);
      AddPostgresPart(&out, t.day, "day", &is_zero, &is_before);
      if (is_zero || t.hour != 0 || t.min != 0 || t.sec != 0 || t.usec != 0) {
        bool minus = t.hour < 0 || t.min < 0 || t.sec < 0 || t.usec < 0;
        out += Format("%s%s%02lld:%02d:", is_zero ? "" : " ", minus ? "-" : (is_before ? "+" : ""),
                      static_cast<long long>(std::llabs(t.hour)), std::abs(t.min)) +
               Seconds(t.sec, t.usec, true);
      }
      return out;
    case IntervalStyle::kPostgresVerbose:
      out = "@";
      AddVerbosePart(&out, t.year, "year", &is_zero, &is_before);
      AddVerbosePart(&out, t.mon, "mon", &is_zero, &is_before);
      AddVerbosePart(&out, t.day, "day", &is_zero, &is_before);
      AddVerbosePart(&out, t.hour, "hour", &is_zero, &is_before);
      AddVerbosePart(&out, t.min, "min", &is_zero, &is_before);
      if (t.sec != 0 || t.usec != 0) {
        out += ' ';
        if (t.sec < 0 || (t.sec == 0 && t.usec < 0)) {
          if (is_zero) {
            is_before = true;
          } else if (!is_before) {
            out += '-';
          }
        } else if (is_before) {
          out += '-';
        }
        out += Seconds(t.sec, t.usec, false);
        out += Format(" sec%s", (std::abs(t.sec) != 1 || t.usec != 0) ? "s" : "");
        is_zero = false;
      }
      if (is_zero) out += " 0";
      if (is_before) out += " ago";
      return out;
    case IntervalStyle::kSqlStandard:
      return EncodeSqlStandard(t);
    case IntervalStyle::kIso8601:
      if (t.year == 0 && t.mon == 0 && t.day == 0 && t.hour == 0 && t.min == 0 && t.sec == 0 &&
          t.usec == 0) {
        return "PT0S";
      }
      out = "P";
      AddIsoPart(&out, t.year, 'Y');
      AddIsoPart(&out, t.mon, 'M');
      AddIsoPart(&out, t.day, 'D');
      if (t.hour != 0 || t.min != 0 || t.sec != 0 || t.usec != 0) out += 'T';
      AddIsoPart(&out, t.hour, 'H');
      AddIsoPart(&out, t.min, 'M');
      if (t.sec != 0 || t.usec != 0) {
        if (t.sec < 0 || t.usec < 0) out += '-';
        out += Seconds(t.sec, t.usec, false) + "S";
      }
      return out;
  }
  return out;
}

}  // namespace hyrax::executor
