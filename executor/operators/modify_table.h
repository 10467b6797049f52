// ModifyTable (PostgreSQL's nodeModifyTable.c): INSERT, UPDATE and DELETE of one result
// relation, with RETURNING. UPDATE/DELETE find their target rows by the child's junk
// "ctid" column. Concurrency follows PostgreSQL: the heap waits for a concurrent writer;
// under READ COMMITTED a row updated meanwhile is re-checked on its newest version
// (EvalPlanQual, for plans that scan the result relation directly), under REPEATABLE READ
// the statement fails with 40001. NOT NULL (23502) and then CHECK constraints (23514, in
// name order as PostgreSQL) are checked before every write; new row versions get entries in
// every index of the table (unique ones checked, 23505). Rows written to tables with foreign
// keys are reported to the statement's RI queue (executor/ri/), checked at its end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/exec/hot_update.h"
#include "executor/exec/operator.h"
#include "executor/exec/row_constraints.h"
#include "executor/ri/ri_event_queue.h"
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
  std::unique_ptr<RowConstraints> constraints_;            // INSERT/UPDATE: NOT NULL and CHECK
  std::vector<std::shared_ptr<const OpenIndex>> indexes_;  // INSERT/UPDATE: all indexes
  HotUpdateCheck hot_check_;
  ri::RiRowEvents ri_events_;  // foreign keys in either direction
  // Set by BuildUpdatedRow: no indexed column changed, so the update may be HOT.
  bool hot_allowed_ = false;
  // EvalPlanQual support (child is a scan of the result relation).
  std::unique_ptr<ExprState> epq_qual_;
  std::unique_ptr<ExprState> epq_projection_;
  std::unique_ptr<TupleSlot> epq_result_;
  storage::SnapshotData any_snapshot_;
};

}  // namespace hyrax::executor
