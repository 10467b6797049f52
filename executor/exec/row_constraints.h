// The per-row constraints of a table that every writer checks before storing a new row
// version (PostgreSQL's ExecConstraints): NOT NULL (23502), then CHECK constraints (23514,
// in name order as PostgreSQL), with PostgreSQL's "Failing row contains (...)" detail.
// Used by ModifyTable and by the referential actions of foreign keys (executor/ri/), which
// update rows of other tables.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/exec/exec_state.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"

namespace hyrax::executor {

class RowConstraints {
 public:
  // Compiles the CHECK constraints of `rel` in `estate`. Both must outlive this object.
  RowConstraints(const catalog::RelationData& rel, ExecState* estate);

  // Throws 23502 for a NULL in a NOT NULL column, then 23514 for a CHECK condition that is
  // false (not NULL). `econtext` evaluates the conditions (its scantuple is restored).
  void Check(TupleSlot* row, ExprContext* econtext) const;

  // PostgreSQL's ExecBuildSlotValueDescription: "(1, null, abc)" for error details.
  static std::string FailingRow(TupleSlot* row);

 private:
  void CheckNotNull(TupleSlot* row) const;

  struct CheckConstraint {
    std::string name;
    nodes::ExprPtr tree;              // owns the by-reference constants `expr` points to
    std::unique_ptr<ExprState> expr;  // Vars read the new row as the scan tuple
  };
  const catalog::RelationData& rel_;
  std::vector<CheckConstraint> checks_;
};

}  // namespace hyrax::executor
