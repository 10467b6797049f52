// Unique (PostgreSQL's nodeUnique.c): drops rows equal to the previous row on the key
// columns of its sorted input (SELECT DISTINCT by sorting; later UNION).
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"

namespace hyrax::executor {

class UniqueOperator : public Operator {
 public:
  UniqueOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override { have_last_ = false; }

 private:
  bool SameAsLast(TupleSlot* row);

  const nodes::Unique& uniq_;
  std::vector<FmgrInfo> eq_fns_;
  std::unique_ptr<TupleSlot> last_;  // the last row returned (materialised)
  bool have_last_ = false;
};

}  // namespace hyrax::executor
