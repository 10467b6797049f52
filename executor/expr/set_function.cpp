// Set-returning function calls (see set_function.h).
#include "executor/expr/set_function.h"

#include "common/error.h"
#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowCompositeNotSupported() {
  throw Error(errcode::kFeatureNotSupported,
              "functions returning composite types in FROM are not supported yet");
}

}  // namespace

bool IsSetReturningCall(const nodes::Expr& expr) {
  if (expr.tag == nodes::NodeTag::kFuncExpr) return nodes::As<nodes::FuncExpr>(&expr)->funcretset;
  if (expr.tag == nodes::NodeTag::kOpExpr) return nodes::As<nodes::OpExpr>(&expr)->opretset;
  return false;
}

SetFunctionCall::SetFunctionCall(const nodes::ExprPtr& expr, ExecState* estate) {
  is_set_ = IsSetReturningCall(*expr);
  if (!is_set_) {
    scalar_ = ExecInitExpr(*expr, estate);
    return;
  }
  Oid funcid;
  Oid collation;
  const nodes::ExprList* args;
  if (expr->tag == nodes::NodeTag::kFuncExpr) {
    const auto& f = *nodes::As<nodes::FuncExpr>(expr);
    funcid = f.funcid;
    collation = f.inputcollid;
    args = &f.args;
  } else {
    const auto& op = *nodes::As<nodes::OpExpr>(expr);
    funcid = op.opfuncid != kInvalidOid ? op.opfuncid : OperatorFunction(op.opno);
    collation = op.inputcollid;
    args = &op.args;
  }
  FmgrInfoForFunction(funcid, &flinfo_);
  flinfo_.fn_mcxt = &storage_;
  flinfo_.fn_rettype = expr->result_type;
  for (const auto& arg : *args) {
    flinfo_.fn_argtypes.push_back(arg->result_type);
    args_.push_back(ExecInitExpr(*arg, estate));
  }
  fcinfo_ = MakeFunctionCallInfo(&storage_, &flinfo_, static_cast<int>(args->size()), collation);
  fcinfo_->resultinfo = &rsinfo_;
}

void SetFunctionCall::Reset() {
  rsinfo_.Reset();
  phase_ = Phase::kIdle;
  materialized_row_ = 0;
}

void SetFunctionCall::Start(ExprContext* econtext) {
  Reset();
  arg_memory_.Reset();
  MemoryContextScope scope(&arg_memory_);
  if (!is_set_) {
    scalar_value_ = ExecInterpExpr(scalar_.get(), econtext, &scalar_null_);
    phase_ = Phase::kPending;
    return;
  }
  bool any_null = false;
  for (size_t i = 0; i < args_.size(); ++i) {
    fcinfo_->args[i].value = ExecInterpExpr(args_[i].get(), econtext, &fcinfo_->args[i].isnull);
    any_null |= fcinfo_->args[i].isnull;
  }
  // A strict set-returning function of a null argument returns the empty set.
  phase_ = flinfo_.fn_strict && any_null ? Phase::kDone : Phase::kPending;
}

bool SetFunctionCall::NextMaterialized(Datum* values, bool* nulls, int ncols) {
  const MaterializedSet& set = *rsinfo_.materialized;
  if (materialized_row_ >= set.RowCount()) {
    phase_ = Phase::kDone;
    return false;
  }
  const NullableDatum* row = &set.values[materialized_row_++ * set.natts];
  for (int col = 0; col < ncols; ++col) {
    values[col] = row[col].value;
    nulls[col] = row[col].isnull;
  }
  return true;
}

bool SetFunctionCall::NextRow(Datum* values, bool* nulls, int ncols) {
  if (phase_ == Phase::kIdle || phase_ == Phase::kDone) return false;
  if (!is_set_) {
    if (ncols != 1) ThrowCompositeNotSupported();
    phase_ = Phase::kDone;
    *values = scalar_value_;
    *nulls = scalar_null_;
    return true;
  }
  if (phase_ == Phase::kRunning && rsinfo_.return_mode == SetFunctionMode::kMaterialize) {
    return NextMaterialized(values, nulls, ncols);
  }
  phase_ = Phase::kRunning;
  Datum result = FunctionCallInvoke(fcinfo_);
  if (rsinfo_.return_mode == SetFunctionMode::kMaterialize) {
    if (!rsinfo_.materialized || rsinfo_.materialized->natts < 1) {
      phase_ = Phase::kDone;
      return false;
    }
    // A function with OUT parameters called where one value is wanted (the select list)
    // would need a composite Datum.
    if (rsinfo_.materialized->natts != ncols) {
      throw Error(errcode::kFeatureNotSupported,
                  "functions returning composite types are not supported outside FROM yet");
    }
    return NextMaterialized(values, nulls, ncols);
  }
  if (ncols != 1) ThrowCompositeNotSupported();
  switch (rsinfo_.is_done) {
    case ExprDoneCond::kEndResult:
      phase_ = Phase::kDone;
      rsinfo_.Reset();
      return false;
    case ExprDoneCond::kSingleResult:
      phase_ = Phase::kDone;  // the function answered with one plain value
      break;
    case ExprDoneCond::kMultipleResult:
      break;
  }
  *values = result;
  *nulls = fcinfo_->isnull;
  return true;
}

}  // namespace hyrax::executor
