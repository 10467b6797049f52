// In-memory tuple sort (see tuplesort.h). Comparison follows PostgreSQL's ApplySortComparator:
// NULLs compare equal to each other and sort by nulls_first; a '>' operator inverts the
// btree comparison result.
#include "executor/exec/tuplesort.h"

#include <algorithm>

#include "common/interrupts.h"
#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

RowComparator::RowComparator(const nodes::SortColumns& sort) {
  for (int i = 0; i < sort.numCols(); ++i) {
    SortKey key;
    key.column = sort.sortColIdx[i] - 1;
    ComparisonFunctionForSortOp(sort.sortOperators[i], &key.cmp, &key.reverse);
    key.nulls_first = i < static_cast<int>(sort.nullsFirst.size()) && sort.nullsFirst[i];
    key.collation = i < static_cast<int>(sort.collations.size()) ? sort.collations[i] : kInvalidOid;
    keys_.push_back(key);
  }
  for (auto& key : keys_) {
    calls_.push_back(std::make_unique<LocalFunctionCallInfo<2>>(&key.cmp, key.collation));
  }
}

int RowComparator::Compare(const Datum* av, const bool* an, const Datum* bv, const bool* bn) {
  for (size_t k = 0; k < keys_.size(); ++k) {
    const SortKey& key = keys_[k];
    int c = key.column;
    if (an[c] || bn[c]) {
      if (an[c] && bn[c]) continue;
      bool a_first = an[c] ? key.nulls_first : !key.nulls_first;
      return a_first ? -1 : 1;
    }
    auto& call = *calls_[k];
    call.SetArg(0, av[c]);
    call.SetArg(1, bv[c]);
    int32_t r = DatumGetInt32(FunctionCallInvoke(&call.fcinfo));
    if (r != 0) return key.reverse ? (r < 0 ? 1 : -1) : (r < 0 ? -1 : 1);
  }
  return 0;
}

Tuplesort::Tuplesort(storage::TupleDescPtr desc, const nodes::SortColumns& sort)
    : desc_(std::move(desc)), comparator_(sort) {
  Reset();
}

void Tuplesort::Reset() {
  memory_ = std::make_unique<MemoryContext>("TupleSort main");
  rows_.clear();
  next_ = 0;
  stats_ = SortStats();
}

void Tuplesort::PutSlot(TupleSlot* slot) {
  slot->GetAllAttrs();
  int n = desc_->natts();
  Row row;
  row.values = static_cast<Datum*>(memory_->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
  row.nulls = static_cast<bool*>(memory_->Alloc(n > 0 ? n : 1));
  for (int i = 0; i < n; ++i) {
    const auto& attr = desc_->attr(i);
    row.nulls[i] = slot->nulls()[i];
    row.values[i] =
        row.nulls[i] ? 0 : DatumCopy(slot->values()[i], attr.byval, attr.len, memory_.get());
  }
  rows_.push_back(row);
}

void Tuplesort::PerformSort() {
  auto less = [this](const Row& a, const Row& b) {
    return comparator_.Compare(a.values, a.nulls, b.values, b.nulls) < 0;
  };
  // PostgreSQL switches to a bounded heap once the input exceeds twice the bound.
  bool top_n = bound_ > 0 && rows_.size() > static_cast<size_t>(bound_) * 2;
  if (top_n) {
    std::partial_sort(rows_.begin(), rows_.begin() + bound_, rows_.end(), less);
    rows_.resize(static_cast<size_t>(bound_));
  } else {
    std::stable_sort(rows_.begin(), rows_.end(), less);
  }
  CheckForInterrupts();
  stats_.done = true;
  stats_.method = top_n ? "top-N heapsort" : "quicksort";
  stats_.space_type = "Memory";
  stats_.space_used_kb = static_cast<int64_t>(
      (memory_->allocated_bytes() + rows_.capacity() * sizeof(Row) + 1023) / 1024);
  next_ = 0;
}

bool Tuplesort::GetSlot(TupleSlot* slot) {
  if (next_ >= rows_.size()) return false;
  const Row& row = rows_[next_++];
  slot->Clear();
  int n = desc_->natts();
  std::copy(row.values, row.values + n, slot->values());
  std::copy(row.nulls, row.nulls + n, slot->nulls());
  slot->StoreVirtual();
  return true;
}

}  // namespace hyrax::executor
