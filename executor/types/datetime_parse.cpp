// Date/time input: field-sequence decoding (see datetime_parse.h), following PostgreSQL's
// DecodeDateTime / DecodeTimeOnly. Field decoders are in datetime_lexer.cpp.
#include "executor/types/datetime_parse.h"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/error.h"
#include "executor/types/datetime_fields.h"
#include "executor/types/timezone.h"
#include "executor/types/tz_abbrev.h"

namespace hyrax::executor {

using namespace dt;  // NOLINT: the parser's field vocabulary

void ThrowDateTimeFieldOverflow(std::string_view text, bool suggest_datestyle) {
  Error e = MakeError(errcode::kDatetimeFieldOverflow, "date/time field value out of range: \"{}\"",
                      text);
  if (suggest_datestyle)
    throw std::move(e).Hint("Perhaps you need a different \"datestyle\" setting.");
  throw e;
}

namespace {

[[noreturn]] void ThrowParseError(DtError err, std::string_view text, const char* type_name) {
  switch (err) {
    case DtError::kFieldOverflow:
      ThrowDateTimeFieldOverflow(text, false);
    case DtError::kMdFieldOverflow:
      ThrowDateTimeFieldOverflow(text, true);
    case DtError::kIntervalOverflow:
      throw MakeError(errcode::kIntervalFieldOverflow, "interval field value out of range: \"{}\"",
                      text);
    case DtError::kTzDispOverflow:
      throw MakeError(errcode::kInvalidTimeZoneDisplacementValue,
                      "time zone displacement out of range: \"{}\"", text);
    default:
      throw MakeError(errcode::kInvalidDatetimeFormat, "invalid input syntax for type {}: \"{}\"",
                      type_name, text);
  }
}

[[noreturn]] void ThrowUnknownZone(const std::string& name) {
  throw MakeError(errcode::kInvalidParameterValue, "time zone \"{}\" not recognized", name);
}

// State shared by the two decoders.
struct Decoder {
  std::string_view text;
  const char* type_name;
  TimestampTz now;
  std::vector<Field> fields;
  ParsedDateTime out;
  uint32_t fmask = 0;
  bool is2digits = false;
  bool bc = false;
  bool is_julian = false;
  bool have_text_month = false;
  int meridian = -1;  // -1 24-hour, 0 AM, 1 PM
  int ptype = 0;      // pending label: 't' (ISO time), 'j' (Julian day), other units
  std::shared_ptr<const TimeZone> named_tz;

  void Check(DtError err) const {
    if (err != DtError::kNone) ThrowParseError(err, text, type_name);
  }
  [[noreturn]] void BadFormat() const { ThrowParseError(DtError::kBadFormat, text, type_name); }

  void Tokenize() {
    if (!TokenizeDateTime(text, &fields)) BadFormat();
  }

  // Current date/time in the session zone (for now/today/...).
  PgTm NowTm() const {
    PgTm tm;
    TimestampTzToTm(now, SessionTimeZone(), &tm);
    return tm;
  }

  // A string field: zone abbreviation, keyword, or zone name. Returns the field mask.
  uint32_t DecodeWord(size_t i) {
    const std::string& word = fields[i].text;
    if (auto abbrev = LookupTzAbbrev(word)) {
      out.have_tz = true;
      out.gmtoff = abbrev->gmtoff;
      out.tm.isdst = abbrev->is_dst;
      return kMaskTz | (abbrev->is_dst ? uint32_t{kMaskDtz} : 0u);
    }
    Keyword kw = LookupDateKeyword(word);
    switch (kw.type) {
      case KeywordType::kReserved:
        return DecodeReserved(kw.value);
      case KeywordType::kMonth: {
        // A number already taken as the month ("2 Jan") was really the day.
        uint32_t mask = kMaskMonth;
        if ((fmask & kMaskMonth) && !have_text_month && !(fmask & kMaskDay) && out.tm.mon >= 1 &&
            out.tm.mon <= 31) {
          out.tm.mday = out.tm.mon;
          mask = kMaskDay;
        }
        have_text_month = true;
        out.tm.mon = kw.value;
        return mask;
      }
      case KeywordType::kDtzMod:
        if (!out.have_tz) BadFormat();
        out.gmtoff += kw.value;
        out.tm.isdst = true;
        return kMaskDtzMod;
      case KeywordType::kAmPm:
        meridian = kw.value;
        return kMaskAmPm;
      case KeywordType::kAdBc:
        bc = kw.value == 1;
        return kMaskAdBc;
      case KeywordType::kDow:
        out.tm.wday = kw.value;
        return kMaskDow;
      case KeywordType::kUnits:
        ptype = kw.value;
        return 0;
      case KeywordType::kIsoTime:
        if ((fmask & kDateMask) != kDateMask) BadFormat();
        if (i + 1 >= fields.size() ||
            (fields[i + 1].type != FieldType::kNumber && fields[i + 1].type != FieldType::kTime &&
             fields[i + 1].type != FieldType::kDate)) {
          BadFormat();
        }
        ptype = 't';
        return 0;
      case KeywordType::kIgnore:
        return 0;
      case KeywordType::kNone:
        break;
    }
    named_tz = TimeZone::Load(word);
    if (named_tz == nullptr) BadFormat();
    return kMaskTz;
  }

