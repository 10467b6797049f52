// Sort operator (see sort.h).
#include "executor/operators/sort.h"

namespace hyrax::executor {

SortOperator::SortOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)) {
  // Sort does not project: its output is its input's rows.
  SetResultDesc(outer_->result_desc());
  out_slot_ = std::make_unique<TupleSlot>(result_desc_);
  sort_ = std::make_unique<Tuplesort>(result_desc_, nodes::PlanAs<nodes::Sort>(plan).sort);
}

TupleSlot* SortOperator::NextImpl() {
  if (!sorted_) {
    sort_->Reset();
    sort_->SetBound(bound_);
    sort_->SetRandomAccess(random_access_);
    while (TupleSlot* in = outer_->Next()) sort_->PutSlot(in);
    sort_->PerformSort();
    sort_stats_ = sort_->stats();
    sorted_ = true;
  }
  if (!sort_->GetSlot(out_slot_.get())) return nullptr;
  return out_slot_.get();
}

void SortOperator::ReScanImpl() {
  // Parameters may have changed below us: sort again (PostgreSQL re-reads the sorted output
  // when nothing changed; we keep it simple and always re-sort).
  sorted_ = false;
  out_slot_->Clear();
}

void SortOperator::CloseImpl() {
  out_slot_->Clear();
  sort_->Reset();
}

}  // namespace hyrax::executor
