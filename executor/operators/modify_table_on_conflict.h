// Run-time state of INSERT ... ON CONFLICT in ModifyTable (modify_table_on_conflict.cpp;
// docs/architecture.md "ON CONFLICT"). Owned by ModifyTableOperator.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/index_relation.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_state.h"
#include "executor/operators/modify_table.h"

namespace hyrax::executor {

struct ModifyTableOperator::OnConflictState {
  ResultRelation* rr = nullptr;        // the one result relation (not partitioned)
  std::vector<OpenIndexPtr> arbiters;  // the arbiter indexes among the table's indexes
  // SET list and WHERE with EXCLUDED as the inner tuple; kept alive because SubPlan states
  // compiled from them refer to their nodes.
  nodes::TargetList set;
  nodes::ExprPtr where_expr;
  std::unique_ptr<ExprState> where;       // DO UPDATE ... WHERE (EXCLUDED = inner tuple)
  std::unique_ptr<TupleSlot> set_slot;    // DO UPDATE's new row
  std::unique_ptr<ExprState> projection;  // fills set_slot (existing row = scan tuple)
};

}  // namespace hyrax::executor
