// Date/time field tokenizer and per-field decoders (see datetime_fields.h). The rules are
// PostgreSQL's (datetime.c); comments name the PostgreSQL routine each one follows.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include "executor/types/datetime_fields.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor::dt {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
char Lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// strtol limited to int, as PostgreSQL's strtoint; *overflow on out-of-range.
int StrToInt(const char* s, const char** end, bool* overflow) {
  errno = 0;
  char* e = nullptr;
  long v = std::strtol(s, &e, 10);
  *end = e;
  *overflow = errno == ERANGE || v < INT_MIN || v > INT_MAX;
  return static_cast<int>(v);
}

// ".123" -> microseconds (PostgreSQL's ParseFractionalSecond).
DtError ParseFraction(const char* cp, int64_t* usec) {
  char* end = nullptr;
  double frac = std::strtod(cp, &end);
  if (*end != '\0') return DtError::kBadFormat;
  *usec = static_cast<int64_t>(std::rint(frac * 1000000));
  return DtError::kNone;
}

struct KeywordEntry {
  const char* word;
  KeywordType type;
  int value;
};

// PostgreSQL's datetktbl (sorted by word).
constexpr KeywordEntry kKeywords[] = {
    {"-infinity", KeywordType::kReserved, kEarly},
    {"ad", KeywordType::kAdBc, 0},
    {"allballs", KeywordType::kReserved, kZulu},
    {"am", KeywordType::kAmPm, 0},
    {"apr", KeywordType::kMonth, 4},
    {"april", KeywordType::kMonth, 4},
    {"at", KeywordType::kIgnore, 0},
    {"aug", KeywordType::kMonth, 8},
    {"august", KeywordType::kMonth, 8},
    {"bc", KeywordType::kAdBc, 1},
    {"d", KeywordType::kUnits, 'd'},
    {"dec", KeywordType::kMonth, 12},
    {"december", KeywordType::kMonth, 12},
    {"dst", KeywordType::kDtzMod, 3600},
    {"epoch", KeywordType::kReserved, kEpoch},
    {"feb", KeywordType::kMonth, 2},
    {"february", KeywordType::kMonth, 2},
    {"fri", KeywordType::kDow, 5},
    {"friday", KeywordType::kDow, 5},
    {"h", KeywordType::kUnits, 'h'},
    {"infinity", KeywordType::kReserved, kLate},
    {"j", KeywordType::kUnits, 'j'},
    {"jan", KeywordType::kMonth, 1},
    {"january", KeywordType::kMonth, 1},
    {"jd", KeywordType::kUnits, 'j'},
    {"jul", KeywordType::kMonth, 7},
    {"julian", KeywordType::kUnits, 'j'},
    {"july", KeywordType::kMonth, 7},
    {"jun", KeywordType::kMonth, 6},
    {"june", KeywordType::kMonth, 6},
    {"m", KeywordType::kUnits, 'm'},
    {"mar", KeywordType::kMonth, 3},
    {"march", KeywordType::kMonth, 3},
    {"may", KeywordType::kMonth, 5},
    {"mm", KeywordType::kUnits, 'n'},
    {"mon", KeywordType::kDow, 1},
    {"monday", KeywordType::kDow, 1},
    {"nov", KeywordType::kMonth, 11},
    {"november", KeywordType::kMonth, 11},
    {"now", KeywordType::kReserved, kNow},
    {"oct", KeywordType::kMonth, 10},
    {"october", KeywordType::kMonth, 10},
    {"on", KeywordType::kIgnore, 0},
    {"pm", KeywordType::kAmPm, 1},
    {"s", KeywordType::kUnits, 's'},
    {"sat", KeywordType::kDow, 6},
    {"saturday", KeywordType::kDow, 6},
    {"sep", KeywordType::kMonth, 9},
    {"sept", KeywordType::kMonth, 9},
    {"september", KeywordType::kMonth, 9},
    {"sun", KeywordType::kDow, 0},
    {"sunday", KeywordType::kDow, 0},
    {"t", KeywordType::kIsoTime, 0},
    {"thu", KeywordType::kDow, 4},
    {"thur", KeywordType::kDow, 4},
    {"thurs", KeywordType::kDow, 4},
    {"thursday", KeywordType::kDow, 4},
    {"today", KeywordType::kReserved, kToday},
    {"tomorrow", KeywordType::kReserved, kTomorrow},
    {"tue", KeywordType::kDow, 2},
    {"tues", KeywordType::kDow, 2},
    {"tuesday", KeywordType::kDow, 2},
    {"wed", KeywordType::kDow, 3},
    {"wednesday", KeywordType::kDow, 3},
    {"weds", KeywordType::kDow, 3},
    {"y", KeywordType::kUnits, 'y'},
    {"yesterday", KeywordType::kReserved, kYesterday},
};

}  // namespace

