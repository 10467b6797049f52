// The GUC registry: definitions, lookup, and PostgreSQL's set_config_option (context and
// permission checks, source priorities, reset values, placeholders for custom options).
// Value validation is in guc_validate.cpp, transaction nesting in guc_xact.cpp, reporting
// and pg_settings in guc_settings.cpp.
#include <cctype>
#include <set>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/guc/guc_value.h"
#include "common/guc/guc_variable.h"
#include "common/logging.h"

namespace hyrax::guc {

using internal::Find;
using internal::ParseAndCheck;
using internal::SourcedValue;
using internal::StackState;
using internal::ThrowSetError;
using internal::Value;
using internal::Variable;

namespace internal {

std::map<std::string, std::unique_ptr<Variable>>& Registry() {
  static std::map<std::string, std::unique_ptr<Variable>> registry;
  return registry;
}

std::string Lower(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

Variable* Find(std::string_view name) {
  auto it = Registry().find(Lower(name));
  return it == Registry().end() ? nullptr : it->second.get();
}

Value Variable::Get() const {
  return std::visit([](auto* ptr) -> Value { return *ptr; }, target);
}

bool& ReportDirty() {
  static bool dirty = true;
  return dirty;
}

void Variable::Put(const Value& value) {
  std::visit(
      [&](auto* ptr) {
        using T = std::remove_pointer_t<decltype(ptr)>;
        *ptr = std::get<T>(value);
      },
      target);
  if (flags & flag::kReport) ReportDirty() = true;
  if (assign) assign(value);
}

std::string FormatValue(const Variable& var, const Value& value, bool use_units) {
  switch (var.type) {
    case GucType::kBool:
      return std::get<bool>(value) ? "on" : "off";
    case GucType::kInt:
      return use_units ? FormatInt(std::get<int>(value), var.unit)
                       : std::to_string(std::get<int>(value));
    case GucType::kReal:
      return use_units ? FormatReal(std::get<double>(value), var.unit)
                       : FormatG(std::get<double>(value));
    case GucType::kString:
      return std::get<std::string>(value);
    case GucType::kEnum:
      for (const OwnedEnumEntry& entry : var.options) {
        if (entry.value == std::get<int>(value)) return entry.name;
      }
      return "???";
  }
  return "";
}

std::string Show(const Variable& var, bool use_units) {
  if (var.show) return var.show();
  return FormatValue(var, var.Get(), use_units);
}

}  // namespace internal

namespace {

bool g_under_postmaster = false;

template <typename T>
Variable& AddVariable(const VarSpec<T>& spec, GucType type) {
  auto var = std::make_unique<Variable>();
  var->name = std::string(spec.name);
  var->type = type;
  var->context = spec.context;
  var->group = spec.group;
  var->short_desc = std::string(spec.short_desc);
  var->flags = spec.flags;
  var->unit = spec.unit;
  if constexpr (std::is_arithmetic_v<T>) {
    var->min = static_cast<double>(spec.min);
    var->max = static_cast<double>(spec.max);
  }
  for (const EnumEntry& entry : spec.options) {
    var->options.push_back({std::string(entry.name), entry.value, entry.hidden});
  }
  if (spec.variable) {
    var->target = spec.variable;
  } else {
    var->owned = T{};
    var->target = &std::get<T>(var->owned);
  }
  if (spec.check) {
    var->check = [check = spec.check](Value& value, CheckFailure& failure) {
      T typed = std::get<T>(value);
      bool ok = check(typed, failure);
      value = std::move(typed);
      return ok;
    };
  }
  if (spec.assign) {
    var->assign = [assign = spec.assign](const Value& value) { assign(std::get<T>(value)); };
  }
  var->show = spec.show;

  Value boot = spec.boot;
  CheckFailure failure;
  if (var->check && !var->check(boot, failure)) {
    ThrowInternalError(__FILE__, __LINE__, "boot value of \"" + var->name + "\" is invalid");
  }
  var->boot = boot;
  var->reset = {boot, GucSource::kDefault, GucContext::kInternal};
  var->current_meta = var->reset;

  std::string key = internal::Lower(spec.name);
  auto& registry = internal::Registry();
  std::optional<SourcedValue> placeholder_value;
  if (auto it = registry.find(key); it != registry.end()) {
    if (!it->second->placeholder) {
      ThrowInternalError(__FILE__, __LINE__, "duplicate GUC definition \"" + var->name + "\"");
    }
    placeholder_value = SourcedValue{it->second->Get(), it->second->current_meta.source,
                                     it->second->current_meta.scontext};
    registry.erase(it);
  }
  Variable& stored = *registry.emplace(key, std::move(var)).first->second;
  stored.Put(boot);
  if (placeholder_value && placeholder_value->source != GucSource::kDefault) {
    try {
      SetConfigOption(
          stored.name, std::get<std::string>(placeholder_value->value),
          {.context = placeholder_value->scontext, .source = placeholder_value->source});
    } catch (const Error& error) {
      log::Warning("{}", error.message());
    }
  }
  return stored;
}

bool IsIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsIdentifierChar(char c) {
  return IsIdentifierStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// PostgreSQL's valid_custom_variable_name: two or more identifiers separated by dots.
bool IsValidCustomName(std::string_view name) {
  bool saw_dot = false;
  bool at_start = true;
  for (char c : name) {
    if (c == '.') {
      if (at_start) return false;
      saw_dot = true;
      at_start = true;
    } else if (at_start ? IsIdentifierStart(c) : IsIdentifierChar(c)) {
      at_start = false;
    } else {
      return false;
    }
  }
  return saw_dot && !at_start;
}

Variable& DefinePlaceholder(std::string_view name) {
  if (name.find('.') == std::string_view::npos) {
    ThrowSetError(errcode::kUndefinedObject,
                  fmt::format("unrecognized configuration parameter \"{}\"", name));
  }
  if (!IsValidCustomName(name)) {
    ThrowSetError(errcode::kInvalidName,
                  fmt::format("invalid configuration parameter name \"{}\"", name),
                  "Custom parameter names must be two or more simple identifiers separated "
                  "by dots.");
  }
  Variable& var = AddVariable<std::string>({.name = name,
                                            .context = GucContext::kUser,
                                            .group = GucGroup::kCustomOptions,
                                            .short_desc = "",
                                            .flags = flag::kNoShowAll | flag::kNotInSample},
                                           GucType::kString);
  var.placeholder = true;
  return var;
}

enum class ContextVerdict { kProceed, kIgnore };

// PostgreSQL's context checks in set_config_option (restart-only settings on reload are
// handled by the caller).
ContextVerdict CheckContext(const Variable& var, std::string_view name, const SetOptions& opt) {
  const GucContext ctx = opt.context;
  auto refuse = [&](SqlState code, const char* format) {
    ThrowSetError(code, fmt::format(fmt::runtime(format), name));
  };
  switch (var.context) {
    case GucContext::kInternal:
      if (ctx == GucContext::kSighup) return ContextVerdict::kIgnore;
      if (ctx != GucContext::kInternal) {
        refuse(errcode::kCantChangeRuntimeParam, "parameter \"{}\" cannot be changed");
      }
      break;
    case GucContext::kPostmaster:
      if (ctx != GucContext::kPostmaster && ctx != GucContext::kSighup) {
        refuse(errcode::kCantChangeRuntimeParam,
               "parameter \"{}\" cannot be changed without restarting the server");
      }
      break;
    case GucContext::kSighup:
      if (ctx != GucContext::kSighup && ctx != GucContext::kPostmaster) {
        refuse(errcode::kCantChangeRuntimeParam, "parameter \"{}\" cannot be changed now");
      }
      break;
    case GucContext::kSuperuserBackend:
    case GucContext::kBackend:
      if (var.context == GucContext::kSuperuserBackend && ctx == GucContext::kBackend) {
        refuse(errcode::kInsufficientPrivilege, "permission denied to set parameter \"{}\"");
      }
      if (ctx == GucContext::kSighup) {
        if (g_under_postmaster) return ContextVerdict::kIgnore;
      } else if (ctx != GucContext::kPostmaster && ctx != GucContext::kBackend &&
                 ctx != GucContext::kSuperuserBackend && opt.source != GucSource::kClient) {
        refuse(errcode::kCantChangeRuntimeParam,
               "parameter \"{}\" cannot be set after connection start");
      }
      break;
    case GucContext::kSuperuser:
      if (ctx == GucContext::kUser || ctx == GucContext::kBackend) {
        refuse(errcode::kInsufficientPrivilege, "permission denied to set parameter \"{}\"");
      }
      break;
    case GucContext::kUser:
      break;
  }
  return ContextVerdict::kProceed;
}

StackState StateFor(SetAction action) {
  switch (action) {
    case SetAction::kSet:
      return StackState::kSet;
    case SetAction::kLocal:
      return StackState::kLocal;
    case SetAction::kSave:
      return StackState::kSave;
  }
  return StackState::kSet;
}

// A restart-only setting seen again on reload: never applied; a different value marks it
// pending_restart, as PostgreSQL does.
bool NoteRestartOnlyChange(Variable& var, std::string_view name, std::string_view text) {
  Value proposed = ParseAndCheck(var, name, text);
  var.pending_restart = proposed != var.Get();
  if (var.pending_restart) {
    log::Log("parameter \"{}\" cannot be changed without restarting the server", name);
  }
  return false;
}

}  // namespace

void DefineBool(const VarSpec<bool>& spec) {
  AddVariable(spec, GucType::kBool);
}
void DefineInt(const VarSpec<int>& spec) {
  AddVariable(spec, GucType::kInt);
}
void DefineReal(const VarSpec<double>& spec) {
  AddVariable(spec, GucType::kReal);
}
void DefineString(const VarSpec<std::string>& spec) {
  AddVariable(spec, GucType::kString);
}

void DefineEnum(const VarSpec<int>& spec) {
  for (const EnumEntry& entry : spec.options) {
    if (entry.value == spec.boot) {
      AddVariable(spec, GucType::kEnum);
      return;
    }
  }
  ThrowInternalError(__FILE__, __LINE__,
                     "boot value of enum \"" + std::string(spec.name) + "\" is not an option");
}

bool IsDefined(std::string_view name) {
  return Find(name) != nullptr;
}

void ResetRegistryForTesting() {
  internal::Registry().clear();
  internal::NestLevel() = 0;
  g_under_postmaster = false;
}

void SetUnderPostmaster(bool under_postmaster) {
  g_under_postmaster = under_postmaster;
}

bool SetConfigOption(std::string_view name, std::optional<std::string_view> value,
                     const SetOptions& opt) {
  Variable* found = Find(name);
  Variable& var = found ? *found : DefinePlaceholder(name);
  if (var.context == GucContext::kPostmaster && opt.context == GucContext::kSighup) {
    if (!value) return false;
    if (!opt.change_value) {
      ParseAndCheck(var, name, *value);
      return true;
    }
    return NoteRestartOnlyChange(var, name, *value);
  }
  if (CheckContext(var, name, opt) == ContextVerdict::kIgnore) return false;

  bool change = opt.change_value;
  const bool make_default =
      change && opt.source <= GucSource::kOverride && (value || opt.source == GucSource::kDefault);
  if (var.current_meta.source > opt.source) {
    if (change && !make_default) return false;
    change = false;
  }

  SourcedValue next;
  if (value) {
    next = {ParseAndCheck(var, name, *value), opt.source, opt.context};
  } else if (opt.source == GucSource::kDefault) {
    next = {var.boot, GucSource::kDefault, GucContext::kInternal};
  } else {
    next = var.reset;
  }
  if (!opt.change_value) return true;

  if (make_default) {
    if (var.reset.source <= opt.source) var.reset = next;
    for (internal::StackEntry& entry : var.stack) {
      if (entry.prior.source <= opt.source) entry.prior = next;
    }
  }
  if (!change) return false;
  if (!make_default) internal::PushOldValue(var, StateFor(opt.action));
  var.Put(next.value);
  var.current_meta = {Value{}, next.source, next.scontext};
  if (next.source == GucSource::kFile && !opt.source_file.empty()) {
    var.source_file = std::string(opt.source_file);
    var.source_line = opt.source_line;
  }
  return true;
}

void ResetAllOptions() {
  for (auto& [key, var] : internal::Registry()) {
    if (var->flags & flag::kNoResetAll) continue;
    if (var->context != GucContext::kSuperuser && var->context != GucContext::kUser) continue;
    if (var->current_meta.source <= GucSource::kOverride) continue;
    internal::PushOldValue(*var, StackState::kSet);
    if (var->Get() != var->reset.value) var->Put(var->reset.value);
    var->current_meta = {Value{}, var->reset.source, var->reset.scontext};
  }
}

void ResetRemovedFileSettings(const std::vector<std::string>& names_in_file) {
  std::set<std::string> present;
  for (const std::string& name : names_in_file) present.insert(internal::Lower(name));
  for (auto& [key, var] : internal::Registry()) {
    bool from_file =
        var->reset.source == GucSource::kFile || var->current_meta.source == GucSource::kFile;
    if (!from_file || present.count(key) || var->context == GucContext::kPostmaster) continue;
    if (var->current_meta.source == GucSource::kFile) {
      var->current_meta.source = GucSource::kDefault;
    }
    if (var->reset.source == GucSource::kFile) var->reset.source = GucSource::kDefault;
    for (internal::StackEntry& entry : var->stack) {
      if (entry.prior.source == GucSource::kFile) entry.prior.source = GucSource::kDefault;
    }
    std::string name = var->name;
    if (SetConfigOption(name, std::nullopt,
                        {.context = GucContext::kSighup, .source = GucSource::kDefault})) {
      log::Log("parameter \"{}\" removed from configuration file, reset to default", name);
    }
  }
}

std::string ShowOption(std::string_view name, bool is_superuser) {
  std::optional<std::string> shown = CurrentSetting(name, false, is_superuser);
  return *shown;
}

std::optional<std::string> GetConfigOption(std::string_view name, bool is_superuser) {
  return CurrentSetting(name, true, is_superuser);
}

std::optional<std::string> CanonicalName(std::string_view name) {
  const Variable* var = Find(name);
  return var ? std::optional<std::string>(var->name) : std::nullopt;
}

std::optional<GucType> TypeOf(std::string_view name) {
  const Variable* var = Find(name);
  return var ? std::optional<GucType>(var->type) : std::nullopt;
}

uint32_t FlagsOf(std::string_view name) {
  const Variable* var = Find(name);
  return var ? var->flags : 0;
}

std::optional<std::string> CurrentSetting(std::string_view name, bool missing_ok,
                                          bool is_superuser) {
  const Variable* var = Find(name);
  if (!var) {
    if (missing_ok) return std::nullopt;
    ThrowSetError(errcode::kUndefinedObject,
                  fmt::format("unrecognized configuration parameter \"{}\"", name));
  }
  if ((var->flags & flag::kSuperuserOnly) && !is_superuser) {
    ThrowSetError(errcode::kInsufficientPrivilege,
                  fmt::format("must be superuser or have privileges of pg_read_all_settings "
                              "to examine \"{}\"",
                              name));
  }
  return internal::Show(*var, true);
}

std::string SetConfig(std::string_view name, std::optional<std::string_view> value, bool is_local,
                      bool is_superuser) {
  SetConfigOption(name, value,
                  {.context = is_superuser ? GucContext::kSuperuser : GucContext::kUser,
                   .source = GucSource::kSession,
                   .action = is_local ? SetAction::kLocal : SetAction::kSet});
  return ShowOption(name, true);
}

}  // namespace hyrax::guc
