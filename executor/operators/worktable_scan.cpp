// WorkTable Scan (see worktable_scan.h).
#include "executor/operators/worktable_scan.h"

#include "common/assert.h"

namespace hyrax::executor {

WorkTableScanOperator::WorkTableScanOperator(const nodes::Plan& plan, ExecState* estate)
    : TupleStoreScanOperator(plan, estate) {
  estate->NoteParamUse(nodes::PlanAs<nodes::WorkTableScan>(plan).wtParam);
}

bool WorkTableScanOperator::FetchRow(size_t position, TupleSlot* slot) {
  if (working_table_ == nullptr) {
    // The Recursive Union is built after its children, so it is known only now.
    const auto& prm = estate_->param_exec.at(nodes::PlanAs<nodes::WorkTableScan>(plan_).wtParam);
    HYRAX_CHECK(!prm.isnull, "WorkTable Scan without a Recursive Union");
    working_table_ = reinterpret_cast<const TupleStore*>(prm.value);
  }
  if (position >= working_table_->size()) return false;
  working_table_->Load(position, slot);
  return true;
}

}  // namespace hyrax::executor
