// to_date / to_timestamp parsing (PostgreSQL's DCH_from_char and do_to_timestamp): the
// template is walked over the input, each keyword reading its field (a fixed number of
// digits unless FM is given or a non-digit follows in the template, or one of a list of
// names); separators and spaces match loosely unless FX is given. The collected fields are
// then combined (12-hour clock, century + partial year, ISO week dates, day of year, Julian
// day) and range-checked. See to_char.h.
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "common/error.h"
#include "executor/types/calendar.h"
#include "executor/types/format_template.h"
#include "executor/types/iso_week.h"
#include "executor/types/multibyte.h"
#include "executor/types/to_char.h"

namespace hyrax::executor {

namespace {

// Fields read from the input; 0 means "not given" (PostgreSQL's TmFromChar).
struct FromCharFields {
  DateMode mode = DateMode::kNone;
  int hh = 0, pm = 0, mi = 0, ss = 0, ssss = 0, d = 0, dd = 0, ddd = 0, mm = 0, ms = 0;
  int year = 0, bc = 0, ww = 0, w = 0, cc = 0, j = 0, us = 0, yysz = 0;
  bool clock12 = false;
  int tzsign = 0, tzh = 0, tzm = 0, ff = 0;
};

const char* const kMonthsShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",  "Jul",
                                    "Aug", "Sep", "Oct", "Nov", "Dec", nullptr};
const char* const kMonthsFull[] = {"January",  "February", "March",  "April",     "May",
                                   "June",     "July",     "August", "September", "October",
                                   "November", "December", nullptr};
const char* const kDaysFull[] = {"Sunday",   "Monday", "Tuesday",  "Wednesday",
                                 "Thursday", "Friday", "Saturday", nullptr};
const char* const kDaysShort[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", nullptr};
const char* const kAmPm[] = {"am", "pm", "AM", "PM", nullptr};
const char* const kAmPmLong[] = {"a.m.", "p.m.", "A.M.", "P.M.", nullptr};
const char* const kAdBc[] = {"ad", "bc", "AD", "BC", nullptr};
const char* const kAdBcLong[] = {"a.d.", "b.c.", "A.D.", "B.C.", nullptr};
const char* const kRomanMonths[] = {"xii", "xi", "x",   "ix", "viii", "vii",  "vi",
                                    "v",   "iv", "iii", "ii", "i",    nullptr};

char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool IsSeparator(char c) {
  return c > 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
         !(c >= '0' && c <= '9');
}

class DateTimeParser {
 public:
  DateTimeParser(std::string_view input, const std::vector<FormatNode>& nodes)
      : text_(input), nodes_(nodes) {}

  FromCharFields Run() {
    // A C string: the input ends at its first NUL, like PostgreSQL's.
    const char* s = text_.c_str();
    int extra_skip = 0;
    for (size_t i = 0; i < nodes_.size() && *s != '\0'; ++i) {
      const FormatNode& n = nodes_[i];
      bool is_fx =
          n.type == FormatNode::Type::kAction && static_cast<DchKey>(n.key->id) == DchKey::kFX;
      if (!fx_mode_ && !is_fx && (n.type == FormatNode::Type::kAction || i == 0)) {
        while (*s != '\0' && IsSpace(*s)) {
          ++s;
          ++extra_skip;
        }
      }
      if (n.type == FormatNode::Type::kSpace || n.type == FormatNode::Type::kSeparator) {
        if (!fx_mode_) {
          --extra_skip;
          if (IsSpace(*s) || IsSeparator(*s)) {
            ++s;
            ++extra_skip;
          }
        } else {
          s += Utf8CharLen(static_cast<unsigned char>(*s));
        }
        continue;
      }
      if (n.type != FormatNode::Type::kAction) {
        if (!fx_mode_ && extra_skip > 0) {
          --extra_skip;
        } else {
          s += Utf8CharLen(static_cast<unsigned char>(*s));
        }
        continue;
      }
      SetMode(n.key->mode);
      ReadField(i, &s, extra_skip);
      if (!fx_mode_) {
        extra_skip = 0;
        while (*s != '\0' && IsSpace(*s)) {
          ++s;
          ++extra_skip;
        }
      }
    }
    return f_;
  }

 private:
  void SetMode(DateMode mode) {
    if (mode == DateMode::kNone) return;
    if (f_.mode == DateMode::kNone) {
      f_.mode = mode;
    } else if (f_.mode != mode) {
      throw Error(errcode::kInvalidDatetimeFormat, "invalid combination of date conventions")
          .Hint("Do not mix Gregorian and ISO week date conventions in a formatting template.");
    }
  }

  static void SetInt(int* dest, int value, const FormatNode& n) {
    if (*dest != 0 && *dest != value) {
      throw MakeError(errcode::kInvalidDatetimeFormat,
                      "conflicting values for \"{}\" field in formatting string", n.key->name)
          .Detail("This value contradicts a previous setting for the same field type.");
    }
    *dest = value;
  }

  // Whether the field after node i cannot start with a digit (so this one may read freely).
  bool NextIsSeparator(size_t i) const {
    const FormatNode& n = nodes_[i];
    if (n.suffix & (kSuffixThUpper | kSuffixThLower)) return true;
    if (i + 1 >= nodes_.size()) return true;
    const FormatNode& next = nodes_[i + 1];
    if (next.type == FormatNode::Type::kAction) return !next.key->is_digit;
    if (next.text.size() == 1 && next.text[0] >= '0' && next.text[0] <= '9') return false;
    return true;
  }

  // Reads an integer field of `len` characters (or as many digits as there are, see
  // NextIsSeparator); stores it in *dest when given. Returns the characters consumed.
  int ParseInt(int* dest, int len, const char** src, size_t i) {
    const FormatNode& n = nodes_[i];
    *src += std::strspn(*src, " ");
    const char* init = *src;
    std::string copy(init, std::min(std::strlen(init), static_cast<size_t>(len)));
    long result;
    errno = 0;
    if ((n.suffix & kSuffixFM) || NextIsSeparator(i)) {
      char* end = nullptr;
      result = std::strtol(init, &end, 10);
      *src = end;
    } else {
      int available = static_cast<int>(std::strlen(init));
      if (available < len) {
        throw MakeError(errcode::kInvalidDatetimeFormat,
                        "source string too short for \"{}\" formatting field", n.key->name)
            .Detail(
                fmt::format("Field requires {} characters, but only {} remain.", len, available))
            .Hint("If your source string is not fixed-width, try using the \"FM\" modifier.");
      }
      char* last = nullptr;
      result = std::strtol(copy.c_str(), &last, 10);
      int used = static_cast<int>(last - copy.c_str());
      if (used > 0 && used < len) {
        throw MakeError(errcode::kInvalidDatetimeFormat, "invalid value \"{}\" for \"{}\"", copy,
                        n.key->name)
            .Detail(fmt::format("Field requires {} characters, but only {} could be parsed.", len,
                                used))
            .Hint("If your source string is not fixed-width, try using the \"FM\" modifier.");
      }
      *src += used;
    }
    if (*src == init) {
      throw MakeError(errcode::kInvalidDatetimeFormat, "invalid value \"{}\" for \"{}\"", copy,
                      n.key->name)
          .Detail("Value must be an integer.");
    }
    if (errno == ERANGE || result < INT_MIN || result > INT_MAX) {
      throw MakeError(errcode::kDatetimeFieldOverflow,
                      "value for \"{}\" in source string is out of range", n.key->name)
          .Detail(fmt::format("Value must be in the range {} to {}.", INT_MIN, INT_MAX));
    }
    if (dest != nullptr) SetInt(dest, static_cast<int>(result), n);
    return static_cast<int>(*src - init);
  }
  int ParseInt(int* dest, const char** src, size_t i) {
    return ParseInt(dest, nodes_[i].key->len, src, i);
  }

  // Matches one of `names` (ASCII case-insensitively, first match wins) at *src.
  int SearchNames(const char* const* names, const char** src, size_t i) {
    const char* s = *src;
    if (*s != '\0') {
      for (int k = 0; names[k] != nullptr; ++k) {
        const char* p = names[k];
        if (AsciiLower(*p) != AsciiLower(*s)) continue;
        const char* q = s + 1;
        for (++p;; ++p, ++q) {
          if (*p == '\0') {
            *src = q;
            return k;
          }
          if (*q == '\0' || AsciiLower(*p) != AsciiLower(*q)) break;
        }
      }
    }
    std::string word(s);
    for (size_t k = 0; k < word.size(); ++k) {
      if (IsSpace(word[k])) {
        word.resize(k);
        break;
      }
    }
    throw MakeError(errcode::kInvalidDatetimeFormat, "invalid value \"{}\" for \"{}\"", word,
                    nodes_[i].key->name)
        .Detail("The given value did not match any of the allowed values for this field.");
  }

  void SkipTh(const char** s, uint8_t suffix) {
    if ((suffix & (kSuffixThUpper | kSuffixThLower)) == 0) return;
    for (int k = 0; k < 2 && **s != '\0'; ++k) *s += Utf8CharLen(static_cast<unsigned char>(**s));
  }

  void ReadField(size_t i, const char** s, int extra_skip) {
    const FormatNode& n = nodes_[i];
    auto key = static_cast<DchKey>(n.key->id);
    switch (key) {
      case DchKey::kFX:
        fx_mode_ = true;
        break;
      case DchKey::kAMDots:
      case DchKey::kPMDots:
      case DchKey::kamDots:
      case DchKey::kpmDots:
        SetInt(&f_.pm, SearchNames(kAmPmLong, s, i) % 2, n);
        f_.clock12 = true;
        break;
      case DchKey::kAM:
      case DchKey::kPM:
      case DchKey::kam:
      case DchKey::kpm:
        SetInt(&f_.pm, SearchNames(kAmPm, s, i) % 2, n);
        f_.clock12 = true;
        break;
      case DchKey::kHH:
      case DchKey::kHH12:
        ParseInt(&f_.hh, 2, s, i);
        f_.clock12 = true;
        SkipTh(s, n.suffix);
        break;
      case DchKey::kHH24:
        ParseInt(&f_.hh, 2, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kMI:
        ParseInt(&f_.mi, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kSS:
        ParseInt(&f_.ss, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kMS: {
        int len = ParseInt(&f_.ms, 3, s, i);
        f_.ms *= len == 1 ? 100 : len == 2 ? 10 : 1;
        SkipTh(s, n.suffix);
        break;
      }
      case DchKey::kFF1:
      case DchKey::kFF2:
      case DchKey::kFF3:
      case DchKey::kFF4:
      case DchKey::kFF5:
      case DchKey::kFF6:
      case DchKey::kUS: {
        if (key != DchKey::kUS) f_.ff = static_cast<int>(key) - static_cast<int>(DchKey::kFF1) + 1;
        int len = ParseInt(&f_.us, key == DchKey::kUS ? 6 : f_.ff, s, i);
        static const int kScale[] = {1, 100000, 10000, 1000, 100, 10, 1};
        f_.us *= len >= 1 && len <= 6 ? kScale[len] : 1;
        SkipTh(s, n.suffix);
        break;
      }
      case DchKey::kSSSS:
      case DchKey::kSSSSS:
        ParseInt(&f_.ssss, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kTZ:
      case DchKey::ktz:
      case DchKey::kOF:
        throw MakeError(errcode::kFeatureNotSupported,
                        "formatting field \"{}\" is only supported in to_char", n.key->name);
      case DchKey::kTZH:
        // The sign may have been skipped as a separator: take it back from there.
        if (**s == '+' || **s == '-' || **s == ' ') {
          f_.tzsign = **s == '-' ? -1 : 1;
          ++*s;
        } else {
          f_.tzsign = extra_skip > 0 && *(*s - 1) == '-' ? -1 : 1;
        }
        ParseInt(&f_.tzh, 2, s, i);
        break;
      case DchKey::kTZM:
        if (f_.tzsign == 0) f_.tzsign = 1;
        ParseInt(&f_.tzm, 2, s, i);
        break;
      case DchKey::kADDots:
      case DchKey::kBCDots:
      case DchKey::kadDots:
      case DchKey::kbcDots:
        SetInt(&f_.bc, SearchNames(kAdBcLong, s, i) % 2, n);
        break;
      case DchKey::kAD:
      case DchKey::kBC:
      case DchKey::kad:
      case DchKey::kbc:
        SetInt(&f_.bc, SearchNames(kAdBc, s, i) % 2, n);
        break;
      case DchKey::kMONTH:
      case DchKey::kMonth:
      case DchKey::kmonth:
        SetInt(&f_.mm, SearchNames(kMonthsFull, s, i) + 1, n);
        break;
      case DchKey::kMON:
      case DchKey::kMon:
      case DchKey::kmon:
        SetInt(&f_.mm, SearchNames(kMonthsShort, s, i) + 1, n);
        break;
      case DchKey::kMM:
        ParseInt(&f_.mm, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kDAY:
      case DchKey::kDay:
      case DchKey::kday:
        SetInt(&f_.d, SearchNames(kDaysFull, s, i), n);
        ++f_.d;
        break;
      case DchKey::kDY:
      case DchKey::kDy:
      case DchKey::kdy:
        SetInt(&f_.d, SearchNames(kDaysShort, s, i), n);
        ++f_.d;
        break;
      case DchKey::kDDD:
        ParseInt(&f_.ddd, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kIDDD:
        ParseInt(&f_.ddd, 3, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kDD:
        ParseInt(&f_.dd, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kD:
        ParseInt(&f_.d, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kID:
        ParseInt(&f_.d, 1, s, i);
        if (++f_.d > 7) f_.d = 1;  // ISO Monday = 1 becomes Sunday = 1 numbering
        SkipTh(s, n.suffix);
        break;
      case DchKey::kWW:
      case DchKey::kIW:
        ParseInt(&f_.ww, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kQ:
        ParseInt(nullptr, s, i);  // accepted, not used
        SkipTh(s, n.suffix);
        break;
      case DchKey::kCC:
        ParseInt(&f_.cc, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kY_YYY: {
        int millennia = 0, years = 0, consumed = 0;
        if (std::sscanf(*s, "%d,%03d%n", &millennia, &years, &consumed) < 2) {
          throw Error(errcode::kInvalidDatetimeFormat, "invalid input string for \"Y,YYY\"");
        }
        SetInt(&f_.year, years + millennia * 1000, n);
        f_.yysz = 4;
        *s += consumed;
        SkipTh(s, n.suffix);
        break;
      }
      case DchKey::kYYYY:
      case DchKey::kIYYY:
        ParseInt(&f_.year, s, i);
        f_.yysz = 4;
        SkipTh(s, n.suffix);
        break;
      case DchKey::kYYY:
      case DchKey::kIYY:
      case DchKey::kYY:
      case DchKey::kIY:
      case DchKey::kY:
      case DchKey::kI: {
        if (ParseInt(&f_.year, s, i) < 4) f_.year = AdjustPartialYear(f_.year);
        f_.yysz = n.key->len;  // YYY/IYY 3, YY/IY 2, Y/I 1
        SkipTh(s, n.suffix);
        break;
      }
      case DchKey::kRM:
      case DchKey::krm:
        SetInt(&f_.mm, 12 - SearchNames(kRomanMonths, s, i), n);
        break;
      case DchKey::kW:
        ParseInt(&f_.w, s, i);
        SkipTh(s, n.suffix);
        break;
      case DchKey::kJ:
        ParseInt(&f_.j, s, i);
        SkipTh(s, n.suffix);
        break;
      default:
        break;
    }
  }

  // Two- and three-digit years are taken to be near 2020 ('70' is 1970, '69' is 2069).
  static int AdjustPartialYear(int year) {
    if (year < 70) return year + 2000;
    if (year < 100) return year + 1900;
    if (year < 520) return year + 2000;
    if (year < 1000) return year + 1000;
    return year;
  }

  std::string text_;
  const std::vector<FormatNode>& nodes_;
  FromCharFields f_;
  bool fx_mode_ = false;
};

[[noreturn]] void ThrowFieldOverflow(std::string_view input) {
  throw MakeError(errcode::kDatetimeFieldOverflow, "date/time field value out of range: \"{}\"",
                  input);
}

}  // namespace

ParsedDateTime ParseDateTimeWithTemplate(std::string_view input, std::string_view format) {
  ParsedDateTime out;
  PgTm& tm = out.tm;
  tm.year = 0;
  tm.mon = 1;
  tm.mday = 1;
  FromCharFields f;
  std::vector<FormatNode> nodes;
  if (!format.empty()) {
    nodes = ParseDateTimeTemplate(format);
    f = DateTimeParser(input, nodes).Run();
  }
  if (f.ssss) {
    tm.hour = f.ssss / 3600;
    tm.min = f.ssss % 3600 / 60;
    tm.sec = f.ssss % 60;
  }
  if (f.ss) tm.sec = f.ss;
  if (f.mi) tm.min = f.mi;
  if (f.hh) tm.hour = f.hh;
  if (f.clock12) {
    if (tm.hour < 1 || tm.hour > 12) {
      throw MakeError(errcode::kInvalidDatetimeFormat,
                      "hour \"{}\" is invalid for the 12-hour clock", tm.hour)
          .Hint("Use the 24-hour clock, or give an hour between 1 and 12.");
    }
    if (f.pm && tm.hour < 12) {
      tm.hour += 12;
    } else if (!f.pm && tm.hour == 12) {
      tm.hour = 0;
    }
  }
  bool have_year = false, have_month = false, have_day = false;
  if (f.year) {
    if (f.cc && f.yysz <= 2) {
      // CC with a 2-digit year: the year within that century (21st = 2001..2100).
      if (f.bc) f.cc = -f.cc;
      tm.year = f.year % 100;
      if (tm.year) {
        tm.year = f.cc >= 0 ? tm.year + (f.cc - 1) * 100 : (f.cc + 1) * 100 - tm.year + 1;
      } else {
        tm.year = f.cc * 100 + (f.cc >= 0 ? 0 : 1);
      }
    } else {
      tm.year = f.year;
      if (f.bc) tm.year = -tm.year;
      if (tm.year < 0) ++tm.year;  // astronomical numbering: 1 BC is year 0
    }
    have_year = true;
  } else if (f.cc) {
    if (f.bc) f.cc = -f.cc;
    tm.year = f.cc >= 0 ? (f.cc - 1) * 100 + 1 : f.cc * 100 + 1;
    have_year = true;
  }
  if (f.j) {
    JulianToDate(f.j, &tm.year, &tm.mon, &tm.mday);
    have_year = have_month = have_day = true;
  }
  if (f.ww) {
    if (f.mode == DateMode::kIsoWeek) {
      if (f.d) {
        IsoWeekDateToDate(f.ww, f.d, &tm.year, &tm.mon, &tm.mday);
      } else {
        JulianToDate(IsoWeekToJulian(tm.year, f.ww), &tm.year, &tm.mon, &tm.mday);
      }
      have_year = have_month = have_day = true;
    } else {
      f.ddd = (f.ww - 1) * 7 + 1;
    }
  }
  if (f.w) f.dd = (f.w - 1) * 7 + 1;
  if (f.dd) {
    tm.mday = f.dd;
    have_day = true;
  }
  if (f.mm) {
    tm.mon = f.mm;
    have_month = true;
  }
  if (f.ddd && (tm.mon <= 1 || tm.mday <= 1)) {
    if (!tm.year && !f.bc) {
      throw Error(errcode::kInvalidDatetimeFormat,
                  "cannot calculate day of year without year information");
    }
    if (f.mode == DateMode::kIsoWeek) {
      int64_t j0 = IsoWeekToJulian(tm.year, 1) - 1;
      JulianToDate(j0 + f.ddd, &tm.year, &tm.mon, &tm.mday);
      have_year = have_month = have_day = true;
    } else {
      static const int kYearSums[2][13] = {
          {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
          {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
      const int* sums = kYearSums[IsLeapYear(tm.year) ? 1 : 0];
      int m = 1;
      while (m <= 12 && f.ddd > sums[m]) ++m;
      if (tm.mon <= 1) tm.mon = m;
      if (tm.mday <= 1) tm.mday = f.ddd - sums[m - 1];
      have_month = have_day = true;
    }
  }
  out.fsec = static_cast<int64_t>(f.ms) * 1000 + f.us;
  out.fprec = f.ff;
  if (have_month && (tm.mon < 1 || tm.mon > 12)) ThrowFieldOverflow(input);
  if (have_day && (tm.mday < 1 || tm.mday > 31)) ThrowFieldOverflow(input);
  if (have_year && have_month && have_day && tm.mday > DaysInMonth(tm.year, tm.mon)) {
    ThrowFieldOverflow(input);
  }
  if (tm.hour < 0 || tm.hour >= 24 || tm.min < 0 || tm.min >= 60 || tm.sec < 0 || tm.sec >= 60 ||
      out.fsec < 0 || out.fsec >= 1000000) {
    ThrowFieldOverflow(input);
  }
  tm.usec = out.fsec;
  if (f.tzsign) {
    if (f.tzh < 0 || f.tzh > 15 || f.tzm < 0 || f.tzm >= 60) {
      throw MakeError(errcode::kInvalidTimeZoneDisplacementValue,
                      "time zone displacement out of range: \"{}\"", input);
    }
    out.has_tz = true;
    out.tz_offset = f.tzsign * (f.tzh * 3600 + f.tzm * 60);
  }
  return out;
}

}  // namespace hyrax::executor
