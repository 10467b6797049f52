// Tuple sort (see tuplesort.h). Comparison follows PostgreSQL's ApplySortComparator:
// NULLs compare equal to each other and sort by nulls_first; a '>' operator inverts the
// btree comparison result.
#include "executor/exec/tuplesort.h"

#include <algorithm>

#include "common/ids.h"
#include "common/interrupts.h"
#include "common/pg_qsort.h"
#include "executor/exec/tuple_file.h"
#include "executor/exec/work_mem.h"
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

namespace {

// PostgreSQL's tuplesort_merge_order: a run being merged wants an input buffer of about 32
// blocks plus one block of tape overhead; at least 6 and at most 500 runs at a time.
int MergeOrder(size_t memory_limit) {
  size_t per_run = static_cast<size_t>(kBlockSize) * 33;
  return static_cast<int>(std::clamp<size_t>(memory_limit / per_run, 6, 500));
}

}  // namespace

Tuplesort::Tuplesort(storage::TupleDescPtr desc, const nodes::SortColumns& sort)
    : desc_(std::move(desc)), comparator_(sort) {
  Reset();
}

Tuplesort::~Tuplesort() = default;

void Tuplesort::Reset() {
  memory_ = std::make_unique<MemoryContext>("TupleSort main");
  rows_.clear();
  runs_.reset();
  bounded_heap_ = false;
  memory_used_ = 0;
  peak_memory_ = 0;
  memory_limit_ = WorkMemBytes();
  next_ = 0;
  mark_ = 0;
  stats_ = SortStats();
}

