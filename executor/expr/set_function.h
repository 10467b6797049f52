// Evaluation of one set-returning function call (PostgreSQL's SetExprState, execSRF.c), used
// by FunctionScan (functions in FROM) and ProjectSet (set-returning functions in the select
// list). The arguments are evaluated once per set; the function is then called through the
// protocol of executor/functions/srf.h until it reports the end of the set. An expression that
// is not a set-returning call (a plain function in FROM) yields exactly one value.
#pragma once

#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/expr/expr_state.h"
#include "executor/functions/srf.h"

namespace hyrax::executor {

class SetFunctionCall {
 public:
  SetFunctionCall(const nodes::ExprPtr& expr, ExecState* estate);
  SetFunctionCall(const SetFunctionCall&) = delete;
  SetFunctionCall& operator=(const SetFunctionCall&) = delete;

  // Starts a new set: evaluates the arguments (or the whole non-set expression) against the
  // input tuples of `econtext`. Abandons any set in progress.
  void Start(ExprContext* econtext);
  // The next value of the current set; false once the set has ended. By-reference values
  // are allocated in the current memory context.
  bool Next(Datum* value, bool* isnull) { return NextRow(value, isnull, 1); }
  // The next row of `ncols` columns (functions with OUT parameters in FROM). Only
  // materialize-mode functions return more than one column; a value-per-call function
  // asked for several raises 0A000 (composite Datums are not supported yet).
  bool NextRow(Datum* values, bool* nulls, int ncols);
  // Abandons the current set (rescan, early end).
  void Reset();

 private:
  bool NextMaterialized(Datum* values, bool* nulls, int ncols);

  bool is_set_ = false;
  std::unique_ptr<ExprState> scalar_;  // not a set-returning call
  std::vector<std::unique_ptr<ExprState>> args_;
  FmgrInfo flinfo_;
  FunctionCallInfo* fcinfo_ = nullptr;
  ReturnSetInfo rsinfo_;
  MemoryContext storage_{"SetFunctionCall"};
  MemoryContext arg_memory_{"SetFunctionCall arguments"};
  enum class Phase : uint8_t { kIdle, kPending, kRunning, kDone } phase_ = Phase::kIdle;
  size_t materialized_row_ = 0;
  Datum scalar_value_ = 0;
  bool scalar_null_ = true;
};

// True when `expr` is a set-returning function or operator call at its top.
bool IsSetReturningCall(const nodes::Expr& expr);

}  // namespace hyrax::executor
