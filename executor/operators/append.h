// Append (PostgreSQL's nodeAppend.c): returns the rows of each child plan in turn (UNION
// ALL and the inputs of UNION / INTERSECT / EXCEPT).
#pragma once

#include <vector>

#include "executor/exec/operator.h"

namespace hyrax::executor {

class AppendOperator : public Operator {
 public:
  AppendOperator(const nodes::Plan& plan, ExecState* estate, std::vector<OperatorPtr> children);

  std::vector<Operator*> extra_children() const override;

 protected:
  void OpenImpl() override;
  TupleSlot* NextImpl() override;
  void CloseImpl() override;
  void ReScanImpl() override;

 private:
  std::vector<OperatorPtr> children_;
  size_t current_ = 0;
};

}  // namespace hyrax::executor
