// ModifyTable operator (see modify_table.h).
#include "executor/operators/modify_table.h"

#include <algorithm>
#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "executor/exec/index_relation.h"
#include "executor/functions/type_io.h"
#include "executor/operators/modify_table_on_conflict.h"
#include "executor/partition/partition_bounds.h"
#include "executor/partition/tuple_routing.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

namespace {

bool WritesRows(nodes::CmdType op) {
  return op == nodes::CmdType::kInsert || op == nodes::CmdType::kUpdate;
}

}  // namespace

ModifyTableOperator::ModifyTableOperator(const nodes::Plan& plan, ExecState* estate,
                                         OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)),
      node_(nodes::PlanAs<nodes::ModifyTable>(plan)),
      root_(estate->relation(node_.nominalRelation != 0 ? node_.nominalRelation
                                                        : node_.resultRelations.at(0))) {
  any_snapshot_.kind = storage::SnapshotKind::kAny;
  for (nodes::Index rti : node_.resultRelations) {
    auto rel = catalog::RelationIdGetRelation(estate->relation(rti).oid);
    results_.push_back(
        std::make_unique<ResultRelation>(rel, root_, WritesRows(node_.operation), estate));
  }
  if (root_.relkind() == 'p' && WritesRows(node_.operation)) {
    router_ = std::make_unique<TupleRouter>(root_, estate);
  }
  if (node_.onConflictAction != nodes::OnConflictAction::kNone) InitOnConflict();
  root_row_ = std::make_unique<TupleSlot>(root_.desc);
  returning_input_ = std::make_unique<HeapTupleSlot>(root_.desc);
  const auto& child_tlist = outer_->plan().targetlist;
  for (const auto& tle : child_tlist) {
    if (tle.resjunk && tle.resname == "ctid") ctid_column_ = tle.resno;
    if (tle.resjunk && tle.resname == "tableoid") tableoid_column_ = tle.resno;
  }
  if (node_.operation != nodes::CmdType::kInsert) {
    HYRAX_CHECK(ctid_column_ > 0, "could not find junk ctid column");
    // EvalPlanQual re-runs a scan of the result relation on one row: its qual and target
    // list, with Vars of the scan tuple.
    const nodes::Plan& child = outer_->plan();
    nodes::Index result_rti = node_.resultRelations.at(0);
    if (child.tag == nodes::PlanTag::kSeqScan &&
        nodes::PlanAs<nodes::SeqScan>(child).scanrelid == result_rti) {
      epq_qual_ = ExecInitQual(child.qual, estate);
      epq_result_ = std::make_unique<TupleSlot>(outer_->result_desc());
      epq_projection_ = ExecBuildProjection(child.targetlist, epq_result_.get(), estate);
    } else if (child.tag == nodes::PlanTag::kIndexScan &&
               nodes::PlanAs<nodes::IndexScan>(child).scanrelid == result_rti) {
      // The index conditions are re-checked on the newest version too.
      nodes::ExprList quals = nodes::PlanAs<nodes::IndexScan>(child).indexqualorig;
      quals.insert(quals.end(), child.qual.begin(), child.qual.end());
      epq_qual_ = ExecInitQual(quals, estate);
      epq_result_ = std::make_unique<TupleSlot>(outer_->result_desc());
      epq_projection_ = ExecBuildProjection(child.targetlist, epq_result_.get(), estate);
    }
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
    if (returning_) return ExecProject(returning_.get(), econtext());
  }
}

TupleSlot* ModifyTableOperator::ProjectReturning(const ResultRelation& rr, TupleSlot* changed) {
  if (!returning_) return changed;
  // RETURNING is written against the named relation: show the row in its layout, as a
  // stored row so that tableoid and ctid answer.
  RelationRowToRoot(rr, changed, root_row_.get());
  storage::HeapTuple tuple = root_row_->FormHeapTuple();
  tuple.self = changed->tid;
  tuple.table_oid = rr.rel->oid;
  returning_input_->StoreHeapTuple(tuple, /*copy=*/false);
  econtext()->scantuple = returning_input_.get();
  return returning_input_.get();
}

