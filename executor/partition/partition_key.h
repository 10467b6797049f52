// The partition key of a partitioned table as the executor uses it (PostgreSQL's
// PartitionKeyData, partcache.c): key columns with their types, collations and the support
// functions of their operator classes (btree comparison for range/list, extended hash for
// hash), plus conversions between bound literals and Datums. A key column may be an
// expression over the table's columns (pg_partitioned_table.partexprs); its "name" is then
// the expression as ruleutils prints it, as in PostgreSQL's error details.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "executor/functions/fmgr.h"
#include "executor/partition/partition_bound.h"
#include "nodes/primnodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor {

// A key expression as PostgreSQL prints it in pg_get_partkeydef and error details.
std::string DeparseKeyExpression(const nodes::ExprPtr& expr, const catalog::RelationData& rel);

class PartitionKey {
 public:
  // The key of partitioned table `rel`. Throws XX000 when `rel` is not partitioned.
  explicit PartitionKey(const catalog::RelationData& rel);

  char strategy() const { return strategy_; }
  int natts() const { return static_cast<int>(attnums_.size()); }
  int16_t attnum(int col) const { return attnums_[col]; }
  // The key expression of column `col` (Vars of varno 1 are the table's columns), or null
  // for a plain column (attnum(col) > 0).
  const nodes::ExprPtr& expr(int col) const { return exprs_[col]; }
  int32_t typmod(int col) const { return typmods_[col]; }
  const std::string& column_name(int col) const { return names_[col]; }
  Oid type(int col) const { return types_[col]; }
  Oid collation(int col) const { return collations_[col]; }

  // The Datum of a bound value for key column `col` (allocated in the current context).
  Datum Input(int col, const BoundDatum& datum) const;
  // btree comparison of two non-null values of key column `col` (<0, 0, >0).
  int Compare(int col, Datum a, Datum b) const;
  // PostgreSQL's compute_partition_hash_value: the combined extended hash of the key
  // values (nulls contribute nothing).
  uint64_t HashRow(const Datum* values, const bool* nulls) const;

 private:
  char strategy_ = 'r';
  std::vector<int16_t> attnums_;
  std::vector<nodes::ExprPtr> exprs_;
  std::vector<std::string> names_;
  std::vector<Oid> types_;
  std::vector<int32_t> typmods_;
  std::vector<Oid> collations_;
  mutable std::vector<FmgrInfo> support_;  // comparison (btree) or extended hash (hash)
};

}  // namespace hyrax::executor
