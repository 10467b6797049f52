// FunctionScan (PostgreSQL's nodeFunctionscan.c): functions in FROM. Each function's set is
// produced value by value; with several functions (ROWS FROM) the rows are zipped and a
// function whose set ended contributes NULLs until every set has ended. WITH ORDINALITY
// appends the row number. The node's qual and projection then apply to the scan row. A
// function with OUT parameters (or a column definition list) fills several columns; only
// materialize-mode functions can (executor/functions/srf.h).
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
  std::vector<int> first_column_;  // per call: its first column in the scan row
  std::vector<int> column_count_;  // per call: how many columns it fills
  std::vector<bool> done_;
  int scan_columns_ = 0;  // function columns, before the ordinality column
  bool ordinality_ = false;
  bool started_ = false;
  int64_t ordinal_ = 0;
};

}  // namespace hyrax::executor
