// NestLoop (PostgreSQL's nodeNestloop.c): for each outer row, rescans the inner side
// (after passing nestParams into PARAM_EXEC slots) and returns combinations that pass the
// join qual and the other qual. Supports inner, left, semi and anti joins.
#pragma once

#include <memory>

#include "executor/exec/operator.h"

namespace hyrax::executor {

class NestLoopOperator : public Operator {
 public:
  NestLoopOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                   OperatorPtr inner);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;

 private:
  const nodes::NestLoop& join_;
  std::unique_ptr<ExprState> joinqual_;
  std::unique_ptr<TupleSlot> null_inner_;  // all-NULL inner row for outer joins
  bool need_new_outer_ = true;
  bool matched_outer_ = false;
};

}  // namespace hyrax::executor
