// The GUC registry: every run-time setting of the server, defined once at process start
// by server/config (bound to the C++ global of its owning layer, or to registry storage),
// then changed by hyrax.conf, the command line, the startup packet and SET with
// PostgreSQL's rules for contexts, source priorities and transactions (SET is reverted
// when its transaction aborts, SET LOCAL ends with the transaction). One registry per
// process; not thread-safe. Semantics: common/guc/README.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/guc/guc_types.h"

namespace hyrax::guc {

// ---- Definition (server/config at process start, before any value is read) ----

// Registers a setting and sets its variable to `spec.boot` (source kDefault). Requires:
// the name is not defined yet (a placeholder of that name is replaced and its value
// re-applied). Throws XX000 on a duplicate or malformed definition.
void DefineBool(const VarSpec<bool>& spec);
void DefineInt(const VarSpec<int>& spec);
void DefineReal(const VarSpec<double>& spec);
void DefineString(const VarSpec<std::string>& spec);
void DefineEnum(const VarSpec<int>& spec);  // variable holds the EnumEntry value

bool IsDefined(std::string_view name);
// Forgets every definition and all state (tests only).
void ResetRegistryForTesting();
// Children forked by the postmaster call this: PGC_BACKEND settings changed in hyrax.conf
// then apply only to new connections, as in PostgreSQL.
void SetUnderPostmaster(bool under_postmaster);

// ---- Changing values ----

enum class SetAction : uint8_t {
  kSet,    // SET / set_config(..., false): reverted only if the transaction aborts
  kLocal,  // SET LOCAL / set_config(..., true): reverted at transaction end
  kSave,   // function SET clause: restored when its nest level ends
};

struct SetOptions {
  GucContext context = GucContext::kUser;
  GucSource source = GucSource::kSession;
  SetAction action = SetAction::kSet;
  // false: validate only (hyrax.conf is checked completely before anything is applied).
  bool change_value = true;
  std::string_view source_file = {};  // for values from hyrax.conf (pg_settings.sourcefile)
  int source_line = 0;
};

// PostgreSQL's set_config_option. `value` nullopt means "reset": to the boot value for
// source kDefault, else to the reset value (RESET, SET ... TO DEFAULT). Names are matched
// case-insensitively; a name containing a dot that is not defined becomes a string
// placeholder (custom option). Returns true when the value took effect, false when it was
// ignored because a higher-priority source set it (or a restart-only setting changed on
// reload: logged, and pending_restart is set).
// Throws Error: 42704 unrecognized configuration parameter, 42602 invalid custom name,
// 55P02 cannot be changed (now / without restarting / after connection start), 42501
// permission denied, 22023 invalid value / out of range / rejected by the check hook.
bool SetConfigOption(std::string_view name, std::optional<std::string_view> value,
                     const SetOptions& options);

// RESET ALL: every kUser/kSuperuser setting without kNoResetAll back to its reset value
// (transactional, like SET).
void ResetAllOptions();

// Settings last set from hyrax.conf that the file no longer mentions (`names_in_file`,
// any case) go back to their default, logged as PostgreSQL does ("parameter \"%s\"
// removed from configuration file, reset to default"). Used by the reload path.
void ResetRemovedFileSettings(const std::vector<std::string>& names_in_file);

// ---- Reading values ----

// The display form (with units) used by SHOW, current_setting() and ParameterStatus.
// Throws 42704 for an unknown name, 42501 for a kSuperuserOnly setting when
// !is_superuser ("must be superuser or have privileges of pg_read_all_settings to
// examine \"%s\"").
std::string ShowOption(std::string_view name, bool is_superuser = true);
// Like ShowOption but returns nullopt for an unknown name.
std::optional<std::string> GetConfigOption(std::string_view name, bool is_superuser = true);
// The canonical spelling of a defined name ("DateStyle" for "datestyle"); nullopt if none.
std::optional<std::string> CanonicalName(std::string_view name);
std::optional<GucType> TypeOf(std::string_view name);
uint32_t FlagsOf(std::string_view name);  // 0 for an unknown name

// current_setting(name [, missing_ok]): nullopt only when missing_ok and unknown.
std::optional<std::string> CurrentSetting(std::string_view name, bool missing_ok,
                                          bool is_superuser);
// set_config(name, value, is_local): sets with source kSession and returns the new
// display value. `value` nullopt resets. Throws as SetConfigOption.
std::string SetConfig(std::string_view name, std::optional<std::string_view> value, bool is_local,
                      bool is_superuser);

// ---- Transactions (called by the transaction code, storage/txn) ----

// Start of a top-level transaction: nest level 1.
void AtTransactionStart();
// Start of a subtransaction (savepoint) or of a function with SET clauses: returns the
// new nest level, to be passed to AtNestLevelEnd.
int NewNestLevel();
// End of the nest level `nest_level` (> 1): on abort every change made at or inside it is
// undone; on commit they are handed to the enclosing level.
void AtNestLevelEnd(int nest_level, bool commit);
// End of the top-level transaction: abort undoes every SET made in it; commit keeps SET
// values and drops SET LOCAL ones. Leaves nest level 0.
void AtTransactionEnd(bool commit);
int CurrentNestLevel();

// ---- ParameterStatus ----

using ParameterList = std::vector<std::pair<std::string, std::string>>;
// Every kReport setting with its display value, remembered as reported (session start).
ParameterList BeginReporting();
// kReport settings whose display value differs from the last one reported (sent before
// ReadyForQuery), remembered as reported.
ParameterList TakeReportChanges();

// ---- SHOW ALL and pg_settings ----

// One row of pg_settings (PostgreSQL's column names and text forms).
struct SettingRow {
  std::string name;
  std::string setting;  // without unit (pg_settings.setting)
  std::string unit;     // "" for none
  std::string category;
  std::string short_desc;
  std::string context;
  std::string vartype;
  std::string source;
  std::optional<std::string> min_val, max_val;
  std::optional<std::vector<std::string>> enumvals;
  std::string boot_val, reset_val;
  std::optional<std::string> sourcefile;
  std::optional<int> sourceline;
  bool pending_restart = false;
  std::string shown;  // display form with units (SHOW ALL)
};

// Rows sorted by name; kNoShowAll settings are left out, and kSuperuserOnly ones unless
// `is_superuser` (what SHOW ALL and pg_settings list).
std::vector<SettingRow> GetSettingRows(bool is_superuser);

}  // namespace hyrax::guc
