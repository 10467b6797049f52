// Dependents of a sequence being dropped (see sequence_dependents.h).
#include "executor/commands/sequence_dependents.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/drop_relations.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

std::string ColumnName(Oid relid, int16_t attnum) {
  for (const auto& att : catalog::Syscache().AttributesOf(relid)) {
    if (att.attnum == attnum) return att.attname;
  }
  return "?";
}

// Quoted as PostgreSQL's object descriptions quote relation names (column names are not).
std::string RelationName(Oid relid) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  return rel ? QuoteIdentifier(rel->relname) : "?";
}

}  // namespace

void RemoveDefault(const catalog::CatalogRowRef<catalog::PgAttrDef>& def) {
  storage::LockRelationOid(def.row.adrelid, storage::LockMode::kAccessExclusive);
  catalog::DeleteDependencies(catalog::kAttrDefaultRelationId, def.row.oid);
  catalog::DeleteCatalogRow<catalog::PgAttrDef>(def.ctid);
  for (const auto& ref : catalog::ScanCatalog<catalog::PgAttribute>()) {
    if (ref.row.attrelid != def.row.adrelid || ref.row.attnum != def.row.adnum) continue;
    catalog::PgAttribute updated = ref.row;
    updated.atthasdef = false;
    catalog::UpdateCatalogRow(ref.ctid, updated);
  }
  catalog::CacheInvalidateRelation(def.row.adrelid);
}

std::vector<DependentDefault> FindDependentDefaults(const std::vector<Oid>& default_oids) {
  std::vector<DependentDefault> out;
  if (default_oids.empty()) return out;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgAttrDef>()) {
    if (std::find(default_oids.begin(), default_oids.end(), ref.row.oid) == default_oids.end()) {
      continue;
    }
    out.push_back({ref, fmt::format("default value for column {} of table {}",
                                    ColumnName(ref.row.adrelid, ref.row.adnum),
                                    RelationName(ref.row.adrelid))});
  }
  return out;
}

void CheckSequenceDependents(const catalog::PgClass& seq, nodes::DropBehavior behavior) {
  if (auto owner = catalog::GetSequenceOwner(seq.oid);
      owner && owner->deptype == catalog::kDependencyInternal) {
    std::string column = ColumnName(owner->relid, owner->attnum);
    std::string table = RelationName(owner->relid);
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop sequence {} because column {} of table {} requires it",
                    QuoteIdentifier(seq.relname), column, table)
        .Hint(fmt::format("You can drop column {} of table {} instead.", column, table));
  }
  std::vector<Oid> default_oids;
  for (const auto& d : catalog::DependentsOf(catalog::kRelationRelationId, seq.oid)) {
    if (d.classid == catalog::kAttrDefaultRelationId) default_oids.push_back(d.objid);
  }
  if (default_oids.empty()) return;
  std::vector<DependentDefault> defaults = FindDependentDefaults(default_oids);
  std::vector<std::string> lines;
  for (const auto& d : defaults) lines.push_back(d.description);
  if (behavior == nodes::DropBehavior::kRestrict) {
    std::string detail;
    for (const auto& line : lines) {
      if (!detail.empty()) detail += '\n';
      detail += fmt::format("{} depends on sequence {}", line, QuoteIdentifier(seq.relname));
    }
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop sequence {} because other objects depend on it",
                    QuoteIdentifier(seq.relname))
        .Detail(detail)
        .Hint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  ReportCascade(lines);
  for (const auto& def : defaults) RemoveDefault(def.ref);
}

}  // namespace hyrax::executor::commands
