// The partition key values of a row (PostgreSQL's FormPartitionKeyDatum): key columns are
// read from the row, key expressions (PARTITION BY RANGE ((b + 0))) are evaluated on it.
// The row may come from any relation of the hierarchy: columns are matched by name, so a
// partition whose columns are numbered differently from its parent works too.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"
#include "executor/partition/partition_key.h"

namespace hyrax::executor {

class PartitionKeyValues {
 public:
  // `key` belongs to partitioned table `key_rel`; rows have the layout `row_desc`.
  PartitionKeyValues(const PartitionKey& key, const catalog::RelationData& key_rel,
                     const storage::TupleDescPtr& row_desc);

  // Fills key_values/key_nulls (key.natts() entries) from one row. Values computed by key
  // expressions live in this object's per-row memory until the next Compute.
  void Compute(const Datum* values, const bool* nulls, Datum* key_values, bool* key_nulls);

 private:
  std::vector<int> positions_;                     // row position, -1 for an expression
  std::vector<std::unique_ptr<ExprState>> exprs_;  // null for a plain column
  std::unique_ptr<TupleSlot> slot_;                // the row, for key expressions
  std::unique_ptr<ExprContext> econtext_;
};

}  // namespace hyrax::executor
