// Validation of proposed setting values: PostgreSQL's parse_and_validate_value (type
// parsing, unit conversion, range checks with PostgreSQL's messages, enum lookup, the
// check hook) for the registry in guc_registry.cpp.
#include <strings.h>

#include <fmt/format.h>

#include "common/error.h"
#include "common/guc/guc_value.h"
#include "common/guc/guc_variable.h"

namespace hyrax::guc::internal {

void ThrowSetError(SqlState code, std::string message, std::string detail, std::string hint) {
  Error error(code, std::move(message));
  if (!detail.empty()) std::move(error).Detail(std::move(detail));
  if (!hint.empty()) std::move(error).Hint(std::move(hint));
  throw error;
}

namespace {

std::string InvalidValueMessage(std::string_view name, std::string_view value) {
  return fmt::format("invalid value for parameter \"{}\": \"{}\"", name, value);
}

std::string UnitSuffix(GucUnit unit) {
  std::string_view unit_name = UnitName(unit);
  return unit_name.empty() ? "" : fmt::format(" {}", unit_name);
}

Value ParseEnum(const Variable& var, std::string_view name, std::string_view text) {
  std::string available;
  for (const internal::OwnedEnumEntry& entry : var.options) {
    if (entry.name.size() == text.size() &&
        strncasecmp(entry.name.data(), text.data(), text.size()) == 0) {
      return entry.value;
    }
    if (entry.hidden) continue;
    if (!available.empty()) available += ", ";
    available += entry.name;
  }
  ThrowSetError(errcode::kInvalidParameterValue, InvalidValueMessage(name, text), {},
                fmt::format("Available values: {}.", available));
}

Value ParseInteger(const Variable& var, std::string_view name, std::string_view text) {
  int parsed = 0;
  std::string hint;
  if (!ParseInt(text, var.unit, &parsed, &hint)) {
    ThrowSetError(errcode::kInvalidParameterValue, InvalidValueMessage(name, text), {}, hint);
  }
  if (parsed < var.min || parsed > var.max) {
    ThrowSetError(errcode::kInvalidParameterValue,
                  fmt::format("{}{} is outside the valid range for parameter \"{}\" ({} .. {})",
                              parsed, UnitSuffix(var.unit), name, static_cast<int>(var.min),
                              static_cast<int>(var.max)));
  }
  return parsed;
}

Value ParseFloat(const Variable& var, std::string_view name, std::string_view text) {
  double parsed = 0;
  std::string hint;
  if (!ParseReal(text, var.unit, &parsed, &hint)) {
    ThrowSetError(errcode::kInvalidParameterValue,
                  fmt::format("parameter \"{}\" requires a numeric value", name), {}, hint);
  }
  if (parsed < var.min || parsed > var.max) {
    ThrowSetError(errcode::kInvalidParameterValue,
                  fmt::format("{}{} is outside the valid range for parameter \"{}\" ({} .. {})",
                              FormatG(parsed), UnitSuffix(var.unit), name, FormatG(var.min),
                              FormatG(var.max)));
  }
  return parsed;
}

// Truncates to PostgreSQL's NAMEDATALEN - 1 bytes without splitting a UTF-8 character.
std::string TruncateName(std::string_view text) {
  constexpr size_t kMaxNameBytes = 63;
  if (text.size() <= kMaxNameBytes) return std::string(text);
  size_t cut = kMaxNameBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

}  // namespace

// PostgreSQL's parse_and_validate_value: text -> typed value, range and check hook.
Value ParseAndCheck(const Variable& var, std::string_view name, std::string_view text) {
  Value value;
  switch (var.type) {
    case GucType::kBool: {
      bool parsed = false;
      if (!ParseBool(text, &parsed)) {
        ThrowSetError(errcode::kInvalidParameterValue,
                      fmt::format("parameter \"{}\" requires a Boolean value", name));
      }
      value = parsed;
      break;
    }
    case GucType::kInt:
      value = ParseInteger(var, name, text);
      break;
    case GucType::kReal:
      value = ParseFloat(var, name, text);
      break;
    case GucType::kString:
      value = (var.flags & flag::kIsName) ? TruncateName(text) : std::string(text);
      break;
    case GucType::kEnum:
      value = ParseEnum(var, name, text);
      break;
  }
  CheckFailure failure;
  if (var.check && !var.check(value, failure)) {
    ThrowSetError(failure.code,
                  failure.message.empty() ? InvalidValueMessage(name, text) : failure.message,
                  failure.detail, failure.hint);
  }
  return value;
}

}  // namespace hyrax::guc::internal
