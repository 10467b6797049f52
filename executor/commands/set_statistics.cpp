// ALTER TABLE ... SET STATISTICS (see set_statistics.h).
#include "executor/commands/set_statistics.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/relcache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

constexpr int kMaxStatisticsTarget = 10000;

// ATSimplePermissions' wording for relation kinds that have no column statistics.
const char* UnsupportedKindNoun(char relkind) {
  switch (relkind) {
    case 'r':
    case 'm':
    case 'p':
    case 'f':
      return nullptr;
    case 'v':
      return "views";
    case 'S':
      return "sequences";
    case 'c':
      return "composite types";
    case 't':
      return "TOAST tables";
    default:
      return "indexes";
  }
}

void StoreTarget(Oid relid, int16_t attnum, int target) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgAttribute>()) {
    if (ref.row.attrelid != relid || ref.row.attnum != attnum) continue;
    catalog::PgAttribute row = ref.row;
    row.attstattarget = target;
    catalog::UpdateCatalogRow(ref.ctid, row);
    catalog::CacheInvalidateRelation(relid);
    return;
  }
}

}  // namespace

bool IsSetStatisticsOnly(const nodes::AlterTableStmt& stmt) {
  if (stmt.cmds.empty()) return false;
  for (const auto& cmd : stmt.cmds) {
    if (cmd.kind != nodes::AlterTableCmdKind::kSetStatistics) return false;
  }
  return true;
}

void AlterTableSetStatistics(const nodes::AlterTableStmt& stmt) {
  storage::LockRelationOid(stmt.relid, storage::LockMode::kShareUpdateExclusive);
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(stmt.relid);
  if (rel == nullptr) {
    throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", stmt.relid);
  }
  if (const char* noun = UnsupportedKindNoun(rel->relkind())) {
    throw MakeError(errcode::kWrongObjectType,
                    "ALTER action ALTER COLUMN ... SET STATISTICS cannot be performed on "
                    "relation \"{}\"",
                    rel->name())
        .Detail(fmt::format("This operation is not supported for {}.", noun));
  }
  for (const auto& cmd : stmt.cmds) {
    int target = cmd.number;
    if (target < -1) {
      throw MakeError(errcode::kInvalidParameterValue, "statistics target {} is too low", target);
    }
    if (target > kMaxStatisticsTarget) {
      target = kMaxStatisticsTarget;
      EmitNotice(Severity::kWarning, errcode::kInvalidParameterValue,
                 fmt::format("lowering statistics target to {}", target));
    }
    StoreTarget(stmt.relid, cmd.attnum, target);
  }
}

}  // namespace hyrax::executor::commands
