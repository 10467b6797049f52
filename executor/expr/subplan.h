// Run-time state of a SubPlan expression (PostgreSQL's SubPlanState / nodeSubplan.c):
// correlated sub-selects run once per evaluation with their parParam values set; init plans
// (setParam non-empty) run once, on the first read of one of their output parameters.
// Result semantics: EXISTS, EXPR (error 21000 past one row), ANY/ALL with SQL's NULL rules,
// ARRAY, MULTIEXPR (sets its setParam slots, returns NULL).
#pragma once

#include <memory>

#include "executor/expr/expr_state.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

class Operator;

class SubPlanState {
 public:
  // Requires: estate->subplan_operators holds the operator of subplan.plan_id.
  SubPlanState(const nodes::SubPlan& subplan, ExecState* estate);
  ~SubPlanState();

  // Evaluates a correlated (or uncorrelated, non-init) sub-select for the current row of
  // `econtext`.
  Datum Exec(ExprContext* econtext, bool* isnull);
  // Runs an init plan and stores its outputs in its setParam slots.
  void ExecSetParamPlan(ExprContext* econtext);

  const nodes::SubPlan& subplan() const { return subplan_; }
  Operator* planstate() const { return planstate_; }

 private:
  Datum ExecAnyAll(ExprContext* econtext, bool* isnull);
  void ReadRowIntoSetParams();
  void SetParParams(ExprContext* econtext);

  const nodes::SubPlan& subplan_;
  ExecState* estate_;
  Operator* planstate_;
  std::unique_ptr<ExprState> testexpr_;
  std::vector<std::unique_ptr<ExprState>> args_;
};

// The compiled-expression step that calls SubPlanState::Exec.
class SubPlanStep : public ComplexStep {
 public:
  explicit SubPlanStep(SubPlanState* state) : state_(state) {}
  void Eval(ExprContext* econtext, Datum* resvalue, bool* resnull) override {
    *resvalue = state_->Exec(econtext, resnull);
  }

 private:
  SubPlanState* state_;
};

}  // namespace hyrax::executor
