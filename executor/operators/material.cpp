// Materialize operator (see material.h). Rows are copied into the operator's memory as
// they pass through the first time; later scans read the copies.
#include "executor/operators/material.h"

#include <algorithm>

namespace hyrax::executor {

MaterialOperator::MaterialOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                                   std::vector<int> params_below)
    : Operator(plan, estate, std::move(outer)),
      rows_(outer_->result_desc()),
      params_below_(std::move(params_below)) {
  std::sort(params_below_.begin(), params_below_.end());
  params_below_.erase(std::unique(params_below_.begin(), params_below_.end()), params_below_.end());
  SetResultDesc(outer_->result_desc());
  out_slot_ = std::make_unique<TupleSlot>(result_desc_);
}

void MaterialOperator::ReScanImpl() {
  next_ = 0;
  if (!reading_started_) return;
  for (size_t i = 0; i < params_below_.size(); ++i) {
    if (estate_->param_exec[params_below_[i]].changes == param_changes_[i]) continue;
    rows_.Clear();
    input_done_ = false;
    reading_started_ = false;
    outer_->ReScan();
    return;
  }
}

TupleSlot* MaterialOperator::NextImpl() {
  if (!reading_started_) {
    reading_started_ = true;
    param_changes_.clear();
    for (int id : params_below_) param_changes_.push_back(estate_->param_exec[id].changes);
  }
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
  reading_started_ = false;
  out_slot_->Clear();
}

}  // namespace hyrax::executor