bool ModifyTableOperator::PartitionCheck(const ResultRelation& rr, TupleSlot* slot, bool raise) {
  return PartitionCheck(*rr.rel, slot, raise);
}

bool ModifyTableOperator::PartitionCheck(const catalog::RelationData& rel, TupleSlot* slot,
                                         bool raise) {
  if (!rel.rel.relispartition) return true;
  slot->GetAllAttrs();
  if (PartitionConstraintHolds(rel, slot->values(), slot->nulls())) return true;
  if (!raise) return false;
  throw MakeError(errcode::kCheckViolation,
                  "new row for relation \"{}\" violates partition constraint", rel.name())
      .Detail(fmt::format("Failing row contains {}.", RowConstraints::FailingRow(slot)))
      .Schema(rel.namespace_name)
      .Table(rel.name());
}

TupleSlot* ModifyTableOperator::InsertRootRow(ResultRelation* rr, const Datum* values,
                                              const bool* nulls) {
  // A row routed from the partitioned table already satisfies its partition's bound; a row
  // inserted into a partition directly is checked (ExecInsert's ExecPartitionCheck).
  bool routed = router_ != nullptr;
  if (routed && root_.rel.relispartition) {
    // A partitioned table that is itself a partition: the row must belong to it
    // (ExecFindPartition's check of the root).
    TupleSlot root_row(root_.desc);
    std::copy(values, values + root_row.natts(), root_row.values());
    std::copy(nulls, nulls + root_row.natts(), root_row.nulls());
    root_row.StoreVirtual();
    PartitionCheck(root_, &root_row, /*raise=*/true);
  }
  if (routed) rr = router_->Route(values, nulls);
  TupleSlot row(rr->rel->desc);
  RootRowToRelation(*rr, values, nulls, &row);
  rr->constraints->Check(&row, econtext());
  if (!routed) PartitionCheck(*rr, &row, /*raise=*/true);
  if (on_conflict_) {
    TupleSlot* written = ExecInsertOnConflict(&row);
    return written != nullptr ? ProjectReturning(*rr, written) : nullptr;
  }
  row.table_oid = rr->rel->oid;
  storage::HeapTuple tuple = row.FormHeapTuple();
  storage::HeapInsert(rr->rel->heap, &tuple, estate_->output_cid);
  InsertIndexEntries(*rr->rel, rr->indexes, row.values(), row.nulls(), tuple.self,
                     &estate_->unique_rechecks);
  if (rr->ri_events.active()) rr->ri_events.RowInserted(row, tuple.self);
  rr->new_slot->StoreHeapTuple(tuple, /*copy=*/false);
  return ProjectReturning(*rr, rr->new_slot.get());
}

TupleSlot* ModifyTableOperator::ExecInsert(TupleSlot* planslot) {
  // The child produces the named relation's columns in order (dropped ones as NULL).
  planslot->GetAllAttrs();
  return InsertRootRow(results_.at(0).get(), planslot->values(), planslot->nulls());
}

storage::ItemPointerData ModifyTableOperator::JunkCtid(TupleSlot* planslot) {
  bool isnull;
  Datum d = planslot->GetAttr(ctid_column_, &isnull);
  HYRAX_CHECK(!isnull, "ctid is NULL");
  return *DatumGetPointer<const storage::ItemPointerData>(d);
}

ResultRelation* ModifyTableOperator::RowRelation(TupleSlot* planslot) {
  if (results_.size() == 1 || tableoid_column_ < 0) return results_[0].get();
  bool isnull;
  Oid oid = DatumGetObjectId(planslot->GetAttr(tableoid_column_, &isnull));
  for (const auto& rr : results_) {
    if (rr->rel->oid == oid) return rr.get();
  }
  throw MakeError(errcode::kInternalError, "no result relation for table OID {}", oid);
}

