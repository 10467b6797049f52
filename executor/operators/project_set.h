// ProjectSet (PostgreSQL 10+'s nodeProjectSet.c): a select list with set-returning
// functions. For each input row every set-returning entry is started; output rows advance
// all of them in lockstep, a set that ended yields NULL, and the input row is done when
// every set has ended. Entries without a set are recomputed per output row.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/expr/set_function.h"

namespace hyrax::executor {

class ProjectSetOperator : public Operator {
 public:
  ProjectSetOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override { have_input_ = false; }

 private:
  // Per target entry: a set-returning call, or a plain expression.
  std::vector<std::unique_ptr<SetFunctionCall>> sets_;
  std::vector<std::unique_ptr<ExprState>> exprs_;
  std::vector<bool> done_;
  bool have_input_ = false;
};

}  // namespace hyrax::executor
