// ModifyTable operator (see modify_table.h).
#include "executor/operators/modify_table.h"

#include <algorithm>
#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/index_relation.h"
#include "executor/functions/type_io.h"
#include "nodes/serialize.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

ModifyTableOperator::ModifyTableOperator(const nodes::Plan& plan, ExecState* estate,
                                         OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)),
      node_(nodes::PlanAs<nodes::ModifyTable>(plan)),
      result_rti_(node_.resultRelations.at(0)),
      rel_(estate->relation(result_rti_)),
      hot_check_(rel_),
      ri_events_(rel_, estate) {
  if (node_.resultRelations.size() != 1) {
    throw Error(errcode::kFeatureNotSupported, "modifying several relations is not supported yet");
  }
  if (node_.onConflictAction != nodes::OnConflictAction::kNone) {
    throw Error(errcode::kFeatureNotSupported, "ON CONFLICT is not supported yet");
  }
  any_snapshot_.kind = storage::SnapshotKind::kAny;
  new_slot_ = std::make_unique<HeapTupleSlot>(rel_.desc);
  old_slot_ = std::make_unique<HeapTupleSlot>(rel_.desc);
  const auto& child_tlist = outer_->plan().targetlist;
  for (const auto& tle : child_tlist) {
    if (tle.resjunk && tle.resname == "ctid") ctid_column_ = tle.resno;
  }
  if (node_.operation != nodes::CmdType::kInsert) {
    HYRAX_CHECK(ctid_column_ > 0, "could not find junk ctid column");
    // EvalPlanQual re-runs a scan of the result relation on one row: its qual and target
    // list, with Vars of the scan tuple.
    const nodes::Plan& child = outer_->plan();
    if (child.tag == nodes::PlanTag::kSeqScan &&
        nodes::PlanAs<nodes::SeqScan>(child).scanrelid == result_rti_) {
      epq_qual_ = ExecInitQual(child.qual, estate);
      epq_result_ = std::make_unique<TupleSlot>(outer_->result_desc());
      epq_projection_ = ExecBuildProjection(child.targetlist, epq_result_.get(), estate);
    } else if (child.tag == nodes::PlanTag::kIndexScan &&
               nodes::PlanAs<nodes::IndexScan>(child).scanrelid == result_rti_) {
      // The index conditions are re-checked on the newest version too.
      nodes::ExprList quals = nodes::PlanAs<nodes::IndexScan>(child).indexqualorig;
      quals.insert(quals.end(), child.qual.begin(), child.qual.end());
      epq_qual_ = ExecInitQual(quals, estate);
      epq_result_ = std::make_unique<TupleSlot>(outer_->result_desc());
      epq_projection_ = ExecBuildProjection(child.targetlist, epq_result_.get(), estate);
    }
  }
  if (node_.operation == nodes::CmdType::kInsert || node_.operation == nodes::CmdType::kUpdate) {
    // New row versions get entries in every index, except HOT updates' heap-only ones.
    indexes_ = OpenTableIndexes(rel_);
    constraints_ = std::make_unique<RowConstraints>(rel_, estate);
  }
  if (!node_.returningLists.empty() && !node_.returningLists[0].empty()) {
    const auto& rlist = node_.returningLists[0];
    result_desc_ = TupleDescFromTargetList(rlist, /*include_junk=*/true);
    returning_slot_ = std::make_unique<TupleSlot>(result_desc_);
    returning_ = ExecBuildProjection(rlist, returning_slot_.get(), estate);
  } else {
    result_desc_ = MakeTupleDesc({}, {});
  }
}

ModifyTableOperator::~ModifyTableOperator() = default;

TupleSlot* ModifyTableOperator::NextImpl() {
  for (;;) {
    econtext()->ResetPerTuple();
    TupleSlot* planslot = outer_->Next();
    if (planslot == nullptr) return nullptr;
    MemoryContextScope scope(&econtext()->per_tuple_memory);
    TupleSlot* changed = nullptr;
    switch (node_.operation) {
      case nodes::CmdType::kInsert:
        changed = ExecInsert(planslot);
        break;
      case nodes::CmdType::kUpdate:
        changed = ExecUpdate(planslot);
        break;
      case nodes::CmdType::kDelete:
        changed = ExecDelete(planslot);
        break;
      default:
        throw Error(errcode::kFeatureNotSupported, "MERGE is not supported yet");
    }
    if (changed == nullptr) continue;
    if (node_.canSetTag) estate_->processed++;
    if (returning_) {
      econtext()->scantuple = changed;
      return ExecProject(returning_.get(), econtext());
    }
  }
}

