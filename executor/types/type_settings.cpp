// Session settings read by type I/O (see type_settings.h). DateStyle parsing follows
// PostgreSQL's check_datestyle; TimeZone delegates to timezone.h.
#include "executor/types/type_settings.h"

#include <chrono>
#include <cstdlib>
#include <strings.h>
#include <vector>

#include "executor/types/timezone.h"

namespace hyrax::executor {

int g_extra_float_digits = 1;
DateStyle g_date_style = DateStyle::kIso;
DateOrder g_date_order = DateOrder::kMdy;
IntervalStyle g_interval_style = IntervalStyle::kPostgres;
ByteaOutput g_bytea_output = ByteaOutput::kHex;
TimestampHook g_transaction_start_hook = nullptr;
TimestampHook g_statement_start_hook = nullptr;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

std::vector<std::string_view> SplitList(std::string_view value) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ',' || value[i] == ' ' || value[i] == '\t')) ++i;
    size_t start = i;
    while (i < value.size() && value[i] != ',' && value[i] != ' ' && value[i] != '\t') ++i;
    if (i > start) tokens.push_back(value.substr(start, i - start));
  }
  return tokens;
}

struct DateStyleParse {
  DateStyle style;
  DateOrder order;
  bool have_style = false;
  bool have_order = false;
  bool ok = true;

  void Style(DateStyle s) {
    if (have_style && style != s) ok = false;
    style = s;
    have_style = true;
  }
  void Order(DateOrder o) {
    if (have_order && order != o) ok = false;
    order = o;
    have_order = true;
  }
};

bool ApplyDateStyleToken(std::string_view tok, DateStyleParse& p) {
  if (EqualsIgnoreCase(tok, "ISO")) {
    p.Style(DateStyle::kIso);
  } else if (EqualsIgnoreCase(tok, "SQL")) {
    p.Style(DateStyle::kSql);
  } else if (StartsWithIgnoreCase(tok, "POSTGRES")) {
    p.Style(DateStyle::kPostgres);
  } else if (EqualsIgnoreCase(tok, "GERMAN")) {
    p.Style(DateStyle::kGerman);
    if (!p.have_order) p.order = DateOrder::kDmy;  // GERMAN implies DMY unless overridden
  } else if (EqualsIgnoreCase(tok, "YMD")) {
    p.Order(DateOrder::kYmd);
  } else if (EqualsIgnoreCase(tok, "DMY") || StartsWithIgnoreCase(tok, "EURO")) {
    p.Order(DateOrder::kDmy);
  } else if (EqualsIgnoreCase(tok, "MDY") || EqualsIgnoreCase(tok, "US") ||
             StartsWithIgnoreCase(tok, "NONEURO")) {
    p.Order(DateOrder::kMdy);
  } else if (EqualsIgnoreCase(tok, "DEFAULT")) {
    p.Style(DateStyle::kIso);
    p.Order(DateOrder::kMdy);
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool SetExtraFloatDigits(std::string_view value) {
  std::string copy(value);
  char* end = nullptr;
  long v = std::strtol(copy.c_str(), &end, 10);
  while (end != nullptr && (*end == ' ' || *end == '\t')) ++end;
  if (copy.empty() || end == nullptr || *end != '\0' || v < -15 || v > 3) return false;
  g_extra_float_digits = static_cast<int>(v);
  return true;
}

std::string ShowExtraFloatDigits() {
  return std::to_string(g_extra_float_digits);
}

bool SetDateStyle(std::string_view value) {
  DateStyleParse p{g_date_style, g_date_order};
  std::vector<std::string_view> tokens = SplitList(value);
  if (tokens.empty()) return false;
  for (std::string_view tok : tokens) {
    if (!ApplyDateStyleToken(tok, p)) return false;
  }
  if (!p.ok) return false;
  g_date_style = p.style;
  g_date_order = p.order;
  return true;
}

std::string ShowDateStyle() {
  static const char* const kStyles[] = {"ISO", "SQL", "Postgres", "German"};
  static const char* const kOrders[] = {"YMD", "DMY", "MDY"};
  return std::string(kStyles[static_cast<int>(g_date_style)]) + ", " +
         kOrders[static_cast<int>(g_date_order)];
}

bool SetIntervalStyle(std::string_view value) {
  static const struct {
    const char* name;
    IntervalStyle style;
  } kStyles[] = {{"postgres", IntervalStyle::kPostgres},
                 {"postgres_verbose", IntervalStyle::kPostgresVerbose},
                 {"sql_standard", IntervalStyle::kSqlStandard},
                 {"iso_8601", IntervalStyle::kIso8601}};
  for (const auto& s : kStyles) {
    if (EqualsIgnoreCase(value, s.name)) {
      g_interval_style = s.style;
      return true;
    }
  }
  return false;
}

std::string ShowIntervalStyle() {
  static const char* const kNames[] = {"postgres", "postgres_verbose", "sql_standard", "iso_8601"};
  return kNames[static_cast<int>(g_interval_style)];
}

bool SetByteaOutput(std::string_view value) {
  if (EqualsIgnoreCase(value, "hex")) {
    g_bytea_output = ByteaOutput::kHex;
  } else if (EqualsIgnoreCase(value, "escape")) {
    g_bytea_output = ByteaOutput::kEscape;
  } else {
    return false;
  }
  return true;
}

std::string ShowByteaOutput() {
  return g_bytea_output == ByteaOutput::kHex ? "hex" : "escape";
}

bool SetTimeZone(std::string_view value) {
  return SetSessionTimeZone(value);
}

bool IsValidTimeZone(std::string_view value) {
  return ParseTimeZoneSetting(value) != nullptr;
}

std::string ShowTimeZone() {
  return SessionTimeZone().name();
}

std::optional<bool> SetTypeSetting(std::string_view name, std::string_view value) {
  if (EqualsIgnoreCase(name, "extra_float_digits")) return SetExtraFloatDigits(value);
  if (EqualsIgnoreCase(name, "DateStyle")) return SetDateStyle(value);
  if (EqualsIgnoreCase(name, "IntervalStyle")) return SetIntervalStyle(value);
  if (EqualsIgnoreCase(name, "bytea_output")) return SetByteaOutput(value);
  if (EqualsIgnoreCase(name, "TimeZone")) return SetTimeZone(value);
  return std::nullopt;
}

void ResetTypeSettings() {
  g_extra_float_digits = 1;
  g_date_style = DateStyle::kIso;
  g_date_order = DateOrder::kMdy;
  g_interval_style = IntervalStyle::kPostgres;
  g_bytea_output = ByteaOutput::kHex;
  SetSessionTimeZone("UTC");
}

int64_t CurrentClockTimestamp() {
  // Microseconds between 1970-01-01 and 2000-01-01.
  constexpr int64_t kEpochShift = 946684800LL * 1000000;
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count() - kEpochShift;
}

int64_t TransactionStartTimestamp() {
  return g_transaction_start_hook != nullptr ? g_transaction_start_hook() : CurrentClockTimestamp();
}

int64_t StatementStartTimestamp() {
  return g_statement_start_hook != nullptr ? g_statement_start_hook() : CurrentClockTimestamp();
}

}  // namespace hyrax::executor
