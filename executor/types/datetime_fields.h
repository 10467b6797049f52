// Internal to the date/time parser (datetime_parse.cpp, datetime_lexer.cpp): the field
// tokenizer, the keyword table and the per-field decoders, mirroring the structure of
// PostgreSQL's ParseDateTime / DecodeDate / DecodeTime / DecodeNumber / DecodeTimezone.
// Decoders report failure with a DtError code that the caller turns into an Error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "executor/types/datetime.h"

namespace hyrax::executor::dt {

enum class FieldType : uint8_t { kNumber, kTime, kDate, kString, kTz, kSpecial };

struct Field {
  std::string text;  // letters lower-cased
  FieldType type;
};

enum class DtError : uint8_t {
  kNone,
  kBadFormat,         // 22007 invalid input syntax for type ...
  kFieldOverflow,     // 22008 date/time field value out of range
  kMdFieldOverflow,   // same, with the DateStyle hint
  kIntervalOverflow,  // 22015 interval field value out of range
  kTzDispOverflow,    // 22009 time zone displacement out of range
};

// Field-mask bits (which fields a value has set).
enum : uint32_t {
  kMaskYear = 1u << 0,
  kMaskMonth = 1u << 1,
  kMaskDay = 1u << 2,
  kMaskHour = 1u << 3,
  kMaskMinute = 1u << 4,
  kMaskSecond = 1u << 5,
  kMaskTz = 1u << 6,
  kMaskDoy = 1u << 7,
  kMaskAmPm = 1u << 8,
  kMaskAdBc = 1u << 9,
  kMaskDtzMod = 1u << 10,
  kMaskDow = 1u << 11,
  kMaskDtz = 1u << 12,
};
inline constexpr uint32_t kDateMask = kMaskYear | kMaskMonth | kMaskDay;
inline constexpr uint32_t kTimeMask = kMaskHour | kMaskMinute | kMaskSecond;

// Splits input into fields (PostgreSQL's ParseDateTime). Returns false on bad format.
bool TokenizeDateTime(std::string_view text, std::vector<Field>* fields);

enum class KeywordType : uint8_t {
  kNone,
  kAmPm,      // value 0 = AM, 1 = PM
  kAdBc,      // value 0 = AD, 1 = BC
  kMonth,     // 1..12
  kDow,       // 0..6
  kReserved,  // value: ReservedWord
  kUnits,     // value: 'y','m','d','h','n'(minute),'s','j'(julian)
  kIsoTime,   // "t"
  kIgnore,    // "on", "at"
  kDtzMod,    // "dst"
};

enum ReservedWord : int { kEarly, kLate, kEpoch, kNow, kToday, kTomorrow, kYesterday, kZulu };

struct Keyword {
  KeywordType type = KeywordType::kNone;
  int value = 0;
};

// The built-in date/time keywords (PostgreSQL's datetktbl), lower-case input.
Keyword LookupDateKeyword(std::string_view word);

// Field decoders; tm fields are set as PostgreSQL's would be (year not yet adjusted for
// BC/2-digit years: ValidateDate does that).
DtError DecodeTime(std::string_view str, uint32_t* tmask, PgTm* tm);
DtError DecodeTimezone(std::string_view str, int32_t* gmtoff);
DtError DecodeDate(std::string_view str, uint32_t fmask, uint32_t* tmask, bool* is2digits,
                   PgTm* tm);
DtError DecodeNumber(std::string_view str, bool have_text_month, uint32_t fmask, uint32_t* tmask,
                     PgTm* tm, bool* is2digits);
DtError DecodeNumberField(std::string str, uint32_t fmask, uint32_t* tmask, PgTm* tm,
                          bool* is2digits);
DtError ValidateDate(uint32_t fmask, bool is_julian, bool is2digits, bool bc, PgTm* tm);
bool TimeOverflows(int hour, int min, int sec, int64_t usec);

}  // namespace hyrax::executor::dt
