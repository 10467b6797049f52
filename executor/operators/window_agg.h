// WindowAgg (PostgreSQL's nodeWindowAgg.c): computes the window functions of one window
// clause over input sorted on its PARTITION BY + ORDER BY keys. It reads one whole partition
// into memory (window_partition.h), then returns its rows one by one with the functions'
// values for each: built-ins via window_funcs.h, aggregates via window_aggregates.h, frames
// via window_frame.h. WindowFunc expressions in the target list read the values through
// ExprContext::aggvalues, indexed by WindowFunc::winfuncno. executor/README.md "WindowAgg".
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "executor/exec/key_equality.h"
#include "executor/exec/operator.h"
#include "executor/operators/window_aggregates.h"
#include "executor/operators/window_frame.h"
#include "executor/operators/window_funcs.h"
#include "executor/operators/window_partition.h"

namespace hyrax::executor {

class WindowAggOperator : public Operator {
 public:
  // Throws 0A000 for a window function without an implementation.
  WindowAggOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);
  ~WindowAggOperator() override;

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;

 private:
  class RowView;
  class RangeTest;
  // A built-in (non-aggregate) window function call.
  struct BuiltinCall {
    WindowFuncKind kind = WindowFuncKind::kRowNumber;
    int winfuncno = -1;
    std::vector<std::unique_ptr<ExprState>> args;
    WindowFuncPartitionState state;
  };

  void AddFunction(const nodes::WindowFunc& wfunc);
  // Evaluates the frame offsets (once per scan, as PostgreSQL); throws 22004 / 22013 for
  // NULL or negative ROWS / GROUPS offsets.
  void EvaluateFrameOffsets();
  // Reads the next partition; false when the input is exhausted.
  bool ReadPartition();
  void AppendRow(TupleSlot* row);
  // Computes every function's value for row `current_` into values_/nulls_.
  void ComputeRowValues();
  const Frame& CurrentFrame();
  Datum EvalArg(const ExprState* arg, int64_t row, bool* isnull);

  const nodes::WindowAgg& window_;
  std::vector<BuiltinCall> builtins_;
  WindowAggregates aggregates_;
  std::vector<Datum> values_;  // by winfuncno, for the current row
  std::unique_ptr<bool[]> nulls_;

  WindowPartition partition_;
  KeyEquality partition_keys_;
  KeyEquality order_keys_;
  std::unique_ptr<TupleSlot> pending_;  // first row of the next partition
  std::unique_ptr<TupleSlot> current_slot_;
  std::unique_ptr<TupleSlot> arg_slot_;  // a row whose arguments are being evaluated
  int64_t current_ = 0;
  bool input_done_ = false;

  FrameSpec frame_spec_;
  bool offsets_ready_ = false;
  std::unique_ptr<ExprState> start_offset_expr_;
  std::unique_ptr<ExprState> end_offset_expr_;
  std::unique_ptr<RangeTest> range_test_;  // RANGE with offsets only
  MemoryContext offset_memory_{"WindowFrameOffsets", 256};
  std::optional<Frame> frame_;  // the current row's frame, computed on first use

  MemoryContext row_memory_{"WindowAggRow"};  // the current row's function values
};

}  // namespace hyrax::executor
