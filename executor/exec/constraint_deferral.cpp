// Deferred unique re-checks and SET CONSTRAINTS state (see constraint_deferral.h).
#include "executor/exec/constraint_deferral.h"

#include <algorithm>
#include <map>

#include "executor/exec/index_relation.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

namespace {

// A kept re-check and the constraint it belongs to.
struct DeferredRecheck {
  UniqueRecheck row;
  Oid conoid = kInvalidOid;
  bool initially_deferred = false;  // the constraint's condeferred
};

// This transaction's SET CONSTRAINTS settings and kept re-checks.
struct DeferralState {
  std::optional<bool> all_deferred;   // SET CONSTRAINTS ALL ...
  std::map<Oid, bool> by_constraint;  // SET CONSTRAINTS name ... (after the last ALL)
  std::vector<DeferredRecheck> pending;
};

DeferralState& State() {
  static DeferralState state;
  return state;
}

// The index's constraint (pg_constraint.conindid) when it is deferrable.
std::optional<catalog::PgConstraint> IndexConstraint(const catalog::RelationData& heap,
                                                     Oid index_relid) {
  for (const auto& con : heap.constraints) {
    if (con.conindid == index_relid && con.condeferrable) return con;
  }
  return std::nullopt;
}

// PostgreSQL's unique_key_recheck: the row may have been deleted (skip) or HOT-updated
// (check its newest version, seen with SnapshotSelf); then the index is searched for
// another live entry with the key (UNIQUE_CHECK_EXISTING).
void RecheckRow(const UniqueRecheck& recheck) {
  catalog::RelationPtr heap = catalog::RelationIdGetRelation(recheck.heap_relid);
  if (!heap) return;  // dropped since
  bool has_index = std::any_of(heap->indexes.begin(), heap->indexes.end(), [&](const auto& idx) {
    return idx.indexrelid == recheck.index_relid;
  });
  if (!has_index) return;
  // A TRUNCATE since has given the table a new, shorter file: the row is gone.
  if (recheck.tid.block() >=
      storage::BufferManager::NumBlocks(heap->heap.locator, ForkNumber::kMain)) {
    return;
  }
  storage::SnapshotData self;
  self.kind = storage::SnapshotKind::kSelf;
  storage::HeapTuple tuple;
  storage::DeadHorizon horizon;
  if (!storage::HeapHotFetch(heap->heap, &self, recheck.tid, &tuple, &horizon, nullptr)) return;
  OpenIndexPtr index = OpenIndexRelation(*heap, recheck.index_relid);
  std::vector<Datum> row_values(heap->desc->natts());
  std::unique_ptr<bool[]> row_nulls(new bool[heap->desc->natts() + 1]);
  storage::HeapDeformTuple(tuple, *heap->desc, row_values.data(), row_nulls.get());
  Datum values[storage::kIndexMaxKeys];
  bool isnull[storage::kIndexMaxKeys];
  FormIndexDatum(*index, row_values.data(), row_nulls.get(), values, isnull);
  storage::UniqueCheckContext ctx;
  ctx.probe_heap = storage::MakeHeapUniqueProbe(heap->heap);
  ctx.format_key = index->format_key;
  storage::BtreeInsert(index->info, values, isnull, recheck.tid,
                       storage::IndexUniqueCheck::kExisting, &ctx);
}

// Re-checks the kept rows whose constraints are immediate now (all of them at commit).
void FirePending(bool all) {
  auto& pending = State().pending;
  std::vector<DeferredRecheck> keep;
  std::vector<DeferredRecheck> fire;
  for (auto& item : pending) {
    bool deferred = !all && ConstraintIsDeferred(item.conoid, item.initially_deferred);
    (deferred ? keep : fire).push_back(item);
  }
  pending = std::move(keep);
  for (const auto& item : fire) RecheckRow(item.row);
}

void RegisterCallbackOnce() {
  static bool registered = false;
  if (registered) return;
  registered = true;
  storage::RegisterXactCallback([](storage::XactEvent event) {
    if (event == storage::XactEvent::kPreCommit) {
      FirePending(/*all=*/true);
    } else if (event == storage::XactEvent::kCommit || event == storage::XactEvent::kAbort) {
      State() = DeferralState();
    }
  });
}

}  // namespace

bool ConstraintIsDeferred(Oid conoid, bool initially_deferred) {
  const DeferralState& state = State();
  auto it = state.by_constraint.find(conoid);
  if (it != state.by_constraint.end()) return it->second;
  return state.all_deferred.value_or(initially_deferred);
}

bool HasDeferredRechecks(Oid relid) {
  const auto& pending = State().pending;
  return std::any_of(pending.begin(), pending.end(),
                     [&](const DeferredRecheck& item) { return item.row.heap_relid == relid; });
}

void ProcessUniqueRechecks(ExecState* estate) {
  if (estate->unique_rechecks.empty()) return;
  std::vector<UniqueRecheck> rechecks = std::move(estate->unique_rechecks);
  estate->unique_rechecks.clear();
  for (const auto& recheck : rechecks) {
    catalog::RelationPtr heap = catalog::RelationIdGetRelation(recheck.heap_relid);
    std::optional<catalog::PgConstraint> con =
        heap ? IndexConstraint(*heap, recheck.index_relid) : std::nullopt;
    if (con && ConstraintIsDeferred(con->oid, con->condeferred)) {
      RegisterCallbackOnce();
      State().pending.push_back({recheck, con->oid, con->condeferred});
      continue;
    }
    RecheckRow(recheck);
  }
}

void SetConstraintsDeferral(const std::optional<std::vector<Oid>>& constraints, bool deferred) {
  RegisterCallbackOnce();
  DeferralState& state = State();
  if (!constraints) {
    state.all_deferred = deferred;
    state.by_constraint.clear();
  } else {
    for (Oid conoid : *constraints) state.by_constraint[conoid] = deferred;
  }
  if (!deferred) FirePending(/*all=*/false);
}

}  // namespace hyrax::executor
