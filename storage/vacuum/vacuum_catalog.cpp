// The catalog side of VACUUM: opening the relation through the relcache, storing relpages,
// reltuples, relallvisible and relfrozenxid in pg_class (PostgreSQL's vac_update_relstats),
// and autovacuum's threshold test (relation_needs_vacanalyze). storage/vacuum/README.md
// "pg_class" and "Dead-tuple counters".
#include <cmath>

#include "common/error.h"
#include "common/notice.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/relcache.h"
#include "storage/txn/transam.h"
#include "storage/vacuum/relation_stats.h"
#include "storage/vacuum/vacuum.h"

namespace hyrax::storage {
namespace {

bool IsVacuumableKind(char relkind) {
  return relkind == 'r' || relkind == 't' || relkind == 'm';
}

// Writes the new statistics into the relation's pg_class row when any of them changed.
// PostgreSQL overwrites the row in place (heap_inplace_update, not transactional); we
// update it like any catalog row in the current transaction (README "pg_class").
void UpdateRelationStatistics(Oid relid, const VacuumResult& result) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != relid) continue;
    catalog::PgClass row = ref.row;
    row.relpages = static_cast<int32_t>(result.new_rel_pages);
    row.reltuples = static_cast<float>(result.new_rel_tuples);
    row.relallvisible = static_cast<int32_t>(result.new_rel_allvisible);
    if (TransactionIdIsValid(result.new_relfrozenxid)) row.relfrozenxid = result.new_relfrozenxid;
    if (row.relpages == ref.row.relpages && row.reltuples == ref.row.reltuples &&
        row.relallvisible == ref.row.relallvisible && row.relfrozenxid == ref.row.relfrozenxid) {
      return;
    }
    catalog::UpdateCatalogRow(ref.ctid, row);
    return;
  }
}

}  // namespace

VacuumResult VacuumRelation(Oid relid, const VacuumOptions& options, const VacuumIndexes& indexes) {
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(relid);
  if (rel == nullptr) {
    throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  }
  if (!IsVacuumableKind(rel->relkind())) {
    // PostgreSQL's vacuum_rel skips such relations with this warning.
    EmitNotice(Severity::kWarning, errcode::kWarning,
               fmt::format("skipping \"{}\" --- cannot vacuum non-tables or special system "
                           "tables",
                           rel->name()));
    return VacuumResult{};
  }
  VacuumResult result = LazyVacuumHeap(rel->heap, rel->rel.relfrozenxid, rel->rel.relpages,
                                       rel->rel.reltuples, options, indexes);
  UpdateRelationStatistics(relid, result);
  return result;
}

bool NeedsVacuum(Oid relid) {
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(relid);
  if (rel == nullptr || !IsVacuumableKind(rel->relkind())) return false;
  // Anti-wraparound: relfrozenxid older than autovacuum_freeze_max_age forces a VACUUM.
  const TransactionId frozen = rel->rel.relfrozenxid;
  if (TransactionIdIsNormal(frozen)) {
    TransactionId force_limit =
        ReadNextTransactionId() - static_cast<TransactionId>(g_autovacuum_freeze_max_age);
    if (!TransactionIdIsNormal(force_limit)) force_limit = kFirstNormalTransactionId;
    if (TransactionIdPrecedes(frozen, force_limit)) return true;
  }
  const std::optional<RelationCounts> counts = RelationStats::Get(rel->heap.locator.db_oid, relid);
  if (!counts.has_value()) return false;
  const double reltuples = std::max(0.0, static_cast<double>(rel->rel.reltuples));
  const double dead_threshold =
      g_autovacuum_vacuum_threshold + g_autovacuum_vacuum_scale_factor * reltuples;
  if (static_cast<double>(counts->dead_tuples) > dead_threshold) return true;
  if (g_autovacuum_vacuum_insert_threshold >= 0) {
    const double insert_threshold =
        g_autovacuum_vacuum_insert_threshold + g_autovacuum_vacuum_insert_scale_factor * reltuples;
    if (static_cast<double>(counts->inserted_since_vacuum) > insert_threshold) return true;
  }
  return false;
}

}  // namespace hyrax::storage
