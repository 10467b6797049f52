// ALTER TABLE ... SET STATISTICS (see set_statistics.h).
#include "executor/commands/set_statistics.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

constexpr int kMaxStatisticsTarget = 10000;

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

void ExecSetStatistics(Oid relid, const nodes::AlterTableCmd& cmd) {
  int target = cmd.number;
  if (target < -1) {
    throw MakeError(errcode::kInvalidParameterValue, "statistics target {} is too low", target);
  }
  if (target > kMaxStatisticsTarget) {
    target = kMaxStatisticsTarget;
    EmitNotice(Severity::kWarning, errcode::kInvalidParameterValue,
               fmt::format("lowering statistics target to {}", target));
  }
  StoreTarget(relid, cmd.attnum, target);
}

}  // namespace hyrax::executor::commands