void ModifyTableOperator::BuildUpdatedRow(ResultRelation* rr, storage::ItemPointerData tid,
                                          TupleSlot* planslot) {
  storage::HeapTuple old_tuple;
  HYRAX_CHECK(storage::HeapFetch(rr->rel->heap, &any_snapshot_, tid, &old_tuple),
              "failed to fetch tuple being updated");
  rr->old_slot->StoreHeapTuple(old_tuple, /*copy=*/false);
  rr->old_slot->GetAllAttrs();
  const auto& desc = *rr->rel->desc;
  TupleSlot row(rr->rel->desc);
  for (int i = 0; i < desc.natts(); ++i) {
    row.values()[i] = rr->old_slot->values()[i];
    row.nulls()[i] = rr->old_slot->nulls()[i];
  }
  // The SET columns are numbered in the named relation; map them to this one by name.
  const auto& colnos = node_.updateColnosLists.at(0);
  planslot->GetAllAttrs();
  for (size_t i = 0; i < colnos.size(); ++i) {
    int col = rr->same_layout ? colnos[i] - 1 : rr->child_of.at(colnos[i] - 1);
    row.values()[col] = planslot->values()[i];
    row.nulls()[col] = planslot->nulls()[i];
  }
  row.StoreVirtual();
  PrepareNewVersion(rr, &row);
}

void ModifyTableOperator::PrepareNewVersion(ResultRelation* rr, TupleSlot* row) {
  rr->constraints->Check(row, econtext());
  hot_allowed_ = rr->hot_check.IndexedColumnsUnchanged(*rr->old_slot, *row);
  row->table_oid = rr->rel->oid;
  rr->new_slot->StoreHeapTuple(row->FormHeapTuple(), /*copy=*/false);
}

storage::TmResult ModifyTableOperator::StoreNewVersion(ResultRelation* rr,
                                                       storage::ItemPointerData tid,
                                                       storage::TmFailureData* tmfd) {
  storage::HeapTuple newtup = rr->new_slot->heap_tuple();
  bool heap_only = false;
  storage::TmResult result = storage::HeapUpdate(
      rr->rel->heap, tid, &newtup, estate_->output_cid, estate_->crosscheck_snapshot, true, tmfd,
      hot_allowed_ ? storage::HotUpdate::kAllowed : storage::HotUpdate::kNotAllowed, &heap_only);
  if (result != storage::TmResult::kOk) return result;
  rr->new_slot->StoreHeapTuple(newtup, /*copy=*/false);
  // A heap-only version is reached through its chain's root, which is indexed already.
  if (!rr->indexes.empty() && !heap_only) {
    rr->new_slot->GetAllAttrs();
    InsertIndexEntries(*rr->rel, rr->indexes, rr->new_slot->values(), rr->new_slot->nulls(),
                       newtup.self, &estate_->unique_rechecks);
  }
  if (rr->ri_events.active()) rr->ri_events.RowUpdated(*rr->old_slot, *rr->new_slot, newtup.self);
  return result;
}

TupleSlot* ModifyTableOperator::MoveRow(ResultRelation* rr, storage::ItemPointerData tid,
                                        TupleSlot* planslot) {
  // ExecCrossPartitionUpdate: the new row in the root's layout, the old one deleted, the new
  // one routed from the root.
  RelationRowToRoot(*rr, rr->new_slot.get(), root_row_.get());
  TupleSlot moved(root_.desc);
  for (int i = 0; i < root_.desc->natts(); ++i) {
    moved.values()[i] = root_row_->values()[i];
    moved.nulls()[i] = root_row_->nulls()[i];
  }
  moved.StoreVirtual();
  if (rr->ri_events.has_incoming()) {
    throw Error(errcode::kFeatureNotSupported,
                "moving a row to another partition is not supported yet when foreign keys "
                "reference the table");
  }
  storage::TmFailureData tmfd;
  storage::TmResult result = storage::HeapDelete(rr->rel->heap, tid, estate_->output_cid,
                                                 estate_->crosscheck_snapshot, true, &tmfd);
  if (result != storage::TmResult::kOk) {
    if (result == storage::TmResult::kSelfModified) {
      RaiseSelfModified(tmfd, true);
      return nullptr;
    }
    throw Error(errcode::kTRSerializationFailure,
                "could not serialize access due to concurrent update");
  }
  return InsertRootRow(results_[0].get(), moved.values(), moved.nulls());
}

