// Limit (PostgreSQL's nodeLimit.c): skips OFFSET rows, then returns at most LIMIT rows.
// Both are evaluated when the first row is requested (and again after a rescan); NULL
// means no limit / offset 0; negative values raise 2201W / 2201X. Passes the bound
// offset + limit down to a Sort child so it can keep only the top rows. FETCH FIRST ...
// WITH TIES goes on past the limit while rows equal the last one on the ORDER BY columns
// (the plan's `uniq` columns); no bound is passed down then.
#pragma once

#include <cstdint>

#include "executor/exec/key_equality.h"
#include "executor/exec/operator.h"

namespace hyrax::executor {

class LimitOperator : public Operator {
 public:
  LimitOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override {
    started_ = false;
    ties_done_ = false;
  }

 private:
  void ComputeBounds();
  TupleSlot* NextTie();

  std::unique_ptr<ExprState> offset_expr_;
  std::unique_ptr<ExprState> count_expr_;
  bool started_ = false;
  int64_t offset_ = 0;
  int64_t count_ = -1;  // -1: no limit
  int64_t position_ = 0;
  // WITH TIES: the key comparison and the last row within the limit.
  std::unique_ptr<KeyEquality> ties_;
  std::unique_ptr<TupleSlot> last_;
  bool ties_done_ = false;
};

}  // namespace hyrax::executor
