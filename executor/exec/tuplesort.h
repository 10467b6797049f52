// Tuple sorting (PostgreSQL's tuplesort.c, in-memory part): rows are copied in with
// PutSlot, sorted with the btree comparison functions of the sort operators, and read back
// in order. A bound (LIMIT) turns a large input into a top-N selection. The interface is
// the one an external merge sort needs (put / perform / get / rescan), so spilling past
// work_mem can be added inside without touching callers (executor/README.md "Sort").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/memory_context.h"
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
  std::string method;      // "quicksort", "top-N heapsort"
  std::string space_type;  // "Memory" (later "Disk")
  int64_t space_used_kb = 0;
};

class Tuplesort {
 public:
  Tuplesort(storage::TupleDescPtr desc, const nodes::SortColumns& sort);

  // Only the first `bound` rows are needed (0 = all).
  void SetBound(int64_t bound) { bound_ = bound; }
  // Copies the slot's row into sort memory.
  void PutSlot(TupleSlot* slot);
  void PerformSort();
  // Next row in order into `slot` (values point into sort memory); false at the end.
  bool GetSlot(TupleSlot* slot);
  // Reads the sorted rows again from the start.
  void RescanOutput() { next_ = 0; }
  // Remembers the row last returned by GetSlot; RestorePos makes the next GetSlot return the
  // row after it (merge join mark/restore).
  void MarkPos() { mark_ = next_; }
  void RestorePos() { next_ = mark_; }
  // Forgets everything (new input follows).
  void Reset();
  const SortStats& stats() const { return stats_; }

 private:
  struct Row {
    Datum* values;
    bool* nulls;
  };
  storage::TupleDescPtr desc_;
  RowComparator comparator_;
  std::unique_ptr<MemoryContext> memory_;
  std::vector<Row> rows_;
  size_t next_ = 0;
  size_t mark_ = 0;
  int64_t bound_ = 0;
  SortStats stats_;
};

}  // namespace hyrax::executor