  uint32_t DecodeReserved(int word) {
    switch (word) {
      case kEpoch:
        out.kind = DateTimeKind::kEpoch;
        return kTimeMask | kMaskTz;
      case kLate:
        out.kind = DateTimeKind::kLate;
        return kTimeMask | kMaskTz;
      case kEarly:
        out.kind = DateTimeKind::kEarly;
        return kTimeMask | kMaskTz;
      case kNow: {
        PgTm tm = NowTm();
        out.tm.year = tm.year;
        out.tm.mon = tm.mon;
        out.tm.mday = tm.mday;
        out.tm.hour = tm.hour;
        out.tm.min = tm.min;
        out.tm.sec = tm.sec;
        out.tm.usec = tm.usec;
        out.have_tz = true;
        out.gmtoff = tm.gmtoff;
        is_julian = true;  // the year is already absolute
        return kDateMask | kTimeMask | kMaskTz;
      }
      case kToday:
      case kTomorrow:
      case kYesterday: {
        PgTm tm = NowTm();
        int64_t jd = DateToJulian(tm.year, tm.mon, tm.mday) +
                     (word == kTomorrow ? 1 : (word == kYesterday ? -1 : 0));
        JulianToDate(jd, &out.tm.year, &out.tm.mon, &out.tm.mday);
        is_julian = true;
        return kDateMask;
      }
      case kZulu:
        out.tm.hour = out.tm.min = out.tm.sec = 0;
        out.tm.usec = 0;
        out.have_tz = true;
        out.gmtoff = 0;
        return kTimeMask | kMaskTz;
      default:
        BadFormat();
    }
  }

  // A number after a "j" (Julian day) or "t" (ISO time) label.
  uint32_t DecodeLabeledNumber(const std::string& f) {
    if (ptype == 'j') {
      ptype = 0;
      char* end = nullptr;
      long jd = std::strtol(f.c_str(), &end, 10);
      if (*end != '\0' && *end != '.') BadFormat();
      if (jd < 0) ThrowParseError(DtError::kFieldOverflow, text, type_name);
      JulianToDate(jd, &out.tm.year, &out.tm.mon, &out.tm.mday);
      is_julian = true;
      if (*end == '.') {
        double frac = std::strtod(end, nullptr) * static_cast<double>(kUsecsPerDay);
        TimeToHms(static_cast<int64_t>(frac), &out.tm.hour, &out.tm.min, &out.tm.sec, &out.tm.usec);
        return kDateMask | kTimeMask;
      }
      return kDateMask;
    }
    if (ptype == 't') {
      ptype = 0;
      uint32_t tmask = 0;
      Check(DecodeNumberField(f, fmask, &tmask, &out.tm, &is2digits));
      return tmask;
    }
    BadFormat();
  }

  // A run-together time with a trailing zone: "040506-08" / "040506+0530".
  uint32_t DecodeTimeWithZone(const std::string& f) {
    size_t sign = f.find_first_of("+-");
    if (sign == std::string::npos) BadFormat();
    int32_t gmtoff;
    Check(DecodeTimezone(f.substr(sign), &gmtoff));
    out.have_tz = true;
    out.gmtoff = gmtoff;
    uint32_t tmask = 0;
    Check(DecodeNumberField(f.substr(0, sign), fmask, &tmask, &out.tm, &is2digits));
    return tmask | kMaskTz;
  }

