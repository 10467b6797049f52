// An in-memory store of rows (a simplified PostgreSQL tuplestore): rows are copied in as
// value/null arrays in the store's own memory context and read back by position into a
// slot. Used by Material, CTE Scan (one store shared by every reader of a WITH query) and
// Recursive Union (its working and intermediate tables). It does not spill to disk: memory
// grows with the rows stored (README "What does not work yet").
#pragma once

#include <memory>
#include <vector>

#include "common/datum.h"
#include "common/memory_context.h"
#include "executor/exec/tuple_slot.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::executor {

class TupleStore {
 public:
  // Rows have the columns of `desc`.
  explicit TupleStore(storage::TupleDescPtr desc);

  // Copies the current row of `slot` (same column layout as the store) into the store.
  void Append(TupleSlot* slot);
  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // Puts row `index` into `slot` as a virtual row whose by-reference values point into the
  // store (valid until Clear()). Requires: index < size(); `slot` has at most the store's
  // columns.
  void Load(size_t index, TupleSlot* slot) const;
  // The stored arrays of row `index` (for key comparisons).
  const Datum* values(size_t index) const { return rows_[index].values; }
  const bool* nulls(size_t index) const { return rows_[index].nulls; }
  // Forgets every row and frees their memory.
  void Clear();
  // Exchanges the contents of two stores with the same columns.
  void Swap(TupleStore& other);
  const storage::TupleDescPtr& desc() const { return desc_; }

 private:
  struct Row {
    Datum* values;
    bool* nulls;
  };
  storage::TupleDescPtr desc_;
  std::unique_ptr<MemoryContext> memory_;
  std::vector<Row> rows_;
};

}  // namespace hyrax::executor
