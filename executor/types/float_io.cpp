// Float input/output (see float_io.h). Shortest round-trip digits come from std::to_chars,
// which yields the same shortest, correctly rounded digits as the Ryu code PostgreSQL uses;
// the layout (fixed vs exponent notation and its thresholds) follows PostgreSQL's d2s/f2s.
#include "executor/types/float_io.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <strings.h>

#include "common/error.h"
#include "executor/types/int_io.h"

namespace hyrax::executor {

namespace {

// Recognises PostgreSQL's explicit spellings at `p`; sets *value and returns the length.
size_t MatchSpecial(const char* p, double* value) {
  static const struct {
    const char* word;
    double value;
  } kWords[] = {{"NaN", std::numeric_limits<double>::quiet_NaN()},
                {"Infinity", std::numeric_limits<double>::infinity()},
                {"+Infinity", std::numeric_limits<double>::infinity()},
                {"-Infinity", -std::numeric_limits<double>::infinity()},
                {"inf", std::numeric_limits<double>::infinity()},
                {"+inf", std::numeric_limits<double>::infinity()},
                {"-inf", -std::numeric_limits<double>::infinity()}};
  for (const auto& w : kWords) {
    size_t n = std::strlen(w.word);
    if (strncasecmp(p, w.word, n) == 0) {
      *value = w.value;
      return n;
    }
  }
  return 0;
}

// Shared body of the two parsers. `as_float4` selects strtof and float4 range rules.
double ParseFloat(std::string_view text, bool as_float4) {
  const char* type_name = as_float4 ? "real" : "double precision";
  std::string copy(text);
  const char* orig = copy.c_str();
  const char* num = orig;
  while (*num != '\0' && IsPgSpace(*num)) ++num;
  if (*num == '\0') {
    throw MakeError(errcode::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                    type_name, text);
  }
  errno = 0;
  char* end = nullptr;
  double value = as_float4 ? static_cast<double>(std::strtof(num, &end)) : std::strtod(num, &end);
  if (end == num || errno != 0) {
    int saved_errno = errno;
    size_t special = MatchSpecial(num, &value);
    if (special > 0) {
      end = const_cast<char*>(num) + special;
    } else if (saved_errno == ERANGE) {
      // Denormal results also report ERANGE; only true overflow/underflow is an error.
      if (value == 0.0 || std::isinf(value)) {
        std::string shown = as_float4 ? copy : std::string(num, end - num);
        throw MakeError(errcode::kNumericValueOutOfRange, "\"{}\" is out of range for type {}",
                        shown, type_name);
      }
    } else {
      throw MakeError(errcode::kInvalidTextRepresentation,
                      "invalid input syntax for type {}: \"{}\"", type_name, text);
    }
  }
  while (*end != '\0' && IsPgSpace(*end)) ++end;
  if (*end != '\0') {
    throw MakeError(errcode::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                    type_name, text);
  }
  return value;
}

// Lays out shortest digits the way PostgreSQL's Ryu wrapper does: fixed notation when the
// decimal exponent is in [-4, max_fixed_exp], else d.ddde[+-]XX.
template <typename T>
std::string FormatShortest(T value, int max_fixed_exp) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string_view sci(buf, end - buf);
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exp10 = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exp10 < -4 || exp10 > max_fixed_exp) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof(exp_buf), "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    return out + exp_buf;
  }
  if (exp10 < 0) return out + "0." + std::string(-exp10 - 1, '0') + digits;
  if (static_cast<int>(digits.size()) <= exp10 + 1) {
    return out + digits + std::string(exp10 + 1 - digits.size(), '0');
  }
  return out + digits.substr(0, exp10 + 1) + "." + digits.substr(exp10 + 1);
}

std::string FormatSpecial(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

}  // namespace

double ParseFloat8(std::string_view text) {
  return ParseFloat(text, false);
}

float ParseFloat4(std::string_view text) {
  return static_cast<float>(ParseFloat(text, true));
}

std::string FormatFloat8(double value, int extra_digits) {
  if (std::isnan(value) || std::isinf(value)) return FormatSpecial(value);
  if (extra_digits > 0) {
    if (value == 0) return std::signbit(value) ? "-0" : "0";
    return FormatShortest(value, 14);
  }
  int ndig = std::numeric_limits<double>::digits10 + extra_digits;
  if (ndig < 1) ndig = 1;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g", ndig, value);
  return buf;
}

std::string FormatFloat4(float value, int extra_digits) {
  if (std::isnan(value) || std::isinf(value)) return FormatSpecial(value);
  if (extra_digits > 0) {
    if (value == 0) return std::signbit(value) ? "-0" : "0";
    return FormatShortest(value, 5);
  }
  int ndig = std::numeric_limits<float>::digits10 + extra_digits;
  if (ndig < 1) ndig = 1;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g", ndig, static_cast<double>(value));
  return buf;
}

void ThrowFloatOverflow() {
  throw Error(errcode::kNumericValueOutOfRange, "value out of range: overflow");
}

void ThrowFloatUnderflow() {
  throw Error(errcode::kNumericValueOutOfRange, "value out of range: underflow");
}

void ThrowFloatDivideByZero() {
  throw Error(errcode::kDivisionByZero, "division by zero");
}

}  // namespace hyrax::executor
