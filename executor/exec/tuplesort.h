// Tuple sorting (PostgreSQL's tuplesort.c): rows are copied in with PutSlot, sorted with the
// btree comparison functions of the sort operators, and read back in order. Within work_mem
// the rows are quicksorted in memory; past it, sorted runs go to a temporary file and are
// merged (sort_runs.h, "external merge"). A bound (LIMIT) turns a large input into a
// bounded heap of the best rows ("top-N heapsort"). executor/README.md "Sort and work_mem".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/memory_context.h"
#include "executor/exec/sort_runs.h"
#include "executor/exec/tuple_slot.h"
#include "executor/functions/fmgr.h"
#include "nodes/plannodes.h"

namespace hyrax::executor {

// One sort key: column, comparison function and direction.
struct SortKey {
  int column = 0;  // 0-based
  FmgrInfo cmp;
  bool reverse = false;  // '>' ordering
  bool nulls_first = false;
  Oid collation = kInvalidOid;
};

// Compares rows given as value/null arrays on a list of keys.
class RowComparator {
 public:
  // Resolves comparison functions for `sort` (plan sort columns, 1-based).
  explicit RowComparator(const nodes::SortColumns& sort);
  int Compare(const Datum* a_values, const bool* a_nulls, const Datum* b_values,
              const bool* b_nulls);

 private:
  std::vector<SortKey> keys_;
  std::vector<std::unique_ptr<LocalFunctionCallInfo<2>>> calls_;
};

struct SortStats {
  bool done = false;
  std::string method;      // "quicksort", "top-N heapsort", "external sort", "external merge"
  std::string space_type;  // "Memory" or "Disk"
  int64_t space_used_kb = 0;
};

class Tuplesort {
 public:
  // Memory for rows is limited to work_mem as it is when the sort is created (or Reset).
  Tuplesort(storage::TupleDescPtr desc, const nodes::SortColumns& sort);
  ~Tuplesort();

  // Only the first `bound` rows are needed (0 = all).
  void SetBound(int64_t bound) { bound_ = bound; }
  // MarkPos/RestorePos will be used: an external sort then merges into one final run
  // (PostgreSQL's randomAccess).
  void SetRandomAccess(bool random_access) { random_access_ = random_access; }
  // Copies the slot's row into sort memory; writes a sorted run to disk when memory is full.
  // Throws as storage::TempFile::Append (53400 past temp_file_limit).
  void PutSlot(TupleSlot* slot);
  void PerformSort();
  // Next row in order into `slot` (values point into sort memory or a merge buffer, valid
  // until the next call); false at the end.
  bool GetSlot(TupleSlot* slot);
  // Reads the sorted rows again from the start.
  void RescanOutput();
  // Remembers the row last returned by GetSlot; RestorePos makes the next GetSlot return the
  // row after it (merge join mark/restore). Requires SetRandomAccess(true) for a sort that
  // went to disk.
  void MarkPos();
  void RestorePos();
  // Forgets everything, temporary files included (new input follows).
  void Reset();
  const SortStats& stats() const { return stats_; }

 private:
  void CopyIn(TupleSlot* slot);
  void SortInMemory();
  void SpillRun();
  int WorseFirst(const SortRow& a, const SortRow& b);
  void HeapInsert(size_t count, SortRow row);
  void HeapReplaceTop(size_t count, SortRow row);
  void ForgetRow(const SortRow& row);
  void MakeBoundedHeap();
  void PutBounded(TupleSlot* slot);
  void SortBoundedHeap();
  void CompactBoundedHeap();

  storage::TupleDescPtr desc_;
  RowComparator comparator_;
  std::unique_ptr<MemoryContext> memory_;
  std::vector<SortRow> rows_;
  std::vector<size_t> row_sizes_;  // bounded heap only: memory of each row, for compaction
  size_t memory_used_ = 0;         // bytes of rows_ (PostgreSQL's availMem accounting)
  size_t memory_limit_ = 0;
  size_t peak_memory_ = 0;
  std::unique_ptr<SortRunSet> runs_;  // once the input did not fit
  bool bounded_heap_ = false;
  bool random_access_ = false;
  size_t next_ = 0;
  size_t mark_ = 0;
  int64_t bound_ = 0;
  SortStats stats_;
};

}  // namespace hyrax::executor
