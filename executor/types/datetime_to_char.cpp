// to_char for timestamps, timestamps with time zone and intervals (PostgreSQL's
// DCH_to_char): each keyword prints one field, zero-padded to its natural width unless FM is
// given, with an ordinal suffix for TH/th. Intervals print their own fields and reject the
// calendar-only keywords. See to_char.h.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "executor/types/datetime_format.h"
#include "executor/types/format_template.h"
#include "executor/types/iso_week.h"
#include "executor/types/to_char.h"

namespace hyrax::executor {

namespace {

const char* const kRomanMonthsUpper[] = {"XII", "XI", "X",  "IX",  "VIII", "VII",
                                         "VI",  "V",  "IV", "III", "II",   "I"};
const char* const kRomanMonthsLower[] = {"xii", "xi", "x",  "ix",  "viii", "vii",
                                         "vi",  "v",  "iv", "iii", "ii",   "i"};

std::string Printf(const char* fmt, long long width, long long value) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, static_cast<int>(width), value);
  return buf;
}

// "%0*lld": zero-padded to `width` (0 = no padding).
std::string Padded(int width, long long value) {
  return Printf("%0*lld", width, value);
}

// Appends "st"/"nd"/"rd"/"th" (upper case for TH) to a number string.
std::string WithOrdinal(std::string number, uint8_t suffix) {
  if ((suffix & (kSuffixThUpper | kSuffixThLower)) == 0) return number;
  if (number.empty() || number.back() < '0' || number.back() > '9') {
    throw MakeError(errcode::kInvalidTextRepresentation, "\"{}\" is not a number", number);
  }
  char last = number.back();
  if (number.size() > 1 && number[number.size() - 2] == '1') last = 0;
  const char* lower = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
  const char* upper = last == '1' ? "ST" : last == '2' ? "ND" : last == '3' ? "RD" : "TH";
  return number + ((suffix & kSuffixThUpper) ? upper : lower);
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}
std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// "%*s" with width -9 (left-justified to 9) unless FM.
std::string NameField(const std::string& name, bool fill_mode, int width = 9) {
  if (fill_mode || static_cast<int>(name.size()) >= width) return name;
  return name + std::string(static_cast<size_t>(width) - name.size(), ' ');
}

[[noreturn]] void ThrowInvalidForInterval() {
  throw Error(errcode::kInvalidDatetimeFormat, "invalid format specification for an interval value")
      .Hint("Intervals are not tied to specific calendar dates.");
}

class DateTimeFormatter {
 public:
  DateTimeFormatter(const ToCharFields& f, bool is_interval) : f_(f), is_interval_(is_interval) {}

  std::string Run(const std::vector<FormatNode>& nodes) {
    std::string out;
    for (const FormatNode& node : nodes) {
      if (node.type != FormatNode::Type::kAction) {
        out += node.text;
        continue;
      }
      out += Field(static_cast<DchKey>(node.key->id), node.suffix);
    }
    return out;
  }

 private:
  // Years print as positive BC years for timestamps; intervals keep their sign.
  int64_t AdjustYear(int64_t year) const {
    return is_interval_ ? year : (year <= 0 ? -(year - 1) : year);
  }
  void RejectForInterval() const {
    if (is_interval_) ThrowInvalidForInterval();
  }