  uint32_t DecodeZoneOrRunTogether(const std::string& f) {
    if (std::isdigit(static_cast<unsigned char>(f[0])) || ptype != 0) {
      ptype = 0;
      return DecodeTimeWithZone(f);
    }
    named_tz = TimeZone::Load(f);
    if (named_tz == nullptr) ThrowUnknownZone(f);
    return kMaskTz;
  }

  uint32_t DecodeTz(const std::string& f) {
    int32_t gmtoff;
    Check(DecodeTimezone(f, &gmtoff));
    out.have_tz = true;
    out.gmtoff = gmtoff;
    return kMaskTz;
  }

  uint32_t DecodeTimeField(const std::string& f) {
    if (ptype != 0) {
      if (ptype != 't') BadFormat();
      ptype = 0;
    }
    uint32_t tmask;
    Check(DecodeTime(f, &tmask, &out.tm));
    if (TimeOverflows(out.tm.hour, out.tm.min, out.tm.sec, out.tm.usec)) {
      ThrowParseError(DtError::kFieldOverflow, text, type_name);
    }
    return tmask;
  }

  void Merge(uint32_t tmask) {
    if (tmask & fmask) BadFormat();
    fmask |= tmask;
  }

  void FinishDate() {
    Check(ValidateDate(fmask, is_julian, is2digits, bc, &out.tm));
    if (meridian >= 0 && out.tm.hour > 12)
      ThrowParseError(DtError::kFieldOverflow, text, type_name);
    if (meridian == 0 && out.tm.hour == 12) {
      out.tm.hour = 0;
    } else if (meridian == 1 && out.tm.hour != 12) {
      out.tm.hour += 12;
    }
    out.have_date = (fmask & kDateMask) == kDateMask;
    out.have_time = (fmask & kTimeMask) != 0;
  }
};

}  // namespace

ParsedDateTime ParseDateTimeText(std::string_view text, const char* type_name, bool want_tz,
                                 TimestampTz now) {
  Decoder d{text, type_name, now};
  d.Tokenize();
  for (size_t i = 0; i < d.fields.size(); ++i) {
    const std::string& f = d.fields[i].text;
    uint32_t tmask = 0;
    switch (d.fields[i].type) {
      case FieldType::kDate:
        if (d.ptype == 'j') {
          tmask = d.DecodeLabeledNumber(f);
        } else if ((d.fmask & kDateMask) == kDateMask || d.ptype != 0) {
          tmask = d.DecodeZoneOrRunTogether(f);
        } else {
          d.Check(DecodeDate(f, d.fmask, &tmask, &d.is2digits, &d.out.tm));
        }
        break;
      case FieldType::kTime:
        tmask = d.DecodeTimeField(f);
        break;
      case FieldType::kTz:
        tmask = d.DecodeTz(f);
        break;
      case FieldType::kNumber: {
        if (d.ptype != 0) {
          tmask = d.DecodeLabeledNumber(f);
          break;
        }
        size_t dot = f.find('.');
        if (dot != std::string::npos && !(d.fmask & kDateMask)) {
          d.Check(DecodeDate(f, d.fmask, &tmask, &d.is2digits, &d.out.tm));
        } else if (dot != std::string::npos && dot > 2) {
          d.Check(DecodeNumberField(f, d.fmask, &tmask, &d.out.tm, &d.is2digits));
        } else if (f.size() >= 6 && (!(d.fmask & kDateMask) || !(d.fmask & kTimeMask))) {
          d.Check(DecodeNumberField(f, d.fmask, &tmask, &d.out.tm, &d.is2digits));
        } else {
          d.Check(DecodeNumber(f, d.have_text_month, d.fmask, &tmask, &d.out.tm, &d.is2digits));
        }
        break;
      }
      case FieldType::kString:
      case FieldType::kSpecial:
        tmask = d.DecodeWord(i);
        break;
    }
    d.Merge(tmask);
  }
  if (d.ptype != 0) d.BadFormat();
  d.FinishDate();
  if (d.out.kind == DateTimeKind::kValue) {
    if ((d.fmask & kDateMask) != kDateMask) d.BadFormat();
    if (d.named_tz != nullptr) {
      if (d.fmask & kMaskDtzMod) d.BadFormat();
      d.out.gmtoff = DetermineTimeZoneOffset(d.out.tm, *d.named_tz);
      d.out.have_tz = true;
    } else if (want_tz && !(d.fmask & kMaskTz)) {
      if (d.fmask & kMaskDtzMod) d.BadFormat();
      d.out.gmtoff = DetermineTimeZoneOffset(d.out.tm, SessionTimeZone());
      d.out.have_tz = true;
    }
  }
  return d.out;
}

ParsedDateTime ParseTimeText(std::string_view text, const char* type_name, bool want_tz,
                             TimestampTz now) {
  Decoder d{text, type_name, now};
  d.Tokenize();
  size_t nf = d.fields.size();
  for (size_t i = 0; i < nf; ++i) {
    const std::string& f = d.fields[i].text;
    uint32_t tmask = 0;
    switch (d.fields[i].type) {
      case FieldType::kDate:
        // A leading date is accepted when a time follows.
        if (i == 0 && nf >= 2 &&
            (d.fields[nf - 1].type == FieldType::kDate || d.fields[1].type == FieldType::kTime)) {
          d.Check(DecodeDate(f, d.fmask, &tmask, &d.is2digits, &d.out.tm));
        } else {
          tmask = d.DecodeZoneOrRunTogether(f);
        }
        break;
      case FieldType::kTime:
        tmask = d.DecodeTimeField(f);
        break;
      case FieldType::kTz:
        tmask = d.DecodeTz(f);
        break;
      case FieldType::kNumber: {
        if (d.ptype != 0) {
          tmask = d.DecodeLabeledNumber(f);
          break;
        }
        size_t dot = f.find('.');
        if (dot != std::string::npos) {
          if (i == 0 && nf >= 2 && d.fields[nf - 1].type == FieldType::kDate) {
            d.Check(DecodeDate(f, d.fmask, &tmask, &d.is2digits, &d.out.tm));
          } else if (dot > 2) {
            d.Check(DecodeNumberField(f, d.fmask | kDateMask, &tmask, &d.out.tm, &d.is2digits));
          } else {
            d.BadFormat();
          }
        } else if (f.size() > 4) {
          d.Check(DecodeNumberField(f, d.fmask | kDateMask, &tmask, &d.out.tm, &d.is2digits));
        } else {
          d.Check(DecodeNumber(f, false, d.fmask | kDateMask, &tmask, &d.out.tm, &d.is2digits));
        }
        break;
      }
      case FieldType::kString:
      case FieldType::kSpecial:
        tmask = d.DecodeWord(i);
        break;
    }
    d.Merge(tmask);
  }
  if (d.ptype != 0) d.BadFormat();
  d.FinishDate();
  if (d.out.kind != DateTimeKind::kValue) d.BadFormat();  // epoch/infinity are not times
  if (TimeOverflows(d.out.tm.hour, d.out.tm.min, d.out.tm.sec, d.out.tm.usec)) {
    ThrowParseError(DtError::kFieldOverflow, text, type_name);
  }
  if ((d.fmask & kTimeMask) != kTimeMask) d.BadFormat();
  if (want_tz && (d.named_tz != nullptr || !(d.fmask & kMaskTz))) {
    if (d.fmask & kMaskDtzMod) d.BadFormat();
    const TimeZone& zone = d.named_tz != nullptr ? *d.named_tz : SessionTimeZone();
    // A named zone with DST needs a date to pick the offset.
    if (d.named_tz != nullptr && !d.named_tz->FixedGmtoff() && (d.fmask & kDateMask) != kDateMask) {
      d.BadFormat();
    }
    PgTm at = d.out.tm;
    if ((d.fmask & kDateMask) == 0) {
      PgTm now_tm = d.NowTm();
      at.year = now_tm.year;
      at.mon = now_tm.mon;
      at.mday = now_tm.mday;
    } else if ((d.fmask & kDateMask) != kDateMask) {
      d.BadFormat();
    }
    d.out.gmtoff = DetermineTimeZoneOffset(at, zone);
    d.out.have_tz = true;
  }
  return d.out;
}

}  // namespace hyrax::executor
