// bt_index_check / bt_index_parent_check (see index_check.h): PostgreSQL's amcheck
// bt_index_check_internal and bt_tuple_present_callback, with an exact set of leaf tuples
// instead of amcheck's Bloom filter.
#include "executor/commands/index_check.h"

#include <memory>
#include <vector>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/exec/index_relation.h"
#include "storage/btree/btree_check.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_tuple.h"
#include "storage/heap/heap_visibility.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/snapshot.h"

namespace hyrax::executor::commands {

namespace {

// Locks the table before the index, as amcheck does, and opens both. The table is found
// through pg_index before locking; an OID that is not an index locks nothing but itself.
std::pair<catalog::RelationPtr, OpenIndexPtr> LockAndOpen(Oid index_oid, storage::LockMode mode) {
  const auto pg_index = catalog::Syscache().IndexByOid(index_oid);
  if (pg_index) storage::LockRelationOid(pg_index->indrelid, mode);
  storage::LockRelationOid(index_oid, mode);
  const catalog::RelationPtr irel = catalog::RelationIdGetRelation(index_oid);
  if (!irel) {
    throw MakeError(errcode::kInternalError, "could not open relation with OID {}", index_oid);
  }
  if (irel->relkind() != 'i' || !irel->index) {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not an index", irel->name());
  }
  if (irel->rel.relam != catalog::kBtreeAmOid) {
    throw Error(errcode::kFeatureNotSupported,
                "only B-Tree indexes are supported as targets for verification")
        .Detail(fmt::format("Relation \"{}\" is not a B-Tree index.", irel->name()));
  }
  if (!irel->index->indisvalid) {
    throw MakeError(errcode::kFeatureNotSupported, "cannot check index \"{}\"", irel->name())
        .Detail("Index is not valid.");
  }
  const catalog::RelationPtr heap = catalog::RelationIdGetRelation(irel->index->indrelid);
  if (!heap || !pg_index || pg_index->indrelid != heap->oid) {
    throw MakeError(errcode::kUndefinedTable, "could not open parent table of index \"{}\"",
                    irel->name());
  }
  return {heap, OpenIndexRelation(*heap, index_oid)};
}

// Which heap tuples must have an index entry: for the parent check every tuple VACUUM
// could not remove yet (amcheck's SnapshotAny scan), else every tuple the statement's
// snapshot sees. The snapshot predates the index walk, so their entries were all in place.
// A recently dead version that was HOT-updated is not expected, as in an index build: its
// chain's root entry carries the newer member's key (heap README "HOT").
bool MustBeIndexed(const storage::HeapTuple& tuple, bool parent_check, TransactionId oldest_xmin) {
  if (!parent_check) return true;  // the scan's MVCC snapshot already filtered
  switch (storage::HeapTupleSatisfiesVacuum(tuple.data, oldest_xmin, nullptr)) {
    case storage::HtsvResult::kDead:
      return false;
    case storage::HtsvResult::kLive:
    case storage::HtsvResult::kInsertInProgress:
      return true;
    case storage::HtsvResult::kRecentlyDead:
    case storage::HtsvResult::kDeleteInProgress:
      return !storage::HeapTupleHeaderIsHotUpdated(tuple.data);
  }
  return true;
}

void CheckHeapAllIndexed(const catalog::RelationData& heap, const OpenIndex& index,
                         const storage::BtreeLeafFingerprints& fingerprints, bool parent_check) {
  storage::SnapshotData any;
  any.kind = storage::SnapshotKind::kAny;
  storage::HeapScan scan(heap.heap, parent_check ? &any : storage::GetTransactionSnapshot());
  scan.set_want_root_tids(true);  // a heap-only tuple is indexed under its chain's root
  const TransactionId oldest_xmin = storage::ProcArray::GetOldestXmin();
  const int natts = heap.desc->natts();
  std::vector<Datum> row_values(natts);
  std::unique_ptr<bool[]> row_isnull(new bool[natts]);
  Datum values[storage::kIndexMaxKeys];
  bool isnull[storage::kIndexMaxKeys];
  MemoryContext per_tuple("heapallindexed tuple");
  storage::HeapTuple tuple;
  while (scan.Next(&tuple)) {
    if (!MustBeIndexed(tuple, parent_check, oldest_xmin)) continue;
    per_tuple.Reset();
    MemoryContextScope scope(&per_tuple);
    storage::HeapDeformTuple(tuple, *heap.desc, row_values.data(), row_isnull.get());
    FormIndexDatum(index, row_values.data(), row_isnull.get(), values, isnull);
    const storage::ItemPointerData tid = scan.RootTid(tuple);
    if (!tid.valid()) {
      throw MakeError(errcode::kIndexCorrupted,
                      "failed to find parent tuple for heap-only tuple at ({},{}) in table \"{}\"",
                      tuple.self.block(), tuple.self.offset(), heap.name());
    }
    if (fingerprints.Contains(values, isnull, tid)) continue;
    Error error = MakeError(errcode::kIndexCorrupted,
                            "heap tuple ({},{}) from table \"{}\" lacks matching index tuple "
                            "within index \"{}\"",
                            tid.block(), tid.offset(), heap.name(), index.info.name);
    if (parent_check) throw error;
    throw std::move(error).Hint(
        "Retrying verification using the function bt_index_parent_check() might provide a "
        "more specific error.");
  }
}

}  // namespace

void CheckBtreeIndex(Oid index_oid, const IndexCheckRequest& request) {
  const storage::LockMode mode =
      request.parent_check ? storage::LockMode::kShare : storage::LockMode::kAccessShare;
  const auto [heap, index] = LockAndOpen(index_oid, mode);
  storage::BtreeLeafFingerprints fingerprints(index->info);
  storage::BtreeCheckOptions options;
  options.parent_check = request.parent_check;
  options.rootdescend = request.parent_check && request.rootdescend;
  if (request.heapallindexed) {
    options.visit_leaf_tuple = [&fingerprints](const char* tuple) { fingerprints.Add(tuple); };
  }
  // The statement's snapshot is taken before the walk starts (heapallindexed relies on it).
  if (request.heapallindexed && !request.parent_check) storage::GetTransactionSnapshot();
  const std::vector<storage::BtreeProblem> problems = storage::BtreeCheck(index->info, options);
  if (!problems.empty()) throw storage::BtreeProblemError(index->info, problems.front());
  if (request.heapallindexed) {
    CheckHeapAllIndexed(*heap, *index, fingerprints, request.parent_check);
  }
}

}  // namespace hyrax::executor::commands
