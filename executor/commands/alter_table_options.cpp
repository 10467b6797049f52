// ALTER TABLE ... SET (...) / RESET (...) and ALTER COLUMN ... SET STORAGE (PostgreSQL's
// ATExecSetRelOptions and ATExecSetStorage): catalog-only changes. The analyzer validated
// the option names and values; a new value replaces the old one, which PostgreSQL moves to
// the end of reloptions.
#include <algorithm>

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/types/format_type.h"

namespace hyrax::executor::commands {

namespace {

std::string OptionName(const std::string& entry) {
  return entry.substr(0, entry.find('='));
}

char StorageCode(const std::string& name) {
  if (name == "plain") return 'p';
  if (name == "external") return 'e';
  if (name == "main") return 'm';
  return 'x';  // extended
}

}  // namespace

void ExecSetRelOptions(Oid relid, const nodes::AlterTableCmd& cmd) {
  const bool reset = cmd.kind == nodes::AlterTableCmdKind::kResetOptions;
  EditClass(relid, [&](catalog::PgClass& c) {
    for (const auto& [name, value] : cmd.options) {
      auto same = [&](const std::string& entry) { return OptionName(entry) == name; };
      c.reloptions.erase(std::remove_if(c.reloptions.begin(), c.reloptions.end(), same),
                         c.reloptions.end());
      if (!reset) c.reloptions.push_back(name + "=" + value);
    }
  });
}

void ExecSetStorage(Oid relid, const nodes::AlterTableCmd& cmd) {
  catalog::RelationPtr rel = OpenAlteredRelation(relid);
  const storage::AttributeDesc& attr = rel->desc->attr(cmd.attnum - 1);
  const char storage = StorageCode(cmd.options.front().second);
  if (storage != 'p' && attr.len != -1) {
    throw MakeError(errcode::kFeatureNotSupported,
                    "column data type {} can only have storage PLAIN",
                    FormatTypeName(attr.type_oid, attr.typmod));
  }
  EditAttribute(relid, cmd.attnum, [&](catalog::PgAttribute& a) { a.attstorage = storage; });
}

}  // namespace hyrax::executor::commands
