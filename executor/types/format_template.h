// Templates of to_char / to_number / to_date / to_timestamp (PostgreSQL's formatting.c
// pictures): a format string is split into keyword nodes (YYYY, HH24, Month, 9, 0, PR ...)
// with their FM/TM/TH modifiers, literal characters (double-quoted text, backslash-quoted
// double quotes) and, for date templates, separators and spaces. The formatting and
// parsing engines are in datetime_to_char.cpp, datetime_from_char.cpp and number_format.cpp
// (declared in to_char.h). See README.md "to_char and friends".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::executor {

// Date/time keywords. Lower-case spellings share the upper-case id unless their output
// differs in case (am/pm, a.d./b.c., day/dy, month/mon, rm, tz).
enum class DchKey : uint8_t {
  kADDots,
  kAMDots,
  kAD,
  kAM,
  kBCDots,
  kBC,
  kCC,
  kDAY,
  kDDD,
  kDD,
  kDY,
  kDay,
  kDy,
  kD,
  kFF1,
  kFF2,
  kFF3,
  kFF4,
  kFF5,
  kFF6,
  kFX,
  kHH24,
  kHH12,
  kHH,
  kIDDD,
  kID,
  kIW,
  kIYYY,
  kIYY,
  kIY,
  kI,
  kJ,
  kMI,
  kMM,
  kMONTH,
  kMON,
  kMS,
  kMonth,
  kMon,
  kOF,
  kPMDots,
  kPM,
  kQ,
  kRM,
  kSSSSS,
  kSSSS,
  kSS,
  kTZH,
  kTZM,
  kTZ,
  kUS,
  kWW,
  kW,
  kY_YYY,
  kYYYY,
  kYYY,
  kYY,
  kY,
  kadDots,
  kamDots,
  kad,
  kam,
  kbcDots,
  kbc,
  kday,
  kdy,
  kmonth,
  kmon,
  kpmDots,
  kpm,
  krm,
  ktz,
};

// Number keywords.
enum class NumKey : uint8_t {
  kComma,
  kDec,
  k0,
  k9,
  kB,
  kC,
  kD,
  kE,
  kFM,
  kG,
  kL,
  kMI,
  kPL,
  kPR,
  kRN,
  kSG,
  kSP,
  kS,
  kTH,
  kV,
  krn,
  kth,
};

// Which calendar a date keyword belongs to: mixing Gregorian and ISO-week fields in one
// to_date template is an error.
enum class DateMode : uint8_t { kNone, kGregorian, kIsoWeek };

struct FormatKeyword {
  const char* name;
  uint8_t len;
  uint8_t id;     // DchKey or NumKey
  bool is_digit;  // a numeric field (matters for fixed-width parsing)
  DateMode mode;
};

// Modifier bits of a date keyword.
inline constexpr uint8_t kSuffixFM = 0x01;       // fill mode: no padding
inline constexpr uint8_t kSuffixTM = 0x02;       // translation mode (names are English anyway)
inline constexpr uint8_t kSuffixThUpper = 0x04;  // ordinal suffix "ST", "ND" ...
inline constexpr uint8_t kSuffixThLower = 0x08;  // ordinal suffix "st", "nd" ...
inline constexpr uint8_t kSuffixSP = 0x10;       // spell mode (accepted, no effect)

struct FormatNode {
  enum class Type : uint8_t { kAction, kChar, kSeparator, kSpace };
  Type type = Type::kChar;
  uint8_t suffix = 0;
  const FormatKeyword* key = nullptr;  // kAction only
  std::string text;                    // the character(s) of a non-action node
};

// Splits a date/time template. Never fails: unknown characters become literal nodes.
std::vector<FormatNode> ParseDateTimeTemplate(std::string_view format);

// What a number template asks for (PostgreSQL's NUMDesc).
struct NumberFormat {
  std::vector<FormatNode> nodes;
  int pre = 0;            // digit positions before the decimal point
  int post = 0;           // digit positions after it
  int multi = 0;          // V: digits to shift by
  int lsign = 0;          // S placement: 0 none, 1 before the number, 2 after it
  int pre_lsign_num = 0;  // digit positions before S when it precedes the decimal point
  int zero_start = 0;     // 1-based position of the first 0 picture, 0 if none
  int zero_end = 0;       // digit positions up to and including the last 0 picture
  bool decimal = false;   // . or D present
  bool zero = false;      // a 0 picture present
  bool blank = false;     // B
  bool fill = false;      // FM
  bool bracket = false;   // PR
  bool minus = false;     // MI or SG
  bool plus = false;      // PL or SG
  bool minus_post = false;
  bool plus_post = false;
  bool roman = false;      // RN
  bool multi_set = false;  // V
  bool eeee = false;       // EEEE
};

// Parses a number template, applying PostgreSQL's consistency checks. Throws 42601 with
// PostgreSQL's messages ("multiple decimal points", "cannot use \"S\" twice", ...).
NumberFormat ParseNumberTemplate(std::string_view format);

}  // namespace hyrax::executor
