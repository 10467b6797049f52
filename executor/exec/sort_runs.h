// The external part of Tuplesort (PostgreSQL's tuplesort.c "external sort" with logtape.c):
// sorted runs written to a temporary file, merged k ways with a heap, at most `merge_order`
// runs at a time. Runs of one pass share one file; a merge pass writes its output runs to a
// new file and drops the old one, so at most two files are open. The last merge streams its
// rows to the caller, unless random access (mark/restore) is needed: then everything is
// merged into one final run, read with a seekable reader. executor/README.md "Sort".
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/tuple_file.h"
#include "executor/exec/tuple_slot.h"
#include "storage/file/temp_file.h"

namespace hyrax::executor {

class RowComparator;

// One row held in sort memory.
struct SortRow {
  Datum* values;
  bool* nulls;
};

class SortRunSet {
 public:
  // Rows have the columns of `desc` and are ordered by `comparator` (owned by the caller,
  // which outlives this object).
  SortRunSet(storage::TupleDescPtr desc, RowComparator* comparator, int merge_order);
  ~SortRunSet();

  // Writes `rows` (already in order) as one more run. Throws as TempFile::Append.
  void AddRun(const std::vector<SortRow>& rows);
  // After the last AddRun: merges until the output can be streamed (one run when
  // `random_access`), then positions at the first row.
  void FinishInput(bool random_access);
  // The next row in order into `slot` (by-reference values valid until the next call).
  bool Next(TupleSlot* slot);
  // Reads the output again from the first row.
  void Rescan();
  // Random access only: remember / return to the position after the row last returned.
  void MarkPos();
  void RestorePos();

  int run_count() const { return initial_runs_; }
  // Size of the largest pass file, in kB ("Disk: NkB").
  int64_t peak_disk_kb() const { return static_cast<int64_t>((peak_bytes_ + 1023) / 1024); }

 private:
  struct Run {
    uint64_t begin, end;
  };
  struct Source;

  // Merges runs [first, first + count) of the current file into one run of `out`.
  void MergeRuns(size_t first, size_t count, storage::TempFile* out, std::vector<Run>* out_runs);
  void OpenSources(size_t first, size_t count);
  bool SourceBefore(int a, int b) const;
  // Removes the smallest source row from the heap after reading its successor.
  void AdvanceTop();
  void NotePeak();

  storage::TupleDescPtr desc_;
  RowComparator* comparator_;
  TupleFileCodec codec_;
  int merge_order_;
  std::unique_ptr<storage::TempFile> file_;  // the current pass's runs
  std::vector<Run> runs_;
  int initial_runs_ = 0;
  uint64_t peak_bytes_ = 0;
  bool random_access_ = false;
  // Output: a heap of merge sources (streaming) or one reader of the single final run.
  std::vector<std::unique_ptr<Source>> sources_;
  std::vector<int> heap_;
  int last_returned_ = -1;  // source whose row Next() returned last (advanced on the next call)
  uint64_t mark_ = 0;
};

}  // namespace hyrax::executor