Keyword LookupDateKeyword(std::string_view word) {
  auto it = std::lower_bound(std::begin(kKeywords), std::end(kKeywords), word,
                             [](const KeywordEntry& e, std::string_view w) { return e.word < w; });
  if (it == std::end(kKeywords) || it->word != word) return {};
  return {it->type, it->value};
}

bool TokenizeDateTime(std::string_view text, std::vector<Field>* fields) {
  std::string s(text);
  const char* cp = s.c_str();
  while (*cp != '\0') {
    if (std::isspace(static_cast<unsigned char>(*cp))) {
      ++cp;
      continue;
    }
    Field f;
    if (IsDigit(*cp)) {
      while (IsDigit(*cp)) f.text += *cp++;
      if (*cp == ':') {
        f.type = FieldType::kTime;
        while (IsDigit(*cp) || *cp == ':' || *cp == '.') f.text += *cp++;
      } else if (*cp == '-' || *cp == '/' || *cp == '.') {
        char delim = *cp;
        f.text += *cp++;
        if (IsDigit(*cp)) {
          f.type = delim == '.' ? FieldType::kNumber : FieldType::kDate;
          while (IsDigit(*cp)) f.text += *cp++;
          if (*cp == delim) {
            f.type = FieldType::kDate;
            f.text += *cp++;
            while (IsDigit(*cp) || *cp == delim) f.text += *cp++;
          }
        } else {
          f.type = FieldType::kDate;
          while (IsAlnum(*cp) || *cp == delim) f.text += Lower(*cp++);
        }
      } else {
        f.type = FieldType::kNumber;
      }
    } else if (*cp == '.') {
      f.text += *cp++;
      while (IsDigit(*cp)) f.text += *cp++;
      f.type = FieldType::kNumber;
    } else if (IsAlpha(*cp)) {
      f.type = FieldType::kString;
      while (IsAlpha(*cp)) f.text += Lower(*cp++);
      // Embedded punctuation makes a date ("jan-01-2000") or a zone name
      // ("america/new_york", "etc/gmt+3"), unless the letters are a keyword.
      bool is_date = *cp == '-' || *cp == '/' || *cp == '.';
      if (!is_date && (*cp == '+' || IsDigit(*cp))) {
        is_date = LookupDateKeyword(f.text).type == KeywordType::kNone;
      }
      if (is_date) {
        f.type = FieldType::kDate;
        do {
          f.text += Lower(*cp++);
        } while (*cp == '+' || *cp == '-' || *cp == '/' || *cp == '_' || *cp == '.' || *cp == ':' ||
                 IsAlnum(*cp));
      }
    } else if (*cp == '+' || *cp == '-') {
      f.text += *cp++;
      while (std::isspace(static_cast<unsigned char>(*cp))) ++cp;
      if (IsDigit(*cp)) {
        f.type = FieldType::kTz;
        f.text += *cp++;
        while (IsDigit(*cp) || *cp == ':' || *cp == '.' || *cp == '-') f.text += *cp++;
      } else if (IsAlpha(*cp)) {
        f.type = FieldType::kSpecial;
        while (IsAlpha(*cp)) f.text += Lower(*cp++);
      } else {
        return false;
      }
    } else if (std::ispunct(static_cast<unsigned char>(*cp))) {
      ++cp;
      continue;
    } else {
      return false;
    }
    fields->push_back(std::move(f));
  }
  return true;
}

