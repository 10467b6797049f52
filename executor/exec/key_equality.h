// Row comparison on a list of key columns with their equality operators, NULLs equal to
// each other (PostgreSQL's execTuplesMatch). Used by WindowAgg to find partition and peer
// group boundaries in its sorted input.
#pragma once

#include <vector>

#include "common/datum.h"
#include "executor/functions/fmgr.h"
#include "nodes/plannodes.h"

namespace hyrax::executor {

class KeyEquality {
 public:
  // Looks up the equality functions of `keys` (1-based columns). Throws when an operator
  // has no function.
  explicit KeyEquality(const nodes::GroupColumns& keys);

  bool empty() const { return columns_.empty(); }
  // True when rows a and b (value/null arrays of the full row) agree on every key column.
  bool Equal(const Datum* a_values, const bool* a_nulls, const Datum* b_values,
             const bool* b_nulls);

 private:
  std::vector<int> columns_;  // 0-based
  std::vector<FmgrInfo> eq_fns_;
  std::vector<Oid> collations_;
};

}  // namespace hyrax::executor