// Copies the slot's row (all attributes deformed) into sort memory as rows_.back().
void Tuplesort::CopyIn(TupleSlot* slot) {
  int n = desc_->natts();
  SortRow row;
  row.values = static_cast<Datum*>(memory_->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
  row.nulls = static_cast<bool*>(memory_->Alloc(n > 0 ? n : 1));
  for (int i = 0; i < n; ++i) {
    const auto& attr = desc_->attr(i);
    row.nulls[i] = slot->nulls()[i];
    row.values[i] =
        row.nulls[i] ? 0 : DatumCopy(slot->values()[i], attr.byval, attr.len, memory_.get());
  }
  memory_used_ += RowMemorySize(*desc_, row.values, row.nulls) + sizeof(SortRow);
  rows_.push_back(row);
}

void Tuplesort::PutSlot(TupleSlot* slot) {
  slot->GetAllAttrs();
  if (bounded_heap_) {
    PutBounded(slot);
    return;
  }
  CopyIn(slot);
  // PostgreSQL's puttuple_common: a bound switches to a heap of the best rows once the input
  // is twice the bound, or earlier when memory runs out with more rows than the bound.
  size_t bound = static_cast<size_t>(bound_);
  if (bound_ > 0 && !runs_ &&
      (rows_.size() > bound * 2 || (rows_.size() > bound && memory_used_ > memory_limit_))) {
    MakeBoundedHeap();
    return;
  }
  if (memory_used_ > memory_limit_) SpillRun();
}

// PostgreSQL's quicksort, so that rows with equal keys come out in the order PostgreSQL's
// tuplesort_sort_memtuples leaves them.
void Tuplesort::SortInMemory() {
  PgQsort(rows_, [this](const SortRow& a, const SortRow& b) {
    return comparator_.Compare(a.values, a.nulls, b.values, b.nulls);
  });
  CheckForInterrupts();
}

// Sorts the rows in memory and writes them to disk as one run (PostgreSQL's dumptuples).
void Tuplesort::SpillRun() {
  if (!runs_) {
    runs_ = std::make_unique<SortRunSet>(desc_, &comparator_, MergeOrder(memory_limit_));
  }
  SortInMemory();
  runs_->AddRun(rows_);
  peak_memory_ = std::max(peak_memory_, memory_used_);
  rows_.clear();
  memory_->Reset();
  memory_used_ = 0;
}

// The bounded heap is PostgreSQL's (make_bounded_heap, tuplesort_heap_insert /
// replace_top, sort_bounded_heap), step for step, so that among rows with equal keys the same
// ones are kept and come out in the same order: a binary heap with the worst kept row on top.
// WorseFirst orders rows the other way round: negative when `a` is worse than `b`.
int Tuplesort::WorseFirst(const SortRow& a, const SortRow& b) {
  return -comparator_.Compare(a.values, a.nulls, b.values, b.nulls);
}

void Tuplesort::HeapInsert(size_t count, SortRow row) {
  size_t j = count;
  while (j > 0) {
    size_t parent = (j - 1) / 2;
    if (WorseFirst(row, rows_[parent]) >= 0) break;
    rows_[j] = rows_[parent];
    j = parent;
  }
  rows_[j] = row;
}

void Tuplesort::HeapReplaceTop(size_t count, SortRow row) {
  size_t i = 0;
  for (;;) {
    size_t j = 2 * i + 1;
    if (j >= count) break;
    if (j + 1 < count && WorseFirst(rows_[j], rows_[j + 1]) > 0) ++j;
    if (WorseFirst(row, rows_[j]) <= 0) break;
    rows_[i] = rows_[j];
    i = j;
  }
  rows_[i] = row;
}

void Tuplesort::ForgetRow(const SortRow& row) {
  memory_used_ -= RowMemorySize(*desc_, row.values, row.nulls) + sizeof(SortRow);
}

void Tuplesort::MakeBoundedHeap() {
  size_t bound = static_cast<size_t>(bound_);
  size_t count = 0;
  for (size_t i = 0; i < rows_.size(); ++i) {
    SortRow row = rows_[i];
    if (count < bound) {
      HeapInsert(count++, row);
    } else if (WorseFirst(row, rows_[0]) <= 0) {
      ForgetRow(row);  // no better than the worst kept row
    } else {
      ForgetRow(rows_[0]);
      HeapReplaceTop(count, row);
    }
  }
  rows_.resize(count);
  bounded_heap_ = true;
}

void Tuplesort::PutBounded(TupleSlot* slot) {
  SortRow probe{slot->values(), slot->nulls()};
  if (WorseFirst(probe, rows_.front()) <= 0) return;
  CopyIn(slot);
  SortRow row = rows_.back();
  rows_.pop_back();
  ForgetRow(rows_.front());
  HeapReplaceTop(rows_.size(), row);
  // Replaced rows stay in the arena until it is rebuilt with only the rows kept.
  if (memory_->allocated_bytes() > 4 * memory_used_ + (1 << 20)) CompactBoundedHeap();
}

// Takes the worst row off the top repeatedly and puts it behind the shrinking heap.
void Tuplesort::SortBoundedHeap() {
  for (size_t count = rows_.size(); count > 1;) {
    SortRow top = rows_[0];
    --count;
    HeapReplaceTop(count, rows_[count]);
    rows_[count] = top;
  }
}

void Tuplesort::CompactBoundedHeap() {
  auto fresh = std::make_unique<MemoryContext>("TupleSort main");
  int n = desc_->natts();
  for (SortRow& row : rows_) {
    auto* values = static_cast<Datum*>(fresh->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
    auto* nulls = static_cast<bool*>(fresh->Alloc(n > 0 ? n : 1));
    for (int i = 0; i < n; ++i) {
      const auto& attr = desc_->attr(i);
      nulls[i] = row.nulls[i];
      values[i] = nulls[i] ? 0 : DatumCopy(row.values[i], attr.byval, attr.len, fresh.get());
    }
    row.values = values;
    row.nulls = nulls;
  }
  memory_ = std::move(fresh);
}

void Tuplesort::PerformSort() {
  stats_.done = true;
  if (runs_) {
    if (!rows_.empty()) SpillRun();
    runs_->FinishInput(random_access_);
    // PostgreSQL says "external sort" when the output is one run read from disk (always the
    // case with random access) and "external merge" when the last merge is done on the fly.
    stats_.method = random_access_ || runs_->run_count() == 1 ? "external sort" : "external merge";
    stats_.space_type = "Disk";
    stats_.space_used_kb = runs_->peak_disk_kb();
    return;
  }
  if (bounded_heap_) {
    SortBoundedHeap();
  } else {
    SortInMemory();
  }
  stats_.method = bounded_heap_ ? "top-N heapsort" : "quicksort";
  stats_.space_type = "Memory";
  stats_.space_used_kb =
      static_cast<int64_t>((memory_used_ + rows_.capacity() * sizeof(SortRow) + 1023) / 1024);
  next_ = 0;
}

bool Tuplesort::GetSlot(TupleSlot* slot) {
  if (runs_) return runs_->Next(slot);
  if (next_ >= rows_.size()) return false;
  const SortRow& row = rows_[next_++];
  slot->Clear();
  int n = desc_->natts();
  std::copy(row.values, row.values + n, slot->values());
  std::copy(row.nulls, row.nulls + n, slot->nulls());
  slot->StoreVirtual();
  return true;
}

void Tuplesort::RescanOutput() {
  if (runs_) {
    runs_->Rescan();
  } else {
    next_ = 0;
  }
}

void Tuplesort::MarkPos() {
  if (runs_) {
    runs_->MarkPos();
  } else {
    mark_ = next_;
  }
}

void Tuplesort::RestorePos() {
  if (runs_) {
    runs_->RestorePos();
  } else {
    next_ = mark_;
  }
}

}  // namespace hyrax::executor
