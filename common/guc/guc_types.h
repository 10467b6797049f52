// Vocabulary of the GUC registry (PostgreSQL's "grand unified configuration"): setting types,
// contexts (who may change a setting, and when), sources (where a value came from, in
// priority order), units, groups, flags and the typed definition record VarSpec<T> that
// server/config fills for every setting. common/guc/README.md describes the semantics.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "common/errcodes.h"

namespace hyrax::guc {

enum class GucType : uint8_t { kBool, kInt, kReal, kString, kEnum };

// Who may change a setting and when (PostgreSQL's GucContext), from most to least
// restricted. A SET passes kUser or kSuperuser; the startup packet kBackend or
// kSuperuserBackend; reading hyrax.conf at start kPostmaster, on reload kSighup.
enum class GucContext : uint8_t {
  kInternal,          // never changed by users (server_version, block_size)
  kPostmaster,        // at server start only (port, shared_buffers)
  kSighup,            // hyrax.conf + reload (fsync, authentication_timeout)
  kSuperuserBackend,  // at connection start, by superusers
  kBackend,           // at connection start (startup packet)
  kSuperuser,         // SET by superusers (log_min_messages)
  kUser,              // SET by anyone (work_mem, search_path)
};

// Where the current value came from, in increasing priority (PostgreSQL's GucSource). A
// value is not replaced by one from a lower-priority source. Sources up to kOverride also
// set the value RESET returns to; kSession (SET) is transactional.
enum class GucSource : uint8_t {
  kDefault,
  kDynamicDefault,  // computed at start (e.g. wal_buffers from shared_buffers)
  kEnvVar,
  kFile,  // hyrax.conf
  kArgv,  // hyrax start -c name=value
  kGlobal,
  kDatabase,
  kUser,
  kDatabaseUser,
  kClient,    // startup packet
  kOverride,  // set by the server itself (is_superuser, session_authorization)
  kInteractive,
  kTest,
  kSession,  // SET / set_config()
};

// Base unit of an integer or real setting. Input may name any unit of the same kind
// ('1GB', '30s'); SHOW prints the largest unit that divides the value.
enum class GucUnit : uint8_t { kNone, kBytes, kKb, kMb, kBlocks, kMs, kS, kMin };

// pg_settings.category (PostgreSQL's config_group).
enum class GucGroup : uint8_t {
  kUngrouped,
  kFileLocations,
  kConnSettings,
  kConnAuth,
  kConnSsl,
  kResourcesMem,
  kResourcesDisk,
  kResourcesKernel,
  kResourcesAsync,
  kWalSettings,
  kWalCheckpoints,
  kQueryTuningMethod,
  kQueryTuningCost,
  kQueryTuningGeqo,
  kQueryTuningOther,
  kLoggingWhen,
  kLoggingWhat,
  kProcessTitle,
  kAutovacuum,
  kClientStatement,
  kClientLocale,
  kClientOther,
  kLockManagement,
  kCompatPrevious,
  kCompatClient,
  kErrorHandling,
  kPresetOptions,
  kCustomOptions,
  kDeveloperOptions,
};

// Flag bits of a setting (PostgreSQL's GUC_* flags).
namespace flag {
inline constexpr uint32_t kReport = 1u << 0;          // send ParameterStatus when it changes
inline constexpr uint32_t kNoShowAll = 1u << 1;       // hidden from SHOW ALL and pg_settings
inline constexpr uint32_t kNoResetAll = 1u << 2;      // RESET ALL leaves it alone
inline constexpr uint32_t kNotInSample = 1u << 3;     // not written to the sample hyrax.conf
inline constexpr uint32_t kSuperuserOnly = 1u << 4;   // only superusers may read it
inline constexpr uint32_t kListInput = 1u << 5;       // SET takes a comma-separated list
inline constexpr uint32_t kListQuote = 1u << 6;       // list elements are double-quoted
inline constexpr uint32_t kDisallowInFile = 1u << 7;  // cannot be set in hyrax.conf
inline constexpr uint32_t kIsName = 1u << 8;          // value is truncated to 63 bytes
inline constexpr uint32_t kExplain = 1u << 9;         // shown by EXPLAIN (SETTINGS)
}  // namespace flag

// One value of an enum setting. Hidden values are accepted but not listed (enumvals).
struct EnumEntry {
  std::string_view name;
  int value;
  bool hidden = false;
};

// Filled by a check hook that rejects a value. An empty message means PostgreSQL's
// default: invalid value for parameter "%s": "%s".
struct CheckFailure {
  SqlState code = errcode::kInvalidParameterValue;
  std::string message;
  std::string detail;
  std::string hint;
};

// Validates (and may canonicalise) a proposed value before it is stored; returns false to
// reject it. Must not change any state: the value may never be applied.
template <typename T>
using CheckHook = std::function<bool(T& value, CheckFailure& failure)>;
// Called after the value has been stored, to propagate it (e.g. into a typed enum).
template <typename T>
using AssignHook = std::function<void(const T& value)>;
// Replaces the default display of the current value (SHOW, pg_settings.setting).
using ShowHook = std::function<std::string()>;

// The definition of one setting, filled with designated initializers by server/config.
// T is bool, int (also enums), double or std::string.
template <typename T>
struct VarSpec {
  std::string_view name;
  GucContext context = GucContext::kUser;
  GucGroup group = GucGroup::kUngrouped;
  std::string_view short_desc;
  // The C++ global the value lives in (owned by its layer); nullptr = registry-owned
  // storage, readable through GetConfigOption().
  T* variable = nullptr;
  T boot{};
  T min{};  // int and real only
  T max{};
  GucUnit unit = GucUnit::kNone;
  uint32_t flags = 0;
  std::span<const EnumEntry> options{};  // enum only; must outlive the registry
  CheckHook<T> check;
  AssignHook<T> assign;
  ShowHook show;
};

// Text PostgreSQL shows for these (pg_settings.context, .source, .category, .unit, .vartype).
std::string_view ContextName(GucContext context);
std::string_view SourceName(GucSource source);
std::string_view GroupName(GucGroup group);
std::string_view TypeName(GucType type);
// "8kB", "kB", "MB", "B", "ms", "s", "min"; empty for kNone.
std::string_view UnitName(GucUnit unit);

}  // namespace hyrax::guc
