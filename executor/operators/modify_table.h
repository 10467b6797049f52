// ModifyTable (PostgreSQL's nodeModifyTable.c): INSERT, UPDATE and DELETE with RETURNING,
// of one relation or of the children of an inheritance parent / partitions of a
// partitioned table (one ResultRelation each, executor/exec/result_relation.h). UPDATE and
// DELETE find their target rows by the child's junk "ctid" column, and their relation by
// the junk "tableoid" when there are several. INSERT into a partitioned table routes each
// row to its leaf partition (executor/partition/tuple_routing.h); a row inserted into a
// partition directly, or updated in one, must satisfy its partition constraint (23514),
// except that an UPDATE through the partitioned table moves it to the right partition
// (delete + insert, PostgreSQL 11+). Concurrency follows PostgreSQL: the heap waits for a
// concurrent writer; under READ COMMITTED a row updated meanwhile is re-checked on its
// newest version (EvalPlanQual, for plans that scan the result relation directly), under
// REPEATABLE READ the statement fails with 40001. NOT NULL (23502) and then CHECK
// constraints (23514, in name order as PostgreSQL) are checked before every write; new row
// versions get entries in every index of the table (unique ones checked, 23505). Rows
// written to tables with foreign keys are reported to the statement's RI queue
// (executor/ri/), checked at its end.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/exec/result_relation.h"
#include "storage/heap/heap_am.h"

namespace hyrax::executor {

class TupleRouter;  // executor/partition/tuple_routing.h

class ModifyTableOperator : public Operator {
 public:
  ModifyTableOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);
  ~ModifyTableOperator() override;

 protected:
  TupleSlot* NextImpl() override;

 private:
  // Each returns the slot to project RETURNING from, or nullptr when no row was changed.
  TupleSlot* ExecInsert(TupleSlot* planslot);
  TupleSlot* ExecUpdate(TupleSlot* planslot);
  TupleSlot* ExecDelete(TupleSlot* planslot);
  // Inserts a row given in the root's layout into `rr` (or the partition routing picks).
  TupleSlot* InsertRootRow(ResultRelation* rr, const Datum* values, const bool* nulls);
  storage::ItemPointerData JunkCtid(TupleSlot* planslot);
  // The result relation of a plan row (its junk tableoid when there are several).
  ResultRelation* RowRelation(TupleSlot* planslot);
  // Builds the new version from the old row at `tid` and the child's new column values.
  void BuildUpdatedRow(ResultRelation* rr, storage::ItemPointerData tid, TupleSlot* planslot);
  // Checks `row` (NOT NULL, CHECK), decides whether the update may be HOT (rr->old_slot
  // holds the old version) and forms the new version in rr->new_slot.
  void PrepareNewVersion(ResultRelation* rr, TupleSlot* row);
  // HeapUpdate of the version at `tid` to rr->new_slot's row, plus its index entries and
  // foreign-key events; on kOk rr->new_slot holds the stored version.
  storage::TmResult StoreNewVersion(ResultRelation* rr, storage::ItemPointerData tid,
                                    storage::TmFailureData* tmfd);

  // INSERT ... ON CONFLICT (modify_table_on_conflict.cpp), on the one result relation.
  struct OnConflictState;
  void InitOnConflict();
  // Inserts `row` speculatively, or resolves its conflict; the written row or nullptr.
  TupleSlot* ExecInsertOnConflict(TupleSlot* row);
  // Pre-check: waits out in-progress conflicting inserters; true with *conflict_tid set when
  // a live row conflicts with `row` in an arbiter index.
  bool FindConflict(TupleSlot* row, storage::ItemPointerData* conflict_tid);
  // Inserts the heap tuple and its index entries; false when an arbiter index found a
  // conflict meanwhile (the tuple was killed again).
  bool InsertSpeculatively(TupleSlot* row);
  // DO UPDATE of the conflicting row. Sets *retry when the row changed under us.
  TupleSlot* OnConflictUpdate(TupleSlot* proposed, storage::ItemPointerData conflict_tid,
                              bool* retry);
  // REPEATABLE READ: the conflicting row must be visible to the transaction snapshot.
  void CheckConflictVisible(storage::ItemPointerData tid);
  // ExecPartitionCheck: 23514 "new row for relation ... violates partition constraint".
  bool PartitionCheck(const ResultRelation& rr, TupleSlot* slot, bool raise);
  bool PartitionCheck(const catalog::RelationData& rel, TupleSlot* slot, bool raise);
  // An UPDATE through a partitioned table whose new row belongs elsewhere: delete + insert.
  TupleSlot* MoveRow(ResultRelation* rr, storage::ItemPointerData tid, TupleSlot* planslot);
  // Handles a failed update/delete. Returns the newest version's tid to retry on (with
  // *planslot recomputed for UPDATE), or an invalid tid to skip the row.
  storage::ItemPointerData HandleConcurrentChange(ResultRelation* rr, storage::TmResult result,
                                                  const storage::TmFailureData& tmfd,
                                                  TupleSlot** planslot, bool is_update);
  // EvalPlanQual: re-evaluates the scan qual and target list on the row at `tid`; returns
  // the recomputed plan row, or nullptr when the row no longer qualifies.
  // The row is read with `snapshot`, the one that found `tid` to be the newest visible
  // version (a newer snapshot could already miss it and the row would be skipped).
  TupleSlot* EvalPlanQual(ResultRelation* rr, storage::ItemPointerData tid,
                          storage::Snapshot snapshot);
  void RaiseSelfModified(const storage::TmFailureData& tmfd, bool is_update);
  // The projected RETURNING row for `changed` (a row of `rr`).
  TupleSlot* ProjectReturning(const ResultRelation& rr, TupleSlot* changed);

  const nodes::ModifyTable& node_;
  const catalog::RelationData& root_;                     // the named relation (nominalRelation)
  std::vector<std::unique_ptr<ResultRelation>> results_;  // per resultRelations entry
  std::unique_ptr<TupleRouter> router_;                   // INSERT into a partitioned table
  int ctid_column_ = -1;                                  // 1-based in the child's rows
  int tableoid_column_ = -1;                              // 1-based; -1 with one relation
  std::unique_ptr<TupleSlot> root_row_;             // RETURNING input / moved rows, root layout
  std::unique_ptr<HeapTupleSlot> returning_input_;  // root_row_ as a stored row
  std::unique_ptr<TupleSlot> returning_slot_;
  std::unique_ptr<ExprState> returning_;
  // Set by BuildUpdatedRow: no indexed column changed, so the update may be HOT.
  bool hot_allowed_ = false;
  // EvalPlanQual support (child is a scan of the result relation).
  std::unique_ptr<ExprState> epq_qual_;
  std::unique_ptr<ExprState> epq_projection_;
  std::unique_ptr<TupleSlot> epq_result_;
  storage::SnapshotData any_snapshot_;
  std::unique_ptr<OnConflictState> on_conflict_;  // INSERT ... ON CONFLICT only
};

}  // namespace hyrax::executor
