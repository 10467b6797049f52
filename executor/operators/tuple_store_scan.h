// Base of the scans over stored rows, CTE Scan and WorkTable Scan (PostgreSQL's
// nodeCtescan.c / nodeWorktablescan.c share this shape): each row is loaded into a scan
// slot typed as the range-table entry's columns, then the node's qual and projection
// apply. Subclasses say where row n comes from.
#pragma once

#include <memory>

#include "executor/exec/operator.h"

namespace hyrax::executor {

class TupleStoreScanOperator : public Operator {
 protected:
  TupleStoreScanOperator(const nodes::Plan& plan, ExecState* estate);

  TupleSlot* NextImpl() final;
  void ReScanImpl() override { position_ = 0; }
  // Loads row `position` (0-based) into `slot`; false when there is no such row.
  virtual bool FetchRow(size_t position, TupleSlot* slot) = 0;

 private:
  std::unique_ptr<TupleSlot> scan_slot_;
  size_t position_ = 0;
};

}  // namespace hyrax::executor
