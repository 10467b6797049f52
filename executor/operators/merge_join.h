// MergeJoin (PostgreSQL's nodeMergejoin.c): both inputs arrive sorted on the merge keys
// (outer expr = inner expr per merge clause); the operator walks them in step. When an
// outer row's key equals the current inner row's, the inner position is marked, the group
// of equal inner rows is joined with that outer row, and the next outer row with the same
// key restores the inner side to the mark (so the inner input must support mark/restore:
// Sort, Materialize or an index scan). Rows whose merge key is NULL never match. Inner,
// left, right, full, semi and anti joins; RIGHT and FULL joins require every join clause to
// be a merge clause (no join filter), as in PostgreSQL.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

class MergeJoinOperator : public Operator {
 public:
  MergeJoinOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                    OperatorPtr inner);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;

 private:
  enum class State : uint8_t {
    kStart,             // nothing read yet
    kCompare,           // compare the current outer and inner rows
    kJoinPair,          // current inner row has the outer row's key: try the pair
    kNextInnerInGroup,  // read the next inner row of the group
    kEndOfOuterRow,     // the group is done for this outer row
    kNextOuter,         // read the next outer row, back to the mark if its key repeats
    kDrainOuter,        // inner side exhausted: remaining outer rows
    kDrainInner,        // outer side exhausted: remaining inner rows
    kDone,
  };
  // The merge keys of one input row: values and whether any is NULL (never matches).
  struct Keys {
    std::vector<Datum> values;
    bool has_null = false;
  };
  // One merge clause at run time.
  struct MergeKey {
    std::unique_ptr<ExprState> outer_expr;
    std::unique_ptr<ExprState> inner_expr;
    FmgrInfo cmp;  // btree comparison of (outer type, inner type)
    Oid collation = kInvalidOid;
    bool descending = false;
  };

  void AdvanceOuter();
  void AdvanceInner();
  void EvalKeys(bool outer_side, TupleSlot* row, ExprContext* context, Keys* keys);
  int CompareKeys(const Keys& outer, const Keys& inner);
  void MarkInner();
  void RestoreInner();
  TupleSlot* EmitPair();
  TupleSlot* EmitOuterUnmatched();
  TupleSlot* EmitInnerUnmatched();

  const nodes::MergeJoin& join_;
  std::vector<MergeKey> keys_;
  std::unique_ptr<ExprState> joinqual_;
  bool fill_outer_ = false;        // LEFT, FULL, ANTI: unmatched outer rows come out
  bool fill_inner_ = false;        // RIGHT, FULL: unmatched inner rows come out
  bool const_false_join_ = false;  // a constant FALSE/NULL join filter: no row matches
  std::unique_ptr<TupleSlot> null_outer_;
  std::unique_ptr<TupleSlot> null_inner_;
  std::unique_ptr<TupleSlot> marked_;  // copy of the marked inner row
  ExprContext outer_key_context_;
  ExprContext inner_key_context_;
  ExprContext marked_key_context_;

  State state_ = State::kStart;
  TupleSlot* outer_row_ = nullptr;
  TupleSlot* inner_row_ = nullptr;
  Keys outer_keys_;
  Keys inner_keys_;
  Keys marked_keys_;
  bool outer_matched_ = false;
  bool inner_matched_ = false;
  bool advance_outer_ = false;  // deferred until the row returned last is consumed
  bool advance_inner_ = false;
};

}  // namespace hyrax::executor