bool TimeOverflows(int hour, int min, int sec, int64_t usec) {
  if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60 || usec < 0 ||
      usec > kUsecsPerSec) {
    return true;
  }
  return ((int64_t{hour} * 60 + min) * 60 + sec) * kUsecsPerSec + usec > kUsecsPerDay;
}

// PostgreSQL's DecodeTime: hh:mm, hh:mm:ss, hh:mm:ss.fff, and mm:ss.fff.
DtError DecodeTime(std::string_view str, uint32_t* tmask, PgTm* tm) {
  std::string s(str);
  *tmask = kTimeMask;
  const char* cp;
  bool overflow;
  tm->hour = StrToInt(s.c_str(), &cp, &overflow);
  if (overflow) return DtError::kFieldOverflow;
  if (*cp != ':') return DtError::kBadFormat;
  tm->min = StrToInt(cp + 1, &cp, &overflow);
  if (overflow) return DtError::kFieldOverflow;
  tm->usec = 0;
  if (*cp == '\0') {
    tm->sec = 0;
  } else if (*cp == '.') {
    DtError err = ParseFraction(cp, &tm->usec);
    if (err != DtError::kNone) return err;
    tm->sec = tm->min;
    tm->min = tm->hour;
    tm->hour = 0;
  } else if (*cp == ':') {
    tm->sec = StrToInt(cp + 1, &cp, &overflow);
    if (overflow) return DtError::kFieldOverflow;
    if (*cp == '.') {
      DtError err = ParseFraction(cp, &tm->usec);
      if (err != DtError::kNone) return err;
    } else if (*cp != '\0') {
      return DtError::kBadFormat;
    }
  } else {
    return DtError::kBadFormat;
  }
  if (tm->hour < 0 || tm->min < 0 || tm->min > 59 || tm->sec < 0 || tm->sec > 60 || tm->usec < 0 ||
      tm->usec > kUsecsPerSec) {
    return DtError::kFieldOverflow;
  }
  return DtError::kNone;
}

// PostgreSQL's DecodeTimezone: +hh, +hhmm, +hh:mm, +hh:mm:ss.
DtError DecodeTimezone(std::string_view str, int32_t* gmtoff) {
  std::string s(str);
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return DtError::kBadFormat;
  const char* cp;
  bool overflow;
  int hr = StrToInt(s.c_str() + 1, &cp, &overflow);
  if (overflow) return DtError::kTzDispOverflow;
  int min = 0, sec = 0;
  if (*cp == ':') {
    min = StrToInt(cp + 1, &cp, &overflow);
    if (overflow) return DtError::kTzDispOverflow;
    if (*cp == ':') {
      sec = StrToInt(cp + 1, &cp, &overflow);
      if (overflow) return DtError::kTzDispOverflow;
    }
  } else if (*cp == '\0' && s.size() > 3) {
    min = hr % 100;
    hr /= 100;
  }
  if (hr < 0 || hr > 15 || min < 0 || min >= 60 || sec < 0 || sec >= 60) {
    return DtError::kTzDispOverflow;
  }
  int32_t tz = (hr * 60 + min) * 60 + sec;
  *gmtoff = s[0] == '-' ? -tz : tz;
  return *cp == '\0' ? DtError::kNone : DtError::kBadFormat;
}

