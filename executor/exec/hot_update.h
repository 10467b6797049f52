// Whether an UPDATE may be a HOT update (PostgreSQL's HeapDetermineColumnsInfo over the
// HOT-blocking columns of RelationGetIndexAttrBitmap): when no column covered by any index
// of the table changes its binary value, the heap may store the new version as a heap-only
// tuple on the old version's page, and no index entries are inserted for it.
// storage/heap/README.md "HOT".
#pragma once

#include <vector>

#include "executor/exec/tuple_slot.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor {

// PostgreSQL's datumIsEqual: the same bytes, not the type's equality operator (a changed
// representation of an equal value must still get new index entries). Requires: neither
// value is NULL; `attr` describes their column.
bool DatumsBinaryEqual(Datum a, Datum b, const storage::AttributeDesc& attr);

class HotUpdateCheck {
 public:
  // Collects the columns of every index of `rel` (key and INCLUDE columns, ready or not).
  // A table with an expression or partial index never gets HOT updates.
  explicit HotUpdateCheck(const catalog::RelationData& rel);

  // True when `old_row` and `new_row` (rows of the table, every attribute deformed) have
  // binary-equal values (or both NULL) in every indexed column.
  bool IndexedColumnsUnchanged(TupleSlot& old_row, TupleSlot& new_row) const;

 private:
  std::vector<int> indexed_columns_;  // 0-based attribute numbers, no duplicates
  bool never_hot_ = false;
};

}  // namespace hyrax::executor
