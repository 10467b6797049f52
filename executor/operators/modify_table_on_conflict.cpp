// INSERT ... ON CONFLICT DO NOTHING / DO UPDATE in ModifyTable (PostgreSQL's ExecInsert
// speculative path, ExecCheckIndexConstraints and ExecOnConflictUpdate). The protocol:
//   1. pre-check: look up the row's key in every arbiter index with a dirty snapshot;
//      wait for an in-progress inserter or deleter and look again; a live row is the
//      conflict (DO NOTHING skips, DO UPDATE locks it and updates it);
//   2. no conflict: insert the heap tuple, then its index entries, the arbiter ones with
//      a partial unique check that reports a duplicate instead of raising 23505;
//   3. a duplicate appeared between 1 and 2 (a concurrent inserter): kill our tuple
//      (HeapAbortSpeculative, invisible to everyone at once) and start again at 1, which
//      now waits for that inserter or finds its row.
// docs/architecture.md "ON CONFLICT" explains why this never raises 23505 for an arbiter.
#include "executor/operators/modify_table_on_conflict.h"

#include <algorithm>

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "storage/btree/btree_scan.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"

namespace hyrax::executor {

namespace {

// EXCLUDED.col reads the row proposed for insertion, which the executor passes as the
// inner tuple (PostgreSQL's setrefs turns these Vars into INNER_VAR references too).
nodes::ExprPtr ExcludedToInner(const nodes::ExprPtr& expr, nodes::Index excluded_rti) {
  if (!expr) return expr;
  return MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag != nodes::NodeTag::kVar) return nullptr;
    const auto& var = *nodes::As<nodes::Var>(e);
    if (var.varlevelsup != 0 || var.varno != excluded_rti) return nullptr;
    if (var.varattno <= 0) {
      throw Error(errcode::kFeatureNotSupported,
                  "whole-row references to EXCLUDED are not supported yet");
    }
    auto inner = std::make_shared<nodes::Var>(var);
    inner->varno = nodes::kInnerVar;
    return inner;
  });
}

// Whether the table row `row_values` has the same key as `key` in `index` (a TID read from
// the index may have been reused by the time the heap is read).
bool SameKey(const OpenIndex& index, const Datum* key, const bool* key_null,
             const Datum* row_values, const bool* row_nulls) {
  Datum values[storage::kIndexMaxKeys];
  bool isnull[storage::kIndexMaxKeys];
  FormIndexDatum(index, row_values, row_nulls, values, isnull);
  for (int col = 0; col < index.info.nkeyatts; ++col) {
    if (isnull[col] != key_null[col]) return false;
    if (!isnull[col] && index.info.columns[col].compare(values[col], key[col]) != 0) return false;
  }
  return true;
}

}  // namespace

void ModifyTableOperator::InitOnConflict() {
  if (router_ != nullptr || results_.size() != 1) {
    throw Error(errcode::kFeatureNotSupported,
                "ON CONFLICT on partitioned tables is not supported yet");
  }
  on_conflict_ = std::make_unique<OnConflictState>();
  on_conflict_->rr = results_[0].get();
  ResultRelation& rr = *on_conflict_->rr;
  for (const auto& index : rr.indexes) {
    bool arbiter = node_.arbiterIndexes.empty()
                       ? index->info.unique
                       : std::find(node_.arbiterIndexes.begin(), node_.arbiterIndexes.end(),
                                   index->index.indexrelid) != node_.arbiterIndexes.end();
    if (!arbiter) continue;
    if (!index->index.indimmediate) {
      throw Error(errcode::kObjectNotInPrerequisiteState,
                  "ON CONFLICT does not support deferrable unique constraints/exclusion "
                  "constraints as arbiters")
          .Table(rr.rel->name());
    }
    on_conflict_->arbiters.push_back(index);
  }
  if (node_.onConflictAction != nodes::OnConflictAction::kUpdate) return;
  nodes::TargetList& set = on_conflict_->set;
  set = node_.onConflictSet;
  for (auto& tle : set) tle.expr = ExcludedToInner(tle.expr, node_.exclRelRTI);
  on_conflict_->set_slot = std::make_unique<TupleSlot>(rr.rel->desc);
  on_conflict_->projection = ExecBuildProjection(set, on_conflict_->set_slot.get(), estate_);
  if (node_.onConflictWhere) {
    on_conflict_->where_expr = ExcludedToInner(node_.onConflictWhere, node_.exclRelRTI);
    on_conflict_->where = ExecInitQual({on_conflict_->where_expr}, estate_);
  }
}

