// External sort runs and their merge (see sort_runs.h). Merge order and pass structure follow
// PostgreSQL's tuplesort_merge_order / mergeruns in spirit: balanced passes of at most
// `merge_order` runs, the final pass read directly by the caller.
#include "executor/exec/sort_runs.h"

#include <algorithm>

#include "common/assert.h"
#include "common/interrupts.h"
#include "executor/exec/tuplesort.h"

namespace hyrax::executor {

// One run being read: its reader and the current row (deformed into its own memory).
struct SortRunSet::Source {
  Source(storage::TempFile* file, uint64_t begin, uint64_t end, int natts)
      : reader(file, begin, end),
        values(static_cast<size_t>(natts > 0 ? natts : 1)),
        nulls(new bool[natts > 0 ? natts : 1]()) {}
  storage::TempFileReader reader;
  MemoryContext memory{"SortRun reader"};
  std::vector<Datum> values;
  std::unique_ptr<bool[]> nulls;
  StoredRow stored;
};

SortRunSet::SortRunSet(storage::TupleDescPtr desc, RowComparator* comparator, int merge_order)
    : desc_(desc), comparator_(comparator), codec_(desc), merge_order_(std::max(merge_order, 2)) {}

SortRunSet::~SortRunSet() = default;

// The space the sorted data takes on disk: the largest pass file (the previous pass's file
// is dropped as soon as the next one is written, as PostgreSQL's tapes recycle blocks).
void SortRunSet::NotePeak() {
  if (file_) peak_bytes_ = std::max(peak_bytes_, file_->size());
}

void SortRunSet::AddRun(const std::vector<SortRow>& rows) {
  if (!file_) file_ = std::make_unique<storage::TempFile>();
  Run run;
  run.begin = file_->size();
  for (const SortRow& row : rows) codec_.Write(file_.get(), row.values, row.nulls);
  run.end = file_->size();
  runs_.push_back(run);
  ++initial_runs_;
  NotePeak();
}

bool SortRunSet::SourceBefore(int a, int b) const {
  const Source& sa = *sources_[a];
  const Source& sb = *sources_[b];
  return comparator_->Compare(sa.values.data(), sa.nulls.get(), sb.values.data(), sb.nulls.get()) <
         0;
}

// Opens runs [first, first + count) of the current file and heapifies their first rows.
void SortRunSet::OpenSources(size_t first, size_t count) {
  sources_.clear();
  heap_.clear();
  last_returned_ = -1;
  for (size_t i = 0; i < count; ++i) {
    const Run& run = runs_[first + i];
    auto source = std::make_unique<Source>(file_.get(), run.begin, run.end, desc_->natts());
    if (codec_.Read(&source->reader, &source->memory, source->values.data(), source->nulls.get(),
                    &source->stored)) {
      heap_.push_back(static_cast<int>(sources_.size()));
    }
    sources_.push_back(std::move(source));
  }
  // std heap functions keep the "largest" first: invert so the smallest row is on top.
  auto after = [this](int a, int b) { return SourceBefore(b, a); };
  std::make_heap(heap_.begin(), heap_.end(), after);
}

void SortRunSet::AdvanceTop() {
  auto after = [this](int a, int b) { return SourceBefore(b, a); };
  std::pop_heap(heap_.begin(), heap_.end(), after);
  int index = heap_.back();
  Source& source = *sources_[index];
  source.memory.Reset();
  if (codec_.Read(&source.reader, &source.memory, source.values.data(), source.nulls.get(),
                  &source.stored)) {
    std::push_heap(heap_.begin(), heap_.end(), after);
  } else {
    heap_.pop_back();
  }
}

void SortRunSet::MergeRuns(size_t first, size_t count, storage::TempFile* out,
                           std::vector<Run>* out_runs) {
  OpenSources(first, count);
  Run run;
  run.begin = out->size();
  uint64_t rows = 0;
  while (!heap_.empty()) {
    TupleFileCodec::WriteStored(out, sources_[heap_.front()]->stored);
    AdvanceTop();
    if ((++rows & 1023) == 0) CheckForInterrupts();
  }
  run.end = out->size();
  out_runs->push_back(run);
  sources_.clear();
}

void SortRunSet::FinishInput(bool random_access) {
  random_access_ = random_access;
  size_t target = random_access ? 1 : static_cast<size_t>(merge_order_);
  while (runs_.size() > target) {
    auto out = std::make_unique<storage::TempFile>();
    std::vector<Run> out_runs;
    // Balanced pass: as few merges as the order allows, each of about equal size.
    size_t merges = (runs_.size() + merge_order_ - 1) / merge_order_;
    if (runs_.size() <= static_cast<size_t>(merge_order_)) merges = 1;
    size_t per_merge = (runs_.size() + merges - 1) / merges;
    for (size_t first = 0; first < runs_.size(); first += per_merge) {
      MergeRuns(first, std::min(per_merge, runs_.size() - first), out.get(), &out_runs);
    }
    file_ = std::move(out);
    runs_ = std::move(out_runs);
    NotePeak();
  }
  Rescan();
}

void SortRunSet::Rescan() {
  if (random_access_) {
    sources_.clear();
    heap_.clear();
    const Run run = runs_.empty() ? Run{0, 0} : runs_.front();
    if (!file_) file_ = std::make_unique<storage::TempFile>();
    sources_.push_back(std::make_unique<Source>(file_.get(), run.begin, run.end, desc_->natts()));
    mark_ = run.begin;
    return;
  }
  OpenSources(0, runs_.size());
}

bool SortRunSet::Next(TupleSlot* slot) {
  const Source* source;
  if (random_access_) {
    Source& single = *sources_.front();
    single.memory.Reset();
    if (!codec_.Read(&single.reader, &single.memory, single.values.data(), single.nulls.get())) {
      return false;
    }
    source = &single;
  } else {
    // The row returned last stays valid until now; only then is its source advanced.
    if (last_returned_ >= 0) AdvanceTop();
    last_returned_ = -1;
    if (heap_.empty()) return false;
    last_returned_ = heap_.front();
    source = sources_[last_returned_].get();
  }
  int natts = slot->natts();
  slot->Clear();
  std::copy(source->values.begin(), source->values.begin() + natts, slot->values());
  std::copy(source->nulls.get(), source->nulls.get() + natts, slot->nulls());
  slot->StoreVirtual();
  return true;
}

void SortRunSet::MarkPos() {
  HYRAX_CHECK(random_access_, "mark/restore on a sort without random access");
  mark_ = sources_.front()->reader.position();
}

void SortRunSet::RestorePos() {
  HYRAX_CHECK(random_access_, "mark/restore on a sort without random access");
  sources_.front()->reader.Seek(mark_);
}

}  // namespace hyrax::executor
