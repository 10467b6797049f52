// Integer input parsing (see int_io.h). Follows PostgreSQL 15's pg_strtoint*: digits are
// accumulated as a negative number so that the minimum value parses, and overflow is reported
// as soon as it happens, even if garbage follows (PostgreSQL reports "out of range" for
// '99999999999abc').
#include "executor/types/int_io.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

#include "common/error.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowSyntax(const char* type_name, std::string_view text) {
  throw MakeError(errcode::kInvalidTextRepresentation, "invalid input syntax for type {}: \"{}\"",
                  type_name, text);
}

[[noreturn]] void ThrowRange(const char* type_name, std::string_view text) {
  throw MakeError(errcode::kNumericValueOutOfRange, "value \"{}\" is out of range for type {}",
                  text, type_name);
}

template <typename T>
T ParseSigned(std::string_view text, const char* type_name) {
  size_t pos = 0;
  const size_t n = text.size();
  while (pos < n && IsPgSpace(text[pos])) ++pos;
  bool negative = false;
  if (pos < n && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  if (pos >= n || text[pos] < '0' || text[pos] > '9') ThrowSyntax(type_name, text);
  // Accumulate as a negative value: |min| > max for two's complement.
  T value = 0;
  while (pos < n && text[pos] >= '0' && text[pos] <= '9') {
    T digit = static_cast<T>(text[pos] - '0');
    if (__builtin_mul_overflow(value, static_cast<T>(10), &value) ||
        __builtin_sub_overflow(value, digit, &value)) {
      ThrowRange(type_name, text);
    }
    ++pos;
  }
  while (pos < n && IsPgSpace(text[pos])) ++pos;
  if (pos != n) ThrowSyntax(type_name, text);
  if (!negative) {
    if (value == std::numeric_limits<T>::min()) ThrowRange(type_name, text);
    value = static_cast<T>(-value);
  }
  return value;
}

}  // namespace

int16_t ParseInt16(std::string_view text) {
  return ParseSigned<int16_t>(text, "smallint");
}

int32_t ParseInt32(std::string_view text) {
  return ParseSigned<int32_t>(text, "integer");
}

int64_t ParseInt64(std::string_view text) {
  return ParseSigned<int64_t>(text, "bigint");
}

uint32_t ParseUInt32(std::string_view text, const char* type_name) {
  // PostgreSQL's oidin_subr: strtoul, then reject values that do not fit 32 bits unless they
  // are negative values within int32 range (which wrap, so '-1' is 4294967295).
  std::string copy(text);
  const char* start = copy.c_str();
  if (*start == '\0') ThrowSyntax(type_name, text);
  errno = 0;
  char* end = nullptr;
  unsigned long value = std::strtoul(start, &end, 10);
  if (errno != 0 && value == 0) ThrowSyntax(type_name, text);
  if (errno == ERANGE) ThrowRange(type_name, text);
  if (end == start) ThrowSyntax(type_name, text);
  while (*end != '\0' && IsPgSpace(*end)) ++end;
  if (*end != '\0') ThrowSyntax(type_name, text);
  uint32_t result = static_cast<uint32_t>(value);
  if (value != static_cast<unsigned long>(result) &&
      value != static_cast<unsigned long>(static_cast<long>(static_cast<int32_t>(result)))) {
    ThrowRange(type_name, text);
  }
  return result;
}

}  // namespace hyrax::executor
