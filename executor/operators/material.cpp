// Materialize operator (see material.h). Rows are copied into the operator's memory as
// they pass through the first time; later scans read the copies.
#include "executor/operators/material.h"

#include <algorithm>

namespace hyrax::executor {

MaterialOperator::MaterialOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)),
      memory_(std::make_unique<MemoryContext>("Materialize")) {
  SetResultDesc(outer_->result_desc());
  out_slot_ = std::make_unique<TupleSlot>(result_desc_);
}

TupleSlot* MaterialOperator::NextImpl() {
  int n = result_desc_->natts();
  if (next_ >= rows_.size()) {
    if (input_done_) return nullptr;
    TupleSlot* in = outer_->Next();
    if (in == nullptr) {
      input_done_ = true;
      return nullptr;
    }
    in->GetAllAttrs();
    Row row;
    row.values = static_cast<Datum*>(memory_->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
    row.nulls = static_cast<bool*>(memory_->Alloc(n > 0 ? n : 1));
    for (int i = 0; i < n; ++i) {
      const auto& attr = result_desc_->attr(i);
      row.nulls[i] = in->nulls()[i];
      row.values[i] =
          row.nulls[i] ? 0 : DatumCopy(in->values()[i], attr.byval, attr.len, memory_.get());
    }
    rows_.push_back(row);
  }
  const Row& row = rows_[next_++];
  out_slot_->Clear();
  std::copy(row.values, row.values + n, out_slot_->values());
  std::copy(row.nulls, row.nulls + n, out_slot_->nulls());
  out_slot_->StoreVirtual();
  return out_slot_.get();
}

void MaterialOperator::CloseImpl() {
  rows_.clear();
  memory_ = std::make_unique<MemoryContext>("Materialize");
  next_ = 0;
  input_done_ = false;
  out_slot_->Clear();
}

}  // namespace hyrax::executor
