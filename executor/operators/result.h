// Result (PostgreSQL's nodeResult.c): SELECT without FROM (one row), or a projection and
// filter over its child's rows; resconstantqual, evaluated once, can suppress all output.
#pragma once

#include "executor/exec/operator.h"

namespace hyrax::executor {

class ResultOperator : public Operator {
 public:
  ResultOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;

 private:
  std::unique_ptr<ExprState> constant_qual_;
  bool checked_constant_qual_ = false;
  bool done_ = false;
};

}  // namespace hyrax::executor
