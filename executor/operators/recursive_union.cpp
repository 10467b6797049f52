// Recursive Union (see recursive_union.h).
#include "executor/operators/recursive_union.h"

namespace hyrax::executor {

RecursiveUnionOperator::RecursiveUnionOperator(const nodes::Plan& plan, ExecState* estate,
                                               OperatorPtr outer, OperatorPtr inner)
    : Operator(plan, estate, std::move(outer), std::move(inner)),
      working_(outer_->result_desc()),
      intermediate_(outer_->result_desc()) {
  const auto& ru = nodes::PlanAs<nodes::RecursiveUnion>(plan);
  SetResultDesc(outer_->result_desc());
  if (ru.dup.numCols() > 0) {
    seen_ = std::make_unique<TupleHashSet>(ru.dup, outer_->result_desc());
  }
  // The WorkTable Scans below read the working table through this parameter.
  auto& prm = estate->param_exec.at(ru.wtParam);
  prm.value = reinterpret_cast<Datum>(&working_);
  prm.isnull = false;
}

TupleSlot* RecursiveUnionOperator::NextImpl() {
  if (!recursing_) {
    while (TupleSlot* row = outer_->Next()) {
      if (!IsNew(row)) continue;
      working_.Append(row);
      return row;
    }
    recursing_ = true;
  }
  while (true) {
    TupleSlot* row = inner_->Next();
    if (row != nullptr) {
      if (!IsNew(row)) continue;
      intermediate_.Append(row);
      return row;
    }
    if (intermediate_.empty()) return nullptr;
    // The next round reads what this one produced.
    working_.Swap(intermediate_);
    intermediate_.Clear();
    ++estate_->param_exec.at(nodes::PlanAs<nodes::RecursiveUnion>(plan_).wtParam).changes;
    inner_->ReScan();
  }
}

void RecursiveUnionOperator::ReScanImpl() {
  recursing_ = false;
  working_.Clear();
  intermediate_.Clear();
  if (seen_) seen_->Clear();
}

void RecursiveUnionOperator::CloseImpl() {
  ReScanImpl();
}

}  // namespace hyrax::executor
