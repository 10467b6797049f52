// Materialize operator (see material.h). Rows are copied into the operator's memory as
// they pass through the first time; later scans read the copies.
#include "executor/operators/material.h"

namespace hyrax::executor {

MaterialOperator::MaterialOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)), rows_(outer_->result_desc()) {
  SetResultDesc(outer_->result_desc());
  out_slot_ = std::make_unique<TupleSlot>(result_desc_);
}

TupleSlot* MaterialOperator::NextImpl() {
  if (next_ >= rows_.size()) {
    if (input_done_) return nullptr;
    TupleSlot* in = outer_->Next();
    if (in == nullptr) {
      input_done_ = true;
      return nullptr;
    }
    rows_.Append(in);
  }
  rows_.Load(next_++, out_slot_.get());
  return out_slot_.get();
}

void MaterialOperator::CloseImpl() {
  rows_.Clear();
  next_ = 0;
  input_done_ = false;
  out_slot_->Clear();
}

}  // namespace hyrax::executor