TupleSlot* ModifyTableOperator::ExecInsertOnConflict(TupleSlot* row) {
  ResultRelation& rr = *on_conflict_->rr;
  row->table_oid = rr.rel->oid;
  for (;;) {
    storage::ItemPointerData conflict_tid;
    if (FindConflict(row, &conflict_tid)) {
      if (node_.onConflictAction == nodes::OnConflictAction::kNothing) {
        CheckConflictVisible(conflict_tid);
        return nullptr;
      }
      bool retry = false;
      TupleSlot* updated = OnConflictUpdate(row, conflict_tid, &retry);
      if (retry) continue;
      return updated;
    }
    if (InsertSpeculatively(row)) return rr.new_slot.get();
  }
}

bool ModifyTableOperator::FindConflict(TupleSlot* row, storage::ItemPointerData* conflict_tid) {
  ResultRelation& rr = *on_conflict_->rr;
  row->GetAllAttrs();
  storage::SnapshotData dirty;
  dirty.kind = storage::SnapshotKind::kDirty;
  Datum key[storage::kIndexMaxKeys];
  bool key_null[storage::kIndexMaxKeys];
restart:
  for (const auto& index : on_conflict_->arbiters) {
    FormIndexDatum(*index, row->values(), row->nulls(), key, key_null);
    std::vector<storage::IndexScanKey> scan_keys;
    bool may_conflict = true;
    for (int col = 0; col < index->info.nkeyatts; ++col) {
      storage::IndexScanKey scan_key;
      scan_key.attno = col + 1;
      if (key_null[col]) {
        // NULLs never conflict unless the index says NULLS NOT DISTINCT.
        may_conflict &= index->info.nulls_not_distinct;
        scan_key.flags = storage::kScanKeySearchNull;
      } else {
        scan_key.argument = key[col];
      }
      scan_keys.push_back(scan_key);
    }
    if (!may_conflict) continue;
    storage::BtreeScan scan(index->info);
    scan.Rescan(std::move(scan_keys));
    storage::ItemPointerData tid;
    while (scan.Next(storage::ScanDirection::kForward, &tid)) {
      storage::HeapTuple tuple;
      if (!storage::HeapHotFetch(rr.rel->heap, &dirty, tid, &tuple, nullptr, nullptr)) continue;
      TransactionId xwait =
          TransactionIdIsValid(dirty.dirty_xmin) ? dirty.dirty_xmin : dirty.dirty_xmax;
      if (TransactionIdIsValid(xwait)) {
        // An inserter or deleter is still running: its outcome decides (check_exclusion_or_
        // unique_constraint waits and starts over).
        storage::XactLockTableWait(xwait);
        goto restart;
      }
      rr.old_slot->StoreHeapTuple(tuple, /*copy=*/false);
      rr.old_slot->GetAllAttrs();
      if (!SameKey(*index, key, key_null, rr.old_slot->values(), rr.old_slot->nulls())) continue;
      *conflict_tid = tuple.self;
      return true;
    }
  }
  return false;
}

bool ModifyTableOperator::InsertSpeculatively(TupleSlot* row) {
  ResultRelation& rr = *on_conflict_->rr;
  storage::HeapTuple tuple = row->FormHeapTuple();
  storage::HeapInsert(rr.rel->heap, &tuple, estate_->output_cid);
  Datum values[storage::kIndexMaxKeys];
  bool isnull[storage::kIndexMaxKeys];
  bool conflict = false;
  for (const auto& index : rr.indexes) {
    FormIndexDatum(*index, row->values(), row->nulls(), values, isnull);
    bool arbiter = std::find(on_conflict_->arbiters.begin(), on_conflict_->arbiters.end(), index) !=
                   on_conflict_->arbiters.end();
    auto check = !index->info.unique ? storage::IndexUniqueCheck::kNo
                 : arbiter           ? storage::IndexUniqueCheck::kPartial
                                     : storage::IndexUniqueCheck::kYes;
    storage::UniqueCheckContext ctx;
    if (check != storage::IndexUniqueCheck::kNo) {
      ctx.probe_heap = storage::MakeHeapUniqueProbe(rr.rel->heap);
      ctx.format_key = index->format_key;
    }
    if (!storage::BtreeInsert(index->info, values, isnull, tuple.self, check, &ctx)) {
      conflict = true;
    }
  }
  if (conflict) {
    storage::HeapAbortSpeculative(rr.rel->heap, tuple.self);
    return false;
  }
  if (rr.ri_events.active()) rr.ri_events.RowInserted(*row, tuple.self);
  rr.new_slot->StoreHeapTuple(tuple, /*copy=*/false);
  return true;
}