  std::string Field(DchKey key, uint8_t suffix) {
    bool fm = (suffix & kSuffixFM) != 0;
    auto num = [&](int width, long long value) {
      return WithOrdinal(Padded(fm ? 0 : width, value), suffix);
    };
    int64_t year = f_.year;
    int64_t ayear = AdjustYear(year);
    switch (key) {
      case DchKey::kAMDots:
      case DchKey::kPMDots:
      case DchKey::kamDots:
      case DchKey::kpmDots:
      case DchKey::kAM:
      case DchKey::kPM:
      case DchKey::kam:
      case DchKey::kpm: {
        bool pm = f_.hour % 24 >= 12;
        bool dots = key == DchKey::kAMDots || key == DchKey::kPMDots || key == DchKey::kamDots ||
                    key == DchKey::kpmDots;
        bool lower = key == DchKey::kamDots || key == DchKey::kpmDots || key == DchKey::kam ||
                     key == DchKey::kpm;
        std::string s = dots ? (pm ? "P.M." : "A.M.") : (pm ? "PM" : "AM");
        return lower ? Lower(s) : s;
      }
      case DchKey::kADDots:
      case DchKey::kBCDots:
      case DchKey::kadDots:
      case DchKey::kbcDots:
      case DchKey::kAD:
      case DchKey::kBC:
      case DchKey::kad:
      case DchKey::kbc: {
        RejectForInterval();
        bool bc = year <= 0;
        bool dots = key == DchKey::kADDots || key == DchKey::kBCDots || key == DchKey::kadDots ||
                    key == DchKey::kbcDots;
        bool lower = key == DchKey::kadDots || key == DchKey::kbcDots || key == DchKey::kad ||
                     key == DchKey::kbc;
        std::string s = dots ? (bc ? "B.C." : "A.D.") : (bc ? "BC" : "AD");
        return lower ? Lower(s) : s;
      }
      case DchKey::kHH:
      case DchKey::kHH12: {
        int64_t h = f_.hour % 12 == 0 ? 12 : f_.hour % 12;
        return num(f_.hour >= 0 ? 2 : 3, h);
      }
      case DchKey::kHH24:
        return num(f_.hour >= 0 ? 2 : 3, f_.hour);
      case DchKey::kMI:
        return num(f_.min >= 0 ? 2 : 3, f_.min);
      case DchKey::kSS:
        return num(f_.sec >= 0 ? 2 : 3, f_.sec);
      case DchKey::kFF1:
        return WithOrdinal(Printf("%0*lld", 1, f_.fsec / 100000), suffix);
      case DchKey::kFF2:
        return WithOrdinal(Printf("%0*lld", 2, f_.fsec / 10000), suffix);
      case DchKey::kMS:
      case DchKey::kFF3:
        return WithOrdinal(Printf("%0*lld", 3, f_.fsec / 1000), suffix);
      case DchKey::kFF4:
        return WithOrdinal(Printf("%0*lld", 4, f_.fsec / 100), suffix);
      case DchKey::kFF5:
        return WithOrdinal(Printf("%0*lld", 5, f_.fsec / 10), suffix);
      case DchKey::kUS:
      case DchKey::kFF6:
        return WithOrdinal(Printf("%0*lld", 6, f_.fsec), suffix);
      case DchKey::kSSSS:
      case DchKey::kSSSSS:
        return WithOrdinal(std::to_string(f_.hour * 3600 + f_.min * 60 + f_.sec), suffix);
      case DchKey::kTZ:
      case DchKey::ktz:
        RejectForInterval();
        if (f_.tzn == nullptr) return "";
        return key == DchKey::kTZ ? Upper(f_.tzn) : Lower(f_.tzn);
      case DchKey::kTZH: {
        RejectForInterval();
        char buf[16];
        std::snprintf(buf, sizeof(buf), "%c%02d", f_.gmtoff >= 0 ? '+' : '-',
                      std::abs(f_.gmtoff) / 3600);
        return buf;
      }
      case DchKey::kTZM:
        RejectForInterval();
        return Padded(2, (std::abs(f_.gmtoff) % 3600) / 60);
      case DchKey::kOF: {
        RejectForInterval();
        int off = std::abs(f_.gmtoff);
        std::string s = std::string(1, f_.gmtoff >= 0 ? '+' : '-') + Padded(fm ? 0 : 2, off / 3600);
        if (off % 3600 != 0) s += ":" + Padded(2, (off % 3600) / 60);
        return s;
      }
      case DchKey::kMONTH:
      case DchKey::kMonth:
      case DchKey::kmonth: {
        RejectForInterval();
        if (f_.mon == 0) return "";
        std::string name = kMonthNames[f_.mon - 1];
        name = key == DchKey::kMONTH ? Upper(name) : key == DchKey::kmonth ? Lower(name) : name;
        return NameField(name, fm || (suffix & kSuffixTM) != 0);  // TM names are not padded
      }
      case DchKey::kMON:
      case DchKey::kMon:
      case DchKey::kmon: {
        RejectForInterval();
        if (f_.mon == 0) return "";
        std::string name = kMonthAbbrevs[f_.mon - 1];
        return key == DchKey::kMON ? Upper(name) : key == DchKey::kmon ? Lower(name) : name;
      }
      case DchKey::kMM:
        return num(f_.mon >= 0 ? 2 : 3, f_.mon);
      case DchKey::kDAY:
      case DchKey::kDay:
      case DchKey::kday: {
        RejectForInterval();
        std::string name = kDayNames[f_.wday];
        name = key == DchKey::kDAY ? Upper(name) : key == DchKey::kday ? Lower(name) : name;
        return NameField(name, fm || (suffix & kSuffixTM) != 0);  // TM names are not padded
      }
      case DchKey::kDY:
      case DchKey::kDy:
      case DchKey::kdy: {
        RejectForInterval();
        std::string name = kDayAbbrevs[f_.wday];
        return key == DchKey::kDY ? Upper(name) : key == DchKey::kdy ? Lower(name) : name;
      }
      case DchKey::kDDD:
        return num(3, f_.yday);
      case DchKey::kIDDD:
        return num(3, IsoYearDay(static_cast<int>(year), f_.mon, f_.mday));
      case DchKey::kDD:
        return num(2, f_.mday);
      case DchKey::kD:
        RejectForInterval();
        return WithOrdinal(std::to_string(f_.wday + 1), suffix);
      case DchKey::kID:
        RejectForInterval();
        return WithOrdinal(std::to_string(f_.wday == 0 ? 7 : f_.wday), suffix);
      case DchKey::kWW:
        return num(2, (f_.yday - 1) / 7 + 1);
      case DchKey::kIW:
        return num(2, IsoWeek(static_cast<int>(year), f_.mon, f_.mday));
      case DchKey::kQ:
        if (f_.mon == 0) return "";
        return WithOrdinal(std::to_string((f_.mon - 1) / 3 + 1), suffix);
      case DchKey::kCC: {
        int64_t cc = is_interval_ ? year / 100 : (year > 0 ? (year - 1) / 100 + 1 : year / 100 - 1);
        if (cc <= 99 && cc >= -99) return num(cc >= 0 ? 2 : 3, cc);
        return WithOrdinal(std::to_string(cc), suffix);
      }
      case DchKey::kY_YYY: {
        int64_t thousands = ayear / 1000;
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%lld,%03lld", static_cast<long long>(thousands),
                      static_cast<long long>(ayear - thousands * 1000));
        return WithOrdinal(buf, suffix);
      }
      case DchKey::kYYYY:
      case DchKey::kIYYY:
      case DchKey::kYYY:
      case DchKey::kIYY:
      case DchKey::kYY:
      case DchKey::kIY:
      case DchKey::kY:
      case DchKey::kI: {
        bool iso =
            key == DchKey::kIYYY || key == DchKey::kIYY || key == DchKey::kIY || key == DchKey::kI;
        int64_t value = iso ? AdjustYear(IsoYear(static_cast<int>(year), f_.mon, f_.mday)) : ayear;
        bool neg = ayear < 0;  // the width follows the calendar year, as in PostgreSQL
        if (key == DchKey::kYYYY || key == DchKey::kIYYY) return num(neg ? 5 : 4, value);
        if (key == DchKey::kYYY || key == DchKey::kIYY) return num(neg ? 4 : 3, value % 1000);
        if (key == DchKey::kYY || key == DchKey::kIY) return num(neg ? 3 : 2, value % 100);
        return WithOrdinal(Printf("%*lld", 1, value % 10), suffix);
      }
      case DchKey::kRM:
      case DchKey::krm: {
        if (f_.mon == 0 && year == 0) return "";
        int index;
        if (f_.mon == 0) {
          index = year >= 0 ? 0 : 11;  // whole years of an interval
        } else if (f_.mon < 0) {
          index = -(f_.mon + 1);
        } else {
          index = 12 - f_.mon;
        }
        const char* name = key == DchKey::kRM ? kRomanMonthsUpper[index] : kRomanMonthsLower[index];
        return NameField(name, fm, 4);
      }
      case DchKey::kW:
        return WithOrdinal(std::to_string((f_.mday - 1) / 7 + 1), suffix);
      case DchKey::kJ:
        return WithOrdinal(std::to_string(PgDateToJulian(year, f_.mon, f_.mday)), suffix);
      case DchKey::kFX:
        return "";
      default:
        return "";
    }
  }

  const ToCharFields& f_;
  bool is_interval_;
};

}  // namespace

std::string DateTimeToChar(const ToCharFields& fields, std::string_view format, bool is_interval) {
  return DateTimeFormatter(fields, is_interval).Run(ParseDateTimeTemplate(format));
}

}  // namespace hyrax::executor
