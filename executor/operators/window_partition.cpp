// Window partition buffer (see window_partition.h).
#include "executor/operators/window_partition.h"

#include <algorithm>

namespace hyrax::executor {

WindowPartition::WindowPartition(storage::TupleDescPtr desc)
    : desc_(std::move(desc)), memory_(std::make_unique<MemoryContext>("WindowPartition")) {}

void WindowPartition::Clear() {
  rows_.clear();
  peers_.Clear();
  memory_->Reset();
}

void WindowPartition::Append(TupleSlot* slot, bool new_peer_group) {
  int n = desc_->natts();
  slot->GetAllAttrs();
  Row row;
  row.values = static_cast<Datum*>(memory_->Alloc(sizeof(Datum) * std::max(n, 1)));
  row.nulls = static_cast<bool*>(memory_->Alloc(std::max(n, 1)));
  for (int i = 0; i < n; ++i) {
    const auto& attr = desc_->attr(i);
    row.nulls[i] = slot->nulls()[i];
    row.values[i] =
        row.nulls[i] ? 0 : DatumCopy(slot->values()[i], attr.byval, attr.len, memory_.get());
  }
  rows_.push_back(row);
  peers_.AddRow(new_peer_group);
}

void WindowPartition::LoadRow(int64_t row, TupleSlot* slot) const {
  int n = desc_->natts();
  const Row& stored = rows_[row];
  slot->Clear();
  std::copy(stored.values, stored.values + n, slot->values());
  std::copy(stored.nulls, stored.nulls + n, slot->nulls());
  slot->StoreVirtual();
}

}  // namespace hyrax::executor