TupleSlot* ModifyTableOperator::ExecInsert(TupleSlot* planslot) {
  // The child produces the relation's columns in order (dropped ones as NULL).
  planslot->GetAllAttrs();
  TupleSlot virtual_row(rel_.desc);
  for (int i = 0; i < rel_.desc->natts(); ++i) {
    virtual_row.values()[i] = planslot->values()[i];
    virtual_row.nulls()[i] = planslot->nulls()[i];
  }
  virtual_row.StoreVirtual();
  constraints_->Check(&virtual_row, econtext());
  virtual_row.table_oid = rel_.oid;
  storage::HeapTuple tuple = virtual_row.FormHeapTuple();
  storage::HeapInsert(rel_.heap, &tuple, estate_->output_cid);
  InsertIndexEntries(rel_, indexes_, virtual_row.values(), virtual_row.nulls(), tuple.self);
  if (ri_events_.active()) ri_events_.RowInserted(virtual_row, tuple.self);
  new_slot_->StoreHeapTuple(tuple, /*copy=*/false);
  return new_slot_.get();
}

storage::ItemPointerData ModifyTableOperator::JunkCtid(TupleSlot* planslot) {
  bool isnull;
  Datum d = planslot->GetAttr(ctid_column_, &isnull);
  HYRAX_CHECK(!isnull, "ctid is NULL");
  return *DatumGetPointer<const storage::ItemPointerData>(d);
}

void ModifyTableOperator::BuildUpdatedRow(storage::ItemPointerData tid, TupleSlot* planslot) {
  storage::HeapTuple old_tuple;
  HYRAX_CHECK(storage::HeapFetch(rel_.heap, &any_snapshot_, tid, &old_tuple),
              "failed to fetch tuple being updated");
  old_slot_->StoreHeapTuple(old_tuple, /*copy=*/false);
  old_slot_->GetAllAttrs();
  TupleSlot row(rel_.desc);
  for (int i = 0; i < rel_.desc->natts(); ++i) {
    row.values()[i] = old_slot_->values()[i];
    row.nulls()[i] = old_slot_->nulls()[i];
  }
  const auto& colnos = node_.updateColnosLists.at(0);
  planslot->GetAllAttrs();
  for (size_t i = 0; i < colnos.size(); ++i) {
    row.values()[colnos[i] - 1] = planslot->values()[i];
    row.nulls()[colnos[i] - 1] = planslot->nulls()[i];
  }
  row.StoreVirtual();
  constraints_->Check(&row, econtext());
  hot_allowed_ = hot_check_.IndexedColumnsUnchanged(*old_slot_, row);
  row.table_oid = rel_.oid;
  new_slot_->StoreHeapTuple(row.FormHeapTuple(), /*copy=*/false);
}

TupleSlot* ModifyTableOperator::ExecUpdate(TupleSlot* planslot) {
  storage::ItemPointerData tid = JunkCtid(planslot);
  for (;;) {
    BuildUpdatedRow(tid, planslot);
    storage::HeapTuple newtup = new_slot_->heap_tuple();
    storage::TmFailureData tmfd;
    bool heap_only = false;
    storage::TmResult result = storage::HeapUpdate(
        rel_.heap, tid, &newtup, estate_->output_cid, estate_->crosscheck_snapshot, true, &tmfd,
        hot_allowed_ ? storage::HotUpdate::kAllowed : storage::HotUpdate::kNotAllowed, &heap_only);
    if (result == storage::TmResult::kOk) {
      new_slot_->StoreHeapTuple(newtup, /*copy=*/false);
      // A heap-only version is reached through its chain's root, which is indexed already.
      if (!indexes_.empty() && !heap_only) {
        new_slot_->GetAllAttrs();
        InsertIndexEntries(rel_, indexes_, new_slot_->values(), new_slot_->nulls(), newtup.self);
      }
      if (ri_events_.active()) ri_events_.RowUpdated(*old_slot_, *new_slot_, newtup.self);
      return new_slot_.get();
    }
    tid = HandleConcurrentChange(result, tmfd, &planslot, /*is_update=*/true);
    if (!tid.valid()) return nullptr;
  }
}

