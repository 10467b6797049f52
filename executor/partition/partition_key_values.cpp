// Partition key values of a row (see partition_key_values.h).
#include "executor/partition/partition_key_values.h"

#include <algorithm>

#include "executor/expr/expr_tree.h"
#include "executor/expr/remap_vars.h"

namespace hyrax::executor {

PartitionKeyValues::PartitionKeyValues(const PartitionKey& key,
                                       const catalog::RelationData& key_rel,
                                       const storage::TupleDescPtr& row_desc) {
  bool has_expressions = false;
  for (int col = 0; col < key.natts(); ++col) {
    if (key.expr(col)) {
      positions_.push_back(-1);
      exprs_.push_back(
          ExecInitExpr(*RemapVarsByName(key.expr(col), *key_rel.desc, *row_desc), nullptr));
      has_expressions = true;
    } else {
      positions_.push_back(ColumnPositionByName(*row_desc, key.column_name(col)));
      exprs_.push_back(nullptr);
    }
  }
  if (has_expressions) {
    slot_ = std::make_unique<TupleSlot>(row_desc);
    econtext_ = std::make_unique<ExprContext>(nullptr);
  }
}

void PartitionKeyValues::Compute(const Datum* values, const bool* nulls, Datum* key_values,
                                 bool* key_nulls) {
  if (slot_) {
    econtext_->ResetPerTuple();
    slot_->Clear();
    std::copy(values, values + slot_->natts(), slot_->values());
    std::copy(nulls, nulls + slot_->natts(), slot_->nulls());
    slot_->StoreVirtual();
    econtext_->scantuple = slot_.get();
  }
  for (size_t col = 0; col < positions_.size(); ++col) {
    if (positions_[col] >= 0) {
      key_values[col] = values[positions_[col]];
      key_nulls[col] = nulls[positions_[col]];
    } else {
      key_values[col] =
          ExecEvalExprSwitchContext(exprs_[col].get(), econtext_.get(), &key_nulls[col]);
    }
  }
}

}  // namespace hyrax::executor