// PostgreSQL's DecodeNumberField: run-together yyyymmdd / hhmmss / hhmm (+ fraction).
DtError DecodeNumberField(std::string str, uint32_t fmask, uint32_t* tmask, PgTm* tm,
                          bool* is2digits) {
  size_t dot = str.find('.');
  if (dot != std::string::npos) {
    double frac = std::strtod(str.c_str() + dot, nullptr);
    tm->usec = static_cast<int64_t>(std::rint(frac * 1000000));
    str.resize(dot);
  } else if ((fmask & kDateMask) != kDateMask) {
    if (str.size() >= 6) {
      *tmask = kDateMask;
      size_t len = str.size();
      tm->mday = std::atoi(str.substr(len - 2).c_str());
      tm->mon = std::atoi(str.substr(len - 4, 2).c_str());
      tm->year = std::atoi(str.substr(0, len - 4).c_str());
      if (len - 4 == 2) *is2digits = true;
      return DtError::kNone;
    }
  }
  if ((fmask & kTimeMask) != kTimeMask) {
    if (str.size() == 6) {
      *tmask = kTimeMask;
      tm->sec = std::atoi(str.substr(4).c_str());
      tm->min = std::atoi(str.substr(2, 2).c_str());
      tm->hour = std::atoi(str.substr(0, 2).c_str());
      return DtError::kNone;
    }
    if (str.size() == 4) {
      *tmask = kTimeMask;
      tm->sec = 0;
      tm->min = std::atoi(str.substr(2).c_str());
      tm->hour = std::atoi(str.substr(0, 2).c_str());
      return DtError::kNone;
    }
  }
  return DtError::kBadFormat;
}

// PostgreSQL's DecodeNumber: one numeric date field, placed by DateStyle's field order.
DtError DecodeNumber(std::string_view str, bool have_text_month, uint32_t fmask, uint32_t* tmask,
                     PgTm* tm, bool* is2digits) {
  std::string s(str);
  size_t flen = s.size();
  *tmask = 0;
  const char* cp;
  bool overflow;
  int val = StrToInt(s.c_str(), &cp, &overflow);
  if (overflow) return DtError::kFieldOverflow;
  if (cp == s.c_str()) return DtError::kBadFormat;
  if (*cp == '.') {
    if (cp - s.c_str() > 2) return DecodeNumberField(s, fmask | kDateMask, tmask, tm, is2digits);
    DtError err = ParseFraction(cp, &tm->usec);
    if (err != DtError::kNone) return err;
  } else if (*cp != '\0') {
    return DtError::kBadFormat;
  }
  if (flen == 3 && (fmask & kDateMask) == kMaskYear && val >= 1 && val <= 366) {
    *tmask = kMaskDoy | kMaskMonth | kMaskDay;
    tm->yday = val;
    return DtError::kNone;
  }
  switch (fmask & kDateMask) {
    case 0:
      if (flen >= 3 || g_date_order == DateOrder::kYmd) {
        *tmask = kMaskYear;
        tm->year = val;
      } else if (g_date_order == DateOrder::kDmy) {
        *tmask = kMaskDay;
        tm->mday = val;
      } else {
        *tmask = kMaskMonth;
        tm->mon = val;
      }
      break;
    case kMaskYear:
      *tmask = kMaskMonth;
      tm->mon = val;
      break;
    case kMaskMonth:
      if (have_text_month && (flen >= 3 || g_date_order == DateOrder::kYmd)) {
        *tmask = kMaskYear;
        tm->year = val;
      } else {
        *tmask = kMaskDay;
        tm->mday = val;
      }
      break;
    case kMaskYear | kMaskMonth:
      if (have_text_month && flen >= 3 && *is2digits) {
        // The first number was the day after all: DD-MON-YYYY.
        *tmask = kMaskDay;
        tm->mday = tm->year;
        tm->year = val;
        *is2digits = false;
      } else {
        *tmask = kMaskDay;
        tm->mday = val;
      }
      break;
    case kMaskDay:
      *tmask = kMaskMonth;
      tm->mon = val;
      break;
    case kMaskMonth | kMaskDay:
      *tmask = kMaskYear;
      tm->year = val;
      break;
    case kDateMask:
      return DecodeNumberField(s, fmask, tmask, tm, is2digits);
    default:
      return DtError::kBadFormat;
  }
  if (*tmask == kMaskYear) *is2digits = flen <= 2;
  return DtError::kNone;
}