TupleSlot* ModifyTableOperator::ExecDelete(TupleSlot* planslot) {
  storage::ItemPointerData tid = JunkCtid(planslot);
  for (;;) {
    if (returning_ || ri_events_.has_incoming()) {
      // RETURNING shows the deleted row, and referencing rows are found by its key: fetch
      // it before it goes.
      storage::HeapTuple old_tuple;
      HYRAX_CHECK(storage::HeapFetch(rel_.heap, &any_snapshot_, tid, &old_tuple),
                  "failed to fetch deleted tuple");
      old_slot_->StoreHeapTuple(old_tuple, /*copy=*/true);
    }
    storage::TmFailureData tmfd;
    storage::TmResult result = storage::HeapDelete(rel_.heap, tid, estate_->output_cid,
                                                   estate_->crosscheck_snapshot, true, &tmfd);
    if (result == storage::TmResult::kOk) {
      if (ri_events_.has_incoming()) ri_events_.RowDeleted(*old_slot_);
      return old_slot_.get();
    }
    tid = HandleConcurrentChange(result, tmfd, &planslot, /*is_update=*/false);
    if (!tid.valid()) return nullptr;
  }
}

void ModifyTableOperator::RaiseSelfModified(const storage::TmFailureData& tmfd, bool is_update) {
  // Modified by a later command of this transaction (a trigger or volatile function):
  // PostgreSQL refuses; modified by this very command: the row is skipped.
  if (tmfd.cmax != estate_->output_cid) {
    throw Error(errcode::kTriggeredDataChangeViolation,
                is_update ? "tuple to be updated was already modified by an operation triggered "
                            "by the current command"
                          : "tuple to be deleted was already modified by an operation triggered "
                            "by the current command")
        .Hint(
            "Consider using an AFTER trigger instead of a BEFORE trigger to propagate changes "
            "to other rows.");
  }
}

storage::ItemPointerData ModifyTableOperator::HandleConcurrentChange(
    storage::TmResult result, const storage::TmFailureData& tmfd, TupleSlot** planslot,
    bool is_update) {
  using storage::TmResult;
  switch (result) {
    case TmResult::kSelfModified:
      RaiseSelfModified(tmfd, is_update);
      return storage::ItemPointerData();
    case TmResult::kUpdated:
    case TmResult::kDeleted: {
      if (storage::IsolationUsesXactSnapshot()) {
        throw Error(errcode::kTRSerializationFailure,
                    result == TmResult::kUpdated
                        ? "could not serialize access due to concurrent update"
                        : "could not serialize access due to concurrent delete");
      }
      if (result == TmResult::kDeleted) return storage::ItemPointerData();  // gone: skip
      // READ COMMITTED: follow the update chain to the newest version and re-check it.
      storage::ItemPointerData latest = tmfd.ctid;
      storage::Snapshot fresh = storage::GetLatestSnapshot();
      if (!storage::HeapGetLatestTid(rel_.heap, fresh, &latest)) return storage::ItemPointerData();
      TupleSlot* recomputed = EvalPlanQual(latest, fresh);
      if (recomputed == nullptr) return storage::ItemPointerData();
      *planslot = recomputed;
      return latest;
    }
    case TmResult::kInvisible:
      throw Error(errcode::kInternalError, "attempted to update invisible tuple");
    default:
      throw MakeError(errcode::kInternalError, "unexpected heap update status {}",
                      static_cast<int>(result));
  }
}

TupleSlot* ModifyTableOperator::EvalPlanQual(storage::ItemPointerData tid,
                                             storage::Snapshot snapshot) {
  if (!epq_projection_) {
    // Joins and other shapes need the full EvalPlanQual machinery.
    throw Error(errcode::kTRSerializationFailure,
                "could not serialize access due to concurrent update");
  }
  storage::HeapTuple latest;
  if (!storage::HeapFetch(rel_.heap, snapshot, tid, &latest)) return nullptr;
  old_slot_->StoreHeapTuple(latest, /*copy=*/true);
  ExprContext* ec = econtext();
  ec->scantuple = old_slot_.get();
  if (!ExecQual(epq_qual_.get(), ec)) return nullptr;
  TupleSlot* out = ExecProject(epq_projection_.get(), ec);
  out->Materialize();
  return out;
}

}  // namespace hyrax::executor
