// Session settings (GUCs) read by the type I/O functions: extra_float_digits, DateStyle,
// IntervalStyle, TimeZone and bytea_output, plus the clock hook behind now(). Binding in
// the server's GUC table (common/guc VarSpec):
//   extra_float_digits  .variable = &g_extra_float_digits
//   IntervalStyle       enum; assign: g_interval_style = IntervalStyle(value) (the enum
//                       values below are PostgreSQL's: postgres 0 ... iso_8601 3)
//   bytea_output        enum; assign: g_bytea_output = ByteaOutput(value) (escape 0, hex 1)
//   DateStyle           string; assign: SetDateStyle(value)
//   TimeZone            string; check: IsValidTimeZone(value), assign: SetTimeZone(value)
// The Set* functions validate the text form as PostgreSQL's check hooks do and leave the
// old value on failure. Per-process globals: one session per backend process. See
// executor/types/README.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hyrax::executor {

// extra_float_digits: -15..3, default 1 (shortest-exact float output when > 0).
extern int g_extra_float_digits;

// DateStyle output format and input field order (PostgreSQL's DateStyle / DateOrder).
enum class DateStyle : uint8_t { kIso, kSql, kPostgres, kGerman };
enum class DateOrder : uint8_t { kYmd, kDmy, kMdy };
extern DateStyle g_date_style;  // default kIso
extern DateOrder g_date_order;  // default kMdy

enum class IntervalStyle : uint8_t { kPostgres, kPostgresVerbose, kSqlStandard, kIso8601 };
extern IntervalStyle g_interval_style;  // default kPostgres

enum class ByteaOutput : uint8_t { kEscape, kHex };
extern ByteaOutput g_bytea_output;  // default kHex

// Each Set* returns false (changing nothing) when `value` is not valid for the setting;
// the GUC layer then raises 22023 invalid value for parameter "<name>": "<value>".
bool SetExtraFloatDigits(std::string_view value);
std::string ShowExtraFloatDigits();
// Accepts PostgreSQL's forms: "ISO, MDY", "iso", "DMY", "SQL, DMY", "Postgres", "European" ...
bool SetDateStyle(std::string_view value);
std::string ShowDateStyle();  // canonical "ISO, MDY"
bool SetIntervalStyle(std::string_view value);
std::string ShowIntervalStyle();
bool SetByteaOutput(std::string_view value);
std::string ShowByteaOutput();
// Accepts IANA zone names from /usr/share/zoneinfo (case-insensitive, as PostgreSQL),
// "UTC"/"GMT", numeric hours ("-5", "5.5") and POSIX TZ specs ("+02:00" = two hours west,
// "UTC+3", "<+03>-3", "EST5EDT"). Abbreviations that are not zone files ("PST") are
// rejected, as in PostgreSQL. Default "UTC".
bool SetTimeZone(std::string_view value);
// Whether SetTimeZone(value) would succeed; changes nothing (loads and caches the zone).
bool IsValidTimeZone(std::string_view value);
std::string ShowTimeZone();

// Sets any of the settings above by its GUC name (case-insensitive). Returns nullopt when
// `name` is not one of them, else whether the value was accepted.
std::optional<bool> SetTypeSetting(std::string_view name, std::string_view value);
// Restores every setting above to its default (tests, RESET ALL).
void ResetTypeSettings();

// The clock behind now()/current_timestamp (transaction start), statement_timestamp() and
// clock_timestamp(), as microseconds since 2000-01-01 00:00 UTC. The backend installs hooks
// returning its transaction/statement start times; unset hooks read the system clock.
using TimestampHook = int64_t (*)();
extern TimestampHook g_transaction_start_hook;
extern TimestampHook g_statement_start_hook;
int64_t TransactionStartTimestamp();
int64_t StatementStartTimestamp();
int64_t CurrentClockTimestamp();

}  // namespace hyrax::executor