// PostgreSQL's DecodeDate: a date field with embedded separators, textual month first.
DtError DecodeDate(std::string_view str, uint32_t fmask, uint32_t* tmask, bool* is2digits,
                   PgTm* tm) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < str.size()) {
    while (i < str.size() && !IsAlnum(str[i])) ++i;
    if (i >= str.size()) return DtError::kBadFormat;
    size_t start = i;
    if (IsDigit(str[i])) {
      while (i < str.size() && IsDigit(str[i])) ++i;
    } else {
      while (i < str.size() && IsAlpha(str[i])) ++i;
    }
    parts.emplace_back(str.substr(start, i - start));
    if (i < str.size()) ++i;  // drop one separator
  }
  *tmask = 0;
  bool have_text_month = false;
  std::vector<bool> done(parts.size(), false);
  for (size_t k = 0; k < parts.size(); ++k) {
    if (!IsAlpha(parts[k][0])) continue;
    Keyword kw = LookupDateKeyword(parts[k]);
    if (kw.type == KeywordType::kIgnore) continue;
    if (kw.type != KeywordType::kMonth) return DtError::kBadFormat;
    if (fmask & kMaskMonth) return DtError::kBadFormat;
    tm->mon = kw.value;
    have_text_month = true;
    fmask |= kMaskMonth;
    *tmask |= kMaskMonth;
    done[k] = true;
  }
  for (size_t k = 0; k < parts.size(); ++k) {
    if (done[k] || IsAlpha(parts[k][0])) continue;
    uint32_t dmask = 0;
    DtError err = DecodeNumber(parts[k], have_text_month, fmask, &dmask, tm, is2digits);
    if (err != DtError::kNone) return err;
    if (fmask & dmask) return DtError::kBadFormat;
    fmask |= dmask;
    *tmask |= dmask;
  }
  if ((fmask & ~(kMaskDoy | kMaskTz)) != kDateMask) return DtError::kBadFormat;
  return DtError::kNone;
}

// PostgreSQL's ValidateDate: BC and two-digit years, day-of-year, month/day ranges.
DtError ValidateDate(uint32_t fmask, bool is_julian, bool is2digits, bool bc, PgTm* tm) {
  if (fmask & kDateMask) {
    if (is_julian) {
      // already set from the Julian day
    } else if (bc) {
      if (tm->year <= 0) return DtError::kFieldOverflow;
      tm->year = -(tm->year - 1);
    } else if (is2digits) {
      if (tm->year < 0) return DtError::kFieldOverflow;
      if (tm->year < 70) {
        tm->year += 2000;
      } else if (tm->year < 100) {
        tm->year += 1900;
      }
    } else if (tm->year <= 0) {
      return DtError::kFieldOverflow;
    }
  }
  if (fmask & kMaskDoy) {
    JulianToDate(DateToJulian(tm->year, 1, 1) + tm->yday - 1, &tm->year, &tm->mon, &tm->mday);
  }
  if ((fmask & kMaskMonth) && (tm->mon < 1 || tm->mon > 12)) return DtError::kMdFieldOverflow;
  if ((fmask & kMaskDay) && (tm->mday < 1 || tm->mday > 31)) return DtError::kMdFieldOverflow;
  if ((fmask & kDateMask) == kDateMask && tm->mday > DaysInMonth(tm->year, tm->mon)) {
    return DtError::kFieldOverflow;
  }
  return DtError::kNone;
}

}  // namespace hyrax::executor::dt
