// Scans over stored rows (see tuple_store_scan.h).
#include "executor/operators/tuple_store_scan.h"

namespace hyrax::executor {

TupleStoreScanOperator::TupleStoreScanOperator(const nodes::Plan& plan, ExecState* estate)
    : Operator(plan, estate) {
  const auto& rte = estate->rte(nodes::PlanAs<nodes::Scan>(plan).scanrelid);
  scan_slot_ = std::make_unique<TupleSlot>(MakeTupleDesc(rte.coltypes, rte.coltypmods));
  InitResultAndQual(/*project=*/true);
}

TupleSlot* TupleStoreScanOperator::NextImpl() {
  while (FetchRow(position_, scan_slot_.get())) {
    ++position_;
    econtext()->ResetPerTuple();
    econtext()->scantuple = scan_slot_.get();
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    return ExecProject(projection_.get(), econtext());
  }
  return nullptr;
}

}  // namespace hyrax::executor
