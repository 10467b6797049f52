// Row writes of the referential actions (see ri_row_writer.h).
#include "executor/ri/ri_row_writer.h"

#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/exec_state.h"
#include "nodes/serialize.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::ri {

RiRowWriter::RiRowWriter(catalog::RelationPtr rel, ExecState* estate)
    : rel_(std::move(rel)),
      estate_(estate),
      econtext_(estate),
      constraints_(*rel_, estate),
      indexes_(OpenTableIndexes(*rel_)),
      hot_check_(*rel_),
      events_(*rel_, estate),
      old_slot_(rel_->desc),
      new_slot_(rel_->desc) {
  any_snapshot_.kind = storage::SnapshotKind::kAny;
}

RiRowWriter::~RiRowWriter() = default;

void RiRowWriter::LoadOld(storage::ItemPointerData tid) {
  storage::HeapTuple tuple;
  HYRAX_CHECK(storage::HeapFetch(rel_->heap, &any_snapshot_, tid, &tuple),
              "failed to fetch tuple for a referential action");
  old_slot_.StoreHeapTuple(tuple, /*copy=*/true);
  old_slot_.GetAllAttrs();
}

storage::ItemPointerData RiRowWriter::Retry(storage::TmResult result,
                                            const storage::TmFailureData& tmfd,
                                            const RowPredicate& still_matches) {
  using storage::TmResult;
  switch (result) {
    case TmResult::kSelfModified:
      return storage::ItemPointerData();  // an earlier action of this statement got there first
    case TmResult::kUpdated:
    case TmResult::kDeleted: {
      if (storage::IsolationUsesXactSnapshot()) {
        throw Error(errcode::kTRSerializationFailure,
                    result == TmResult::kUpdated
                        ? "could not serialize access due to concurrent update"
                        : "could not serialize access due to concurrent delete");
      }
      if (result == TmResult::kDeleted) return storage::ItemPointerData();
      storage::ItemPointerData latest = tmfd.ctid;
      if (!storage::HeapGetLatestTid(rel_->heap, storage::GetLatestSnapshot(), &latest)) {
        return storage::ItemPointerData();
      }
      LoadOld(latest);
      return still_matches(old_slot_) ? latest : storage::ItemPointerData();
    }
    default:
      throw MakeError(errcode::kInternalError, "unexpected heap update status {}",
                      static_cast<int>(result));
  }
}

void RiRowWriter::Delete(storage::ItemPointerData tid, const RowPredicate& still_matches) {
  MemoryContextScope scope(&econtext_.per_tuple_memory);
  while (tid.valid()) {
    LoadOld(tid);
    storage::TmFailureData tmfd;
    storage::TmResult result = storage::HeapDelete(rel_->heap, tid, estate_->output_cid,
                                                   estate_->crosscheck_snapshot, true, &tmfd);
    if (result == storage::TmResult::kOk) {
      if (events_.active()) events_.RowDeleted(old_slot_);
      break;
    }
    tid = Retry(result, tmfd, still_matches);
  }
  econtext_.ResetPerTuple();
}

void RiRowWriter::Update(storage::ItemPointerData tid, const std::vector<int>& cols,
                         const RiKey& values, const RowPredicate& still_matches) {
  MemoryContextScope scope(&econtext_.per_tuple_memory);
  while (tid.valid()) {
    LoadOld(tid);
    TupleSlot row(rel_->desc);
    for (int i = 0; i < rel_->desc->natts(); ++i) {
      row.values()[i] = old_slot_.values()[i];
      row.nulls()[i] = old_slot_.nulls()[i];
    }
    for (size_t i = 0; i < cols.size(); ++i) {
      row.values()[cols[i]] = values.values[i];
      row.nulls()[cols[i]] = values.nulls[i];
    }
    row.StoreVirtual();
    constraints_.Check(&row, &econtext_);
    bool hot_allowed = hot_check_.IndexedColumnsUnchanged(old_slot_, row);
    row.table_oid = rel_->oid;
    storage::HeapTuple newtup = row.FormHeapTuple();
    storage::TmFailureData tmfd;
    bool heap_only = false;
    storage::TmResult result = storage::HeapUpdate(
        rel_->heap, tid, &newtup, estate_->output_cid, estate_->crosscheck_snapshot, true, &tmfd,
        hot_allowed ? storage::HotUpdate::kAllowed : storage::HotUpdate::kNotAllowed, &heap_only);
    if (result == storage::TmResult::kOk) {
      new_slot_.StoreHeapTuple(newtup, /*copy=*/false);
      new_slot_.GetAllAttrs();
      if (!heap_only) {
        InsertIndexEntries(*rel_, indexes_, new_slot_.values(), new_slot_.nulls(), newtup.self,
                           &estate_->unique_rechecks);
      }
      if (events_.active()) events_.RowUpdated(old_slot_, new_slot_, newtup.self);
      break;
    }
    tid = Retry(result, tmfd, still_matches);
  }
  econtext_.ResetPerTuple();
}

void RiRowWriter::DefaultValue(int col, Datum* value, bool* isnull) {
  *value = 0;
  *isnull = true;
  for (const auto& def : rel_->defaults) {
    if (def.adnum != col + 1) continue;
    nodes::ExprPtr expr = nodes::StringToNode(def.adbin);
    std::unique_ptr<ExprState> state = ExecInitExpr(*expr, estate_);
    Datum result = ExecEvalExpr(state.get(), &econtext_, isnull);
    // The result may point into the expression tree, which goes away here.
    const auto& attr = rel_->desc->attr(col);
    if (!*isnull) *value = DatumCopy(result, attr.byval, attr.len, CurrentMemoryContext());
  }
}

}  // namespace hyrax::executor::ri
