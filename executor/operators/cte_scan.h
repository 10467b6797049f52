// CTE Scan (PostgreSQL's nodeCtescan.c): reads a WITH query planned once
// (PlannedStmt::subplans[ctePlanId - 1]). Every CTE Scan of the same query shares one
// CteState: the rows the query produced so far, in a TupleStore, each scan with its own
// position; a scan past the stored rows pulls the next row from the query. So the query
// runs at most once, and only as far as its readers need (LIMIT), as in PostgreSQL.
// Data-modifying WITH queries are run to completion by ExecutorFinish.
#pragma once

#include <memory>

#include "executor/exec/tuple_store.h"
#include "executor/operators/tuple_store_scan.h"

namespace hyrax::executor {

// The materialised result of one WITH query, owned by the ExecState.
struct CteState {
  explicit CteState(Operator* query);
  // Puts row `index` into `slot`, running the query further when needed; false past the
  // last row.
  bool Fetch(size_t index, TupleSlot* slot);
  // Runs the query to its end (data-modifying WITH queries nobody read completely).
  void RunToCompletion();

  Operator* producer;  // the operator of the WITH query's plan (ExecState::subplan_operators)
  TupleStore rows;
  bool eof = false;
};

// The CteState of plan `plan_id` (1-based), created on first use.
CteState* GetCteState(ExecState* estate, int plan_id);

class CteScanOperator : public TupleStoreScanOperator {
 public:
  CteScanOperator(const nodes::Plan& plan, ExecState* estate);

 protected:
  bool FetchRow(size_t position, TupleSlot* slot) override;

 private:
  CteState* state_ = nullptr;  // owned by the ExecState; looked up on first use
};

}  // namespace hyrax::executor
