// Result operator (see result.h).
#include "executor/operators/result.h"

namespace hyrax::executor {

ResultOperator::ResultOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)) {
  InitResultAndQual(/*project=*/true);
  const auto& result = nodes::PlanAs<nodes::Result>(plan);
  if (result.resconstantqual) {
    constant_qual_ = ExecInitQual(nodes::ExprList{result.resconstantqual}, estate);
  }
}

TupleSlot* ResultOperator::NextImpl() {
  if (!checked_constant_qual_) {
    checked_constant_qual_ = true;
    if (constant_qual_ && !ExecQual(constant_qual_.get(), econtext())) done_ = true;
  }
  while (!done_) {
    econtext()->ResetPerTuple();
    if (outer_) {
      TupleSlot* in = outer_->Next();
      if (in == nullptr) {
        done_ = true;
        return nullptr;
      }
      econtext()->outertuple = in;
    } else {
      done_ = true;  // exactly one row without input
    }
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    return ExecProject(projection_.get(), econtext());
  }
  return nullptr;
}

void ResultOperator::ReScanImpl() {
  checked_constant_qual_ = false;
  done_ = false;
}

}  // namespace hyrax::executor
