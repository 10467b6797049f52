// WorkTable Scan (PostgreSQL's nodeWorktablescan.c): the recursive term's reference to
// its own WITH RECURSIVE query reads the rows the previous round produced, which the
// Recursive Union above it keeps in its working table. The Recursive Union publishes that
// table through PARAM_EXEC slot wtParam (set when it is built, read on first use here).
#pragma once

#include "executor/exec/tuple_store.h"
#include "executor/operators/tuple_store_scan.h"

namespace hyrax::executor {

class WorkTableScanOperator : public TupleStoreScanOperator {
 public:
  WorkTableScanOperator(const nodes::Plan& plan, ExecState* estate);

 protected:
  bool FetchRow(size_t position, TupleSlot* slot) override;

 private:
  const TupleStore* working_table_ = nullptr;  // owned by the Recursive Union
};

}  // namespace hyrax::executor
