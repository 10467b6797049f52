// SubqueryScan operator (see subquery_scan.h).
#include "executor/operators/subquery_scan.h"

namespace hyrax::executor {

SubqueryScanOperator::SubqueryScanOperator(const nodes::Plan& plan, ExecState* estate,
                                           OperatorPtr subplan)
    : Operator(plan, estate), subplan_(std::move(subplan)) {
  const auto& scan = nodes::PlanAs<nodes::SubqueryScan>(plan);
  bool project = !TargetListMatchesDesc(plan.targetlist, scan.scanrelid, *subplan_->result_desc());
  InitResultAndQual(project);
  if (!project) SetResultDesc(subplan_->result_desc());
}

TupleSlot* SubqueryScanOperator::NextImpl() {
  for (;;) {
    econtext()->ResetPerTuple();
    TupleSlot* in = subplan_->Next();
    if (in == nullptr) return nullptr;
    econtext()->scantuple = in;
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    if (!projection_) return in;
    return ExecProject(projection_.get(), econtext());
  }
}

}  // namespace hyrax::executor
