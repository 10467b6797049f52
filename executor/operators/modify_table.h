// ModifyTable (PostgreSQL's nodeModifyTable.c): INSERT, UPDATE and DELETE of one result
// relation, with RETURNING. UPDATE/DELETE find their target rows by the child's junk
// "ctid" column. Concurrency follows PostgreSQL: the heap waits for a concurrent writer;
// under READ COMMITTED a row updated meanwhile is re-checked on its newest version
// (EvalPlanQual, for plans that scan the result relation directly), under REPEATABLE READ
// the statement fails with 40001. NOT NULL (23502) and then CHECK constraints (23514, in
// name order as PostgreSQL) are checked before every write; new row versions get entries in
// every index of the table (unique ones checked, 23505).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/exec/hot_update.h"
#include "executor/exec/operator.h"
#include "storage/heap/heap_am.h"

namespace hyrax::executor {

struct OpenIndex;  // executor/exec/index_relation.h

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
  storage::ItemPointerData JunkCtid(TupleSlot* planslot);
  // Builds the new version from the old row at `tid` and the child's new column values.
  void BuildUpdatedRow(storage::ItemPointerData tid, TupleSlot* planslot);
  // Checks `row` (NOT NULL, CHECK), decides whether the update may be HOT (old_slot_ holds
  // the old version) and forms the new version in new_slot_.
  void PrepareNewVersion(TupleSlot* row);
  // HeapUpdate of the version at `tid` to new_slot_'s row, plus its index entries; on kOk
  // new_slot_ holds the stored version.
  storage::TmResult StoreNewVersion(storage::ItemPointerData tid, storage::TmFailureData* tmfd);

  // INSERT ... ON CONFLICT (modify_table_on_conflict.cpp).
  struct OnConflictState;
  void InitOnConflict();
  // Inserts `row` speculatively, or resolves its conflict; the slot for RETURNING or nullptr.
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
  void CheckNotNull(TupleSlot* slot);
  // PostgreSQL's ExecConstraints for CHECK: a condition that is false (not NULL) fails.
  void CheckConstraints(TupleSlot* slot);
  // PostgreSQL's ExecBuildSlotValueDescription: "(1, null, abc)" for error details.
  std::string FailingRow(TupleSlot* slot);
  // Handles a failed update/delete. Returns the newest version's tid to retry on (with
  // *planslot recomputed for UPDATE), or an invalid tid to skip the row.
  storage::ItemPointerData HandleConcurrentChange(storage::TmResult result,
                                                  const storage::TmFailureData& tmfd,
                                                  TupleSlot** planslot, bool is_update);
  // EvalPlanQual: re-evaluates the scan qual and target list on the row at `tid`; returns
  // the recomputed plan row, or nullptr when the row no longer qualifies.
  // The row is read with `snapshot`, the one that found `tid` to be the newest visible
  // version (a newer snapshot could already miss it and the row would be skipped).
  TupleSlot* EvalPlanQual(storage::ItemPointerData tid, storage::Snapshot snapshot);
  void RaiseSelfModified(const storage::TmFailureData& tmfd, bool is_update);

  const nodes::ModifyTable& node_;
  nodes::Index result_rti_;
  const catalog::RelationData& rel_;
  int ctid_column_ = -1;                     // 1-based in the child's rows
  std::unique_ptr<HeapTupleSlot> new_slot_;  // the row being written
  std::unique_ptr<HeapTupleSlot> old_slot_;  // the row being replaced / deleted
  std::unique_ptr<TupleSlot> returning_slot_;
  std::unique_ptr<ExprState> returning_;
  struct CheckConstraint {
    std::string name;
    std::unique_ptr<ExprState> expr;  // Vars read the new row as the scan tuple
  };
  std::vector<CheckConstraint> checks_;
  std::vector<std::shared_ptr<const OpenIndex>> indexes_;  // INSERT/UPDATE: all indexes
  HotUpdateCheck hot_check_;
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
