// Aggregates used as window functions (PostgreSQL's nodeWindowAgg.c eval_windowaggregates):
// each aggregate keeps one transition state over the current row's frame, reusing the
// Agg operator's transition machinery (agg_trans.h). While the frame keeps its start and
// only grows at the end (the default frame, UNBOUNDED PRECEDING starts) rows are added
// incrementally; when the start moves or rows are excluded, the states restart over the new
// frame (no inverse transition functions yet, so sliding frames cost O(frame) per row).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/operators/agg_trans.h"
#include "executor/operators/window_frame.h"

namespace hyrax::executor {

class WindowAggregates {
 public:
  // Adds an aggregate call whose value goes to position `winfuncno` of the output arrays.
  void Add(const nodes::WindowFunc& wfunc, ExecState* estate);
  bool empty() const { return aggs_.empty(); }

  // Forgets the states (a new partition begins).
  void ResetPartition() { aggregated_ = false; }
  // Brings every state to `frame` and stores the results in values/nulls[winfuncno],
  // allocated in `result_memory`. `load_row(r)` must make partition row r
  // econtext->outertuple; econtext's per-tuple memory is reset after each row added.
  void Compute(const Frame& frame, ExprContext* econtext,
               const std::function<void(int64_t)>& load_row, MemoryContext* result_memory,
               Datum* values, bool* nulls);

 private:
  struct Aggregate {
    std::unique_ptr<nodes::Aggref> aggref;  // the call as an Aggref (AggTransInfo's input)
    std::unique_ptr<AggTransInfo> info;
    AggTransValue state;
    int winfuncno = -1;
  };
  void Restart(int64_t start);
  void AddRows(const RowRange& rows, ExprContext* econtext,
               const std::function<void(int64_t)>& load_row);

  std::vector<Aggregate> aggs_;
  MemoryContext state_memory_{"WindowAggContext"};  // internal-typed transition states
  bool aggregated_ = false;  // states hold rows [start_, end_) of the partition
  int64_t start_ = 0;
  int64_t end_ = 0;
};

}  // namespace hyrax::executor
