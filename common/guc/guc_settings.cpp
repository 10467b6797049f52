// Reading the registry as a whole: the ParameterStatus report list (all kReport settings
// at session start, then the changed ones before each ReadyForQuery), the rows of SHOW
// ALL / pg_settings, and the names PostgreSQL shows for contexts, sources and groups.
#include "common/guc/guc.h"
#include "common/guc/guc_value.h"
#include "common/guc/guc_variable.h"

namespace hyrax::guc {

using internal::Variable;

ParameterList BeginReporting() {
  ParameterList report;
  for (auto& [key, var] : internal::Registry()) {
    if (!(var->flags & flag::kReport)) continue;
    var->last_reported = internal::Show(*var, true);
    report.emplace_back(var->name, *var->last_reported);
  }
  internal::ReportDirty() = false;
  return report;
}

ParameterList TakeReportChanges() {
  ParameterList report;
  if (!internal::ReportDirty()) return report;
  for (auto& [key, var] : internal::Registry()) {
    if (!(var->flags & flag::kReport)) continue;
    std::string shown = internal::Show(*var, true);
    if (var->last_reported == shown) continue;
    var->last_reported = shown;
    report.emplace_back(var->name, std::move(shown));
  }
  internal::ReportDirty() = false;
  return report;
}

namespace {

SettingRow MakeRow(const Variable& var, bool is_superuser) {
  SettingRow row;
  row.name = var.name;
  row.setting = internal::Show(var, false);
  row.shown = internal::Show(var, true);
  row.unit = std::string(UnitName(var.unit));
  row.category = std::string(GroupName(var.group));
  row.short_desc = var.short_desc;
  row.context = std::string(ContextName(var.context));
  row.vartype = std::string(TypeName(var.type));
  row.source = std::string(SourceName(var.current_meta.source));
  if (var.type == GucType::kInt) {
    row.min_val = std::to_string(static_cast<int>(var.min));
    row.max_val = std::to_string(static_cast<int>(var.max));
  } else if (var.type == GucType::kReal) {
    row.min_val = FormatG(var.min);
    row.max_val = FormatG(var.max);
  } else if (var.type == GucType::kEnum) {
    row.enumvals.emplace();
    for (const internal::OwnedEnumEntry& entry : var.options) {
      if (!entry.hidden) row.enumvals->push_back(entry.name);
    }
  }
  row.boot_val = internal::FormatValue(var, var.boot, false);
  row.reset_val = internal::FormatValue(var, var.reset.value, false);
  if (var.current_meta.source == GucSource::kFile && is_superuser && !var.source_file.empty()) {
    row.sourcefile = var.source_file;
    row.sourceline = var.source_line;
  }
  row.pending_restart = var.pending_restart;
  return row;
}

}  // namespace

std::vector<SettingRow> GetSettingRows(bool is_superuser) {
  std::vector<SettingRow> rows;
  for (auto& [key, var] : internal::Registry()) {
    if (var->flags & flag::kNoShowAll) continue;
    if ((var->flags & flag::kSuperuserOnly) && !is_superuser) continue;
    rows.push_back(MakeRow(*var, is_superuser));
  }
  return rows;
}

std::string_view ContextName(GucContext context) {
  switch (context) {
    case GucContext::kInternal:
      return "internal";
    case GucContext::kPostmaster:
      return "postmaster";
    case GucContext::kSighup:
      return "sighup";
    case GucContext::kSuperuserBackend:
      return "superuser-backend";
    case GucContext::kBackend:
      return "backend";
    case GucContext::kSuperuser:
      return "superuser";
    case GucContext::kUser:
      return "user";
  }
  return "";
}

std::string_view SourceName(GucSource source) {
  constexpr std::string_view kNames[] = {"default",
                                         "default",
                                         "environment variable",
                                         "configuration file",
                                         "command line",
                                         "global",
                                         "database",
                                         "user",
                                         "database user",
                                         "client",
                                         "override",
                                         "interactive",
                                         "test",
                                         "session"};
  return kNames[static_cast<size_t>(source)];
}

std::string_view GroupName(GucGroup group) {
  constexpr std::string_view kNames[] = {
      "Ungrouped",
      "File Locations",
      "Connections and Authentication / Connection Settings",
      "Connections and Authentication / Authentication",
      "Connections and Authentication / SSL",
      "Resource Usage / Memory",
      "Resource Usage / Disk",
      "Resource Usage / Kernel Resources",
      "Resource Usage / Asynchronous Behavior",
      "Write-Ahead Log / Settings",
      "Write-Ahead Log / Checkpoints",
      "Query Tuning / Planner Method Configuration",
      "Query Tuning / Planner Cost Constants",
      "Query Tuning / Genetic Query Optimizer",
      "Query Tuning / Other Planner Options",
      "Reporting and Logging / When to Log",
      "Reporting and Logging / What to Log",
      "Reporting and Logging / Process Title",
      "Autovacuum",
      "Client Connection Defaults / Statement Behavior",
      "Client Connection Defaults / Locale and Formatting",
      "Client Connection Defaults / Other Defaults",
      "Lock Management",
      "Version and Platform Compatibility / Previous PostgreSQL Versions",
      "Version and Platform Compatibility / Other Platforms and Clients",
      "Error Handling",
      "Preset Options",
      "Customized Options",
      "Developer Options",
  };
  return kNames[static_cast<size_t>(group)];
}

std::string_view TypeName(GucType type) {
  switch (type) {
    case GucType::kBool:
      return "bool";
    case GucType::kInt:
      return "integer";
    case GucType::kReal:
      return "real";
    case GucType::kString:
      return "string";
    case GucType::kEnum:
      return "enum";
  }
  return "";
}

std::string_view UnitName(GucUnit unit) {
  switch (unit) {
    case GucUnit::kNone:
      return "";
    case GucUnit::kBytes:
      return "B";
    case GucUnit::kKb:
      return "kB";
    case GucUnit::kMb:
      return "MB";
    case GucUnit::kBlocks:
      return "8kB";
    case GucUnit::kMs:
      return "ms";
    case GucUnit::kS:
      return "s";
    case GucUnit::kMin:
      return "min";
  }
  return "";
}

}  // namespace hyrax::guc