void ModifyTableOperator::CheckConflictVisible(storage::ItemPointerData tid) {
  ResultRelation& rr = *on_conflict_->rr;
  if (!storage::IsolationUsesXactSnapshot()) return;
  storage::HeapTuple tuple;
  if (storage::HeapFetch(rr.rel->heap, estate_->snapshot, tid, &tuple)) return;
  storage::HeapTuple any;
  if (storage::HeapFetch(rr.rel->heap, &any_snapshot_, tid, &any) &&
      storage::TransactionIdIsCurrentTransactionId(any.data->t_xmin)) {
    return;  // our own row, inserted by this statement
  }
  throw Error(errcode::kTRSerializationFailure,
              "could not serialize access due to concurrent update");
}

TupleSlot* ModifyTableOperator::OnConflictUpdate(TupleSlot* proposed,
                                                 storage::ItemPointerData conflict_tid,
                                                 bool* retry) {
  ResultRelation& rr = *on_conflict_->rr;
  storage::HeapTuple locked;
  storage::TmFailureData tmfd;
  storage::TmResult result = storage::HeapLockTuple(
      rr.rel->heap, conflict_tid, estate_->output_cid, storage::LockTupleMode::kExclusive,
      storage::LockWaitPolicy::kBlock, &locked, &tmfd);
  switch (result) {
    case storage::TmResult::kOk:
      break;
    case storage::TmResult::kInvisible:
      // Only a row inserted (or updated) by this very command is invisible to it: the
      // statement proposed two rows with the same key.
      if (storage::TransactionIdIsCurrentTransactionId(locked.data->t_xmin)) {
        throw Error(errcode::kCardinalityViolation,
                    "ON CONFLICT DO UPDATE command cannot affect row a second time")
            .Hint(
                "Ensure that no rows proposed for insertion within the same command have "
                "duplicate constrained values.");
      }
      throw Error(errcode::kInternalError, "attempted to lock invisible tuple");
    case storage::TmResult::kUpdated:
    case storage::TmResult::kDeleted:
      if (storage::IsolationUsesXactSnapshot()) {
        throw Error(errcode::kTRSerializationFailure,
                    result == storage::TmResult::kUpdated
                        ? "could not serialize access due to concurrent update"
                        : "could not serialize access due to concurrent delete");
      }
      *retry = true;  // start over: the pre-check finds the newest version
      return nullptr;
    default:
      throw MakeError(errcode::kInternalError, "unexpected ON CONFLICT lock status {}",
                      static_cast<int>(result));
  }
  CheckConflictVisible(conflict_tid);
  rr.old_slot->StoreHeapTuple(locked, /*copy=*/false);
  ExprContext* ec = econtext();
  ec->scantuple = rr.old_slot.get();
  ec->innertuple = proposed;
  if (on_conflict_->where && !ExecQual(on_conflict_->where.get(), ec)) {
    CountFiltered1();
    return nullptr;  // the row stays locked, as in PostgreSQL
  }
  TupleSlot* row = ExecProject(on_conflict_->projection.get(), ec);
  PrepareNewVersion(&rr, row);
  result = StoreNewVersion(&rr, conflict_tid, &tmfd);
  if (result != storage::TmResult::kOk) {
    // We hold the row lock, so nobody else can have changed it.
    throw MakeError(errcode::kInternalError, "unexpected ON CONFLICT update status {}",
                    static_cast<int>(result));
  }
  return rr.new_slot.get();
}

}  // namespace hyrax::executor
