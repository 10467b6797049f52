// ValuesScan (PostgreSQL's nodeValuesscan.c): VALUES lists in FROM. Each row's expressions
// are evaluated into the scan slot, then the node's qual and projection apply.
#pragma once

#include <vector>

#include "executor/exec/operator.h"

namespace hyrax::executor {

class ValuesScanOperator : public Operator {
 public:
  ValuesScanOperator(const nodes::Plan& plan, ExecState* estate);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override { next_row_ = 0; }

 private:
  std::unique_ptr<TupleSlot> scan_slot_;
  std::vector<std::unique_ptr<ExprState>> rows_;  // one projection per VALUES row
  size_t next_row_ = 0;
};

}  // namespace hyrax::executor
