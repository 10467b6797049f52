// Partition key values of a row (see partition_key_values.h).
#include "executor/partition/partition_key_values.h"

#include <algorithm>

#include "common/error.h"
#include "executor/expr/expr_tree.h"

namespace hyrax::executor {

namespace {

int PositionByName(const storage::TupleDesc& desc, const std::string& name) {
  for (int i = 0; i < desc.natts(); ++i) {
    if (!desc.attr(i).dropped && desc.attr(i).name == name) return i;
  }
  throw MakeError(errcode::kInternalError, "partition key column \"{}\" not found", name);
}

// The key expression with its Vars (columns of key_rel) renumbered to the row's layout.
nodes::ExprPtr ForRowLayout(const nodes::ExprPtr& expr, const catalog::RelationData& key_rel,
                            const storage::TupleDesc& row_desc) {
  return MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag != nodes::NodeTag::kVar) return nullptr;
    const auto& v = *nodes::As<nodes::Var>(e);
    if (v.varlevelsup != 0 || v.varattno <= 0) return nullptr;
    auto copy = std::make_shared<nodes::Var>(v);
    copy->varattno = static_cast<nodes::AttrNumber>(
        PositionByName(row_desc, key_rel.desc->attr(v.varattno - 1).name) + 1);
    return copy;
  });
}

}  // namespace

PartitionKeyValues::PartitionKeyValues(const PartitionKey& key,
                                       const catalog::RelationData& key_rel,
                                       const storage::TupleDescPtr& row_desc) {
  bool has_expressions = false;
  for (int col = 0; col < key.natts(); ++col) {
    if (key.expr(col)) {
      positions_.push_back(-1);
      exprs_.push_back(ExecInitExpr(*ForRowLayout(key.expr(col), key_rel, *row_desc), nullptr));
      has_expressions = true;
    } else {
      positions_.push_back(PositionByName(*row_desc, key.column_name(col)));
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