TupleSlot* ModifyTableOperator::ExecUpdate(TupleSlot* planslot) {
  ResultRelation* rr = RowRelation(planslot);
  storage::ItemPointerData tid = JunkCtid(planslot);
  for (;;) {
    BuildUpdatedRow(rr, tid, planslot);
    if (!PartitionCheck(*rr, rr->new_slot.get(), /*raise=*/router_ == nullptr)) {
      return MoveRow(rr, tid, planslot);
    }
    storage::TmFailureData tmfd;
    storage::TmResult result = StoreNewVersion(rr, tid, &tmfd);
    if (result == storage::TmResult::kOk) return ProjectReturning(*rr, rr->new_slot.get());
    tid = HandleConcurrentChange(rr, result, tmfd, &planslot, /*is_update=*/true);
    if (!tid.valid()) return nullptr;
  }
}

TupleSlot* ModifyTableOperator::ExecDelete(TupleSlot* planslot) {
  ResultRelation* rr = RowRelation(planslot);
  storage::ItemPointerData tid = JunkCtid(planslot);
  for (;;) {
    if (returning_ || rr->ri_events.has_incoming()) {
      // RETURNING shows the deleted row, and referencing rows are found by its key: fetch
      // it before it goes.
      storage::HeapTuple old_tuple;
      HYRAX_CHECK(storage::HeapFetch(rr->rel->heap, &any_snapshot_, tid, &old_tuple),
                  "failed to fetch deleted tuple");
      rr->old_slot->StoreHeapTuple(old_tuple, /*copy=*/true);
    }
    storage::TmFailureData tmfd;
    storage::TmResult result = storage::HeapDelete(rr->rel->heap, tid, estate_->output_cid,
                                                   estate_->crosscheck_snapshot, true, &tmfd);
    if (result == storage::TmResult::kOk) {
      if (rr->ri_events.has_incoming()) rr->ri_events.RowDeleted(*rr->old_slot);
      return ProjectReturning(*rr, rr->old_slot.get());
    }
    tid = HandleConcurrentChange(rr, result, tmfd, &planslot, /*is_update=*/false);
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
    ResultRelation* rr, storage::TmResult result, const storage::TmFailureData& tmfd,
    TupleSlot** planslot, bool is_update) {
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
      if (!storage::HeapGetLatestTid(rr->rel->heap, fresh, &latest)) {
        return storage::ItemPointerData();
      }
      TupleSlot* recomputed = EvalPlanQual(rr, latest, fresh);
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

TupleSlot* ModifyTableOperator::EvalPlanQual(ResultRelation* rr, storage::ItemPointerData tid,
                                             storage::Snapshot snapshot) {
  if (!epq_projection_) {
    // Joins, appends and other shapes need the full EvalPlanQual machinery.
    throw Error(errcode::kTRSerializationFailure,
                "could not serialize access due to concurrent update");
  }
  storage::HeapTuple latest;
  if (!storage::HeapFetch(rr->rel->heap, snapshot, tid, &latest)) return nullptr;
  rr->old_slot->StoreHeapTuple(latest, /*copy=*/true);
  ExprContext* ec = econtext();
  ec->scantuple = rr->old_slot.get();
  if (!ExecQual(epq_qual_.get(), ec)) return nullptr;
  TupleSlot* out = ExecProject(epq_projection_.get(), ec);
  out->Materialize();
  return out;
}

}  // namespace hyrax::executor
