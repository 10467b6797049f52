// FunctionScan (PostgreSQL's nodeFunctionscan.c): functions in FROM. Each function's set is
// produced value by value; with several functions (ROWS FROM) the rows are zipped and a
// function whose set ended contributes NULLs until every set has ended. WITH ORDINALITY
// appends the row number. The node's qual and projection then apply to the scan row.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/expr/set_function.h"

namespace hyrax::executor {

class FunctionScanOperator : public Operator {
 public:
  FunctionScanOperator(const nodes::Plan& plan, ExecState* estate);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override { started_ = false; }

 private:
  std::unique_ptr<TupleSlot> scan_slot_;
  std::vector<std::unique_ptr<SetFunctionCall>> calls_;
  std::vector<bool> done_;
  bool ordinality_ = false;
  bool started_ = false;
  int64_t ordinal_ = 0;
};

}  // namespace hyrax::executor
