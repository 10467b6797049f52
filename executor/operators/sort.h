// Sort (PostgreSQL's nodeSort.c): reads all input rows into a Tuplesort on the first
// Next(), then returns them in order. EXPLAIN ANALYZE reads the sort statistics.
#pragma once

#include <memory>

#include "executor/exec/operator.h"
#include "executor/exec/tuplesort.h"

namespace hyrax::executor {

class SortOperator : public Operator {
 public:
  SortOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);

  // Only the first `bound` rows will be read (set by a Limit above).
  void SetBound(int64_t bound) { bound_ = bound; }
  const SortStats& sort_stats() const { return sort_stats_; }

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;
  bool SupportsMarkRestore() const override { return true; }
  void MarkPosImpl() override { sort_->MarkPos(); }
  void RestrPosImpl() override { sort_->RestorePos(); }

 private:
  std::unique_ptr<Tuplesort> sort_;
  std::unique_ptr<TupleSlot> out_slot_;
  int64_t bound_ = 0;
  bool sorted_ = false;
  SortStats sort_stats_;
};

}  // namespace hyrax::executor
