// Sort (PostgreSQL's nodeSort.c): reads all input rows into a Tuplesort on the first
// Next(), then returns them in order; the Tuplesort spills to disk past work_mem.
// EXPLAIN ANALYZE reads the sort statistics.
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
  // The parent will MarkPos/RestorePos (a merge join's inner side): a sort that spills
  // then keeps its output as one seekable run (PostgreSQL's EXEC_FLAG_MARK).
  void SetRandomAccess() { random_access_ = true; }
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
  bool random_access_ = false;
  bool sorted_ = false;
  SortStats sort_stats_;
};

}  // namespace hyrax::executor
