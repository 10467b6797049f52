// Value parsing and display for the GUC registry (see common/guc/guc_value.h). The unit
// tables and rounding rules follow PostgreSQL's guc.c (memory_unit_conversion_table,
// time_unit_conversion_table, convert_to_base_unit, convert_int_from_base_unit).
#include "common/guc/guc_value.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <strings.h>

#include <fmt/format.h>

namespace hyrax::guc {

namespace {

struct UnitConversion {
  std::string_view unit;
  GucUnit base;
  double multiplier;  // base units per one `unit`
};

constexpr double kKiB = 1024.0;
constexpr double kBlockBytes = 8192.0;

// For each base unit, from the largest unit to the smallest (the display relies on it).
constexpr UnitConversion kMemoryUnits[] = {
    {"TB", GucUnit::kBytes, kKiB* kKiB* kKiB* kKiB},
    {"GB", GucUnit::kBytes, kKiB* kKiB* kKiB},
    {"MB", GucUnit::kBytes, kKiB* kKiB},
    {"kB", GucUnit::kBytes, kKiB},
    {"B", GucUnit::kBytes, 1.0},
    {"TB", GucUnit::kKb, kKiB* kKiB* kKiB},
    {"GB", GucUnit::kKb, kKiB* kKiB},
    {"MB", GucUnit::kKb, kKiB},
    {"kB", GucUnit::kKb, 1.0},
    {"B", GucUnit::kKb, 1.0 / kKiB},
    {"TB", GucUnit::kMb, kKiB* kKiB},
    {"GB", GucUnit::kMb, kKiB},
    {"MB", GucUnit::kMb, 1.0},
    {"kB", GucUnit::kMb, 1.0 / kKiB},
    {"B", GucUnit::kMb, 1.0 / (kKiB * kKiB)},
    {"TB", GucUnit::kBlocks, kKiB* kKiB* kKiB* kKiB / kBlockBytes},
    {"GB", GucUnit::kBlocks, kKiB* kKiB* kKiB / kBlockBytes},
    {"MB", GucUnit::kBlocks, kKiB* kKiB / kBlockBytes},
    {"kB", GucUnit::kBlocks, kKiB / kBlockBytes},
    {"B", GucUnit::kBlocks, 1.0 / kBlockBytes},
};

constexpr UnitConversion kTimeUnits[] = {
    {"d", GucUnit::kMs, 1000.0 * 60 * 60 * 24},
    {"h", GucUnit::kMs, 1000.0 * 60 * 60},
    {"min", GucUnit::kMs, 1000.0 * 60},
    {"s", GucUnit::kMs, 1000.0},
    {"ms", GucUnit::kMs, 1.0},
    {"us", GucUnit::kMs, 1.0 / 1000},
    {"d", GucUnit::kS, 60.0 * 60 * 24},
    {"h", GucUnit::kS, 60.0 * 60},
    {"min", GucUnit::kS, 60.0},
    {"s", GucUnit::kS, 1.0},
    {"ms", GucUnit::kS, 1.0 / 1000},
    {"us", GucUnit::kS, 1.0 / (1000 * 1000)},
    {"d", GucUnit::kMin, 60.0 * 24},
    {"h", GucUnit::kMin, 60.0},
    {"min", GucUnit::kMin, 1.0},
    {"s", GucUnit::kMin, 1.0 / 60},
    {"ms", GucUnit::kMin, 1.0 / (1000 * 60)},
    {"us", GucUnit::kMin, 1.0 / (1000 * 1000 * 60)},
};

constexpr std::string_view kMemoryHint =
    "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".";
constexpr std::string_view kTimeHint =
    "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".";
constexpr size_t kMaxUnitLen = 3;

bool IsTimeUnit(GucUnit unit) {
  return unit == GucUnit::kMs || unit == GucUnit::kS || unit == GucUnit::kMin;
}

std::span<const UnitConversion> TableFor(GucUnit unit) {
  if (IsTimeUnit(unit)) return kTimeUnits;
  return kMemoryUnits;
}

// Converts `value` given in `unit_text` to the base unit. Fractions are rounded to a
// multiple of the next smaller unit, as PostgreSQL does ("30.1GB").
bool ConvertToBaseUnit(double value, std::string_view unit_text, GucUnit base, double* out) {
  std::span<const UnitConversion> table = TableFor(base);
  for (size_t idx = 0; idx < table.size(); ++idx) {
    if (table[idx].base != base || table[idx].unit != unit_text) continue;
    double converted = value * table[idx].multiplier;
    if (idx + 1 < table.size() && table[idx + 1].base == base) {
      converted = std::rint(converted / table[idx + 1].multiplier) * table[idx + 1].multiplier;
    }
    *out = converted;
    return true;
  }
  return false;
}

bool IsSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Parses the optional unit suffix at text[pos..]; applies it to *value.
bool ApplyUnitSuffix(std::string_view text, size_t pos, GucUnit unit, double* value,
                     std::string* hint) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (pos == text.size()) return true;
  if (unit == GucUnit::kNone) return false;
  size_t unit_begin = pos;
  while (pos < text.size() && !IsSpace(text[pos]) && pos - unit_begin < kMaxUnitLen) ++pos;
  std::string_view unit_text = text.substr(unit_begin, pos - unit_begin);
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (pos == text.size() && ConvertToBaseUnit(*value, unit_text, unit, value)) return true;
  if (hint) *hint = IsTimeUnit(unit) ? kTimeHint : kMemoryHint;
  return false;
}

}  // namespace

