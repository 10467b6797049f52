// In-memory row store (see tuple_store.h).
#include "executor/exec/tuple_store.h"

#include <algorithm>
#include <utility>

namespace hyrax::executor {

TupleStore::TupleStore(storage::TupleDescPtr desc)
    : desc_(std::move(desc)), memory_(std::make_unique<MemoryContext>("TupleStore")) {}

void TupleStore::Append(TupleSlot* slot) {
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
}

void TupleStore::Load(size_t index, TupleSlot* slot) const {
  const Row& row = rows_[index];
  int n = slot->natts();
  slot->Clear();
  std::copy(row.values, row.values + n, slot->values());
  std::copy(row.nulls, row.nulls + n, slot->nulls());
  slot->StoreVirtual();
}

void TupleStore::Clear() {
  rows_.clear();
  memory_ = std::make_unique<MemoryContext>("TupleStore");
}

void TupleStore::Swap(TupleStore& other) {
  std::swap(desc_, other.desc_);
  std::swap(memory_, other.memory_);
  std::swap(rows_, other.rows_);
}

}  // namespace hyrax::executor