bool ParseBool(std::string_view text, bool* result) {
  auto is_prefix_of = [&](std::string_view word, size_t min_len) {
    return text.size() >= min_len && text.size() <= word.size() &&
           strncasecmp(text.data(), word.data(), text.size()) == 0;
  };
  if (text.empty()) return false;
  if (is_prefix_of("true", 1) || is_prefix_of("yes", 1) || is_prefix_of("on", 2) || text == "1") {
    *result = true;
    return true;
  }
  if (is_prefix_of("false", 1) || is_prefix_of("no", 1) || is_prefix_of("off", 2) || text == "0") {
    *result = false;
    return true;
  }
  return false;
}

bool ParseInt(std::string_view text, GucUnit unit, int* result, std::string* hint) {
  if (hint) hint->clear();
  std::string buffer(text);  // strtol needs a terminated string
  const char* begin = buffer.c_str();
  char* end = nullptr;
  errno = 0;
  long long integer = std::strtoll(begin, &end, 0);
  double value = static_cast<double>(integer);
  if (end == begin) return false;
  if (*end == '.' || *end == 'e' || *end == 'E' || errno == ERANGE) {
    errno = 0;
    value = std::strtod(begin, &end);
    if (end == begin || errno == ERANGE) return false;
  }
  if (std::isnan(value)) return false;
  if (!ApplyUnitSuffix(buffer, static_cast<size_t>(end - begin), unit, &value, hint)) {
    return false;
  }
  value = std::rint(value);
  if (value > INT_MAX || value < INT_MIN) {
    if (hint) *hint = "Value exceeds integer range.";
    return false;
  }
  *result = static_cast<int>(value);
  return true;
}

bool ParseReal(std::string_view text, GucUnit unit, double* result, std::string* hint) {
  if (hint) hint->clear();
  std::string buffer(text);
  const char* begin = buffer.c_str();
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(begin, &end);
  if (end == begin || errno != 0 || std::isnan(value)) return false;
  if (!ApplyUnitSuffix(buffer, static_cast<size_t>(end - begin), unit, &value, hint)) {
    return false;
  }
  *result = value;
  return true;
}

std::string FormatInt(int64_t value, GucUnit unit) {
  if (value <= 0 || unit == GucUnit::kNone) return std::to_string(value);
  for (const UnitConversion& entry : TableFor(unit)) {
    if (entry.base != unit) continue;
    if (entry.multiplier <= 1.0 || value % static_cast<int64_t>(entry.multiplier) == 0) {
      auto shown = static_cast<int64_t>(std::rint(static_cast<double>(value) / entry.multiplier));
      return fmt::format("{}{}", shown, entry.unit);
    }
  }
  return std::to_string(value);
}

std::string FormatReal(double value, GucUnit unit) {
  if (!(value > 0) || unit == GucUnit::kNone) return FormatG(value);
  double shown = value;
  std::string_view shown_unit;
  for (const UnitConversion& entry : TableFor(unit)) {
    if (entry.base != unit) continue;
    shown = value / entry.multiplier;
    shown_unit = entry.unit;
    if (shown > 0 && std::fabs(std::rint(shown) / shown - 1.0) <= 1e-8) break;
  }
  return FormatG(shown) + std::string(shown_unit);
}

std::string FormatG(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

}  // namespace hyrax::guc
