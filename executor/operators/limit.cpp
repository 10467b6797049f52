// Limit operator (see limit.h).
#include "executor/operators/limit.h"

#include "common/error.h"
#include "executor/operators/sort.h"

namespace hyrax::executor {

LimitOperator::LimitOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)) {
  const auto& limit = nodes::PlanAs<nodes::Limit>(plan);
  if (limit.limitOffset) offset_expr_ = ExecInitExpr(*limit.limitOffset, estate);
  if (limit.limitCount) count_expr_ = ExecInitExpr(*limit.limitCount, estate);
  SetResultDesc(outer_->result_desc());
  if (limit.limitOption == nodes::LimitOption::kWithTies) {
    ties_ = std::make_unique<KeyEquality>(limit.uniq);
    last_ = std::make_unique<TupleSlot>(outer_->result_desc());
  }
}

void LimitOperator::ComputeBounds() {
  econtext()->ResetPerTuple();
  offset_ = 0;
  count_ = -1;
  bool isnull;
  if (offset_expr_) {
    Datum v = ExecEvalExprSwitchContext(offset_expr_.get(), econtext(), &isnull);
    if (!isnull) {
      offset_ = DatumGetInt64(v);
      if (offset_ < 0) {
        throw Error(errcode::kInvalidRowCountInResultOffsetClause, "OFFSET must not be negative");
      }
    }
  }
  if (count_expr_) {
    Datum v = ExecEvalExprSwitchContext(count_expr_.get(), econtext(), &isnull);
    if (!isnull) {
      count_ = DatumGetInt64(v);
      if (count_ < 0) {
        throw Error(errcode::kInvalidRowCountInLimitClause, "LIMIT must not be negative");
      }
    }
  }
  // PostgreSQL's ExecSetTupleBound: a Sort directly below only needs the first rows.
  auto* sort = dynamic_cast<SortOperator*>(outer_.get());
  if (sort != nullptr && count_ >= 0 && !ties_) {
    sort->SetBound(offset_ + count_);
  }
  position_ = 0;
  started_ = true;
}

TupleSlot* LimitOperator::NextImpl() {
  if (!started_) {
    ComputeBounds();
    // Skip the offset rows.
    while (position_ < offset_) {
      if (count_ == 0) return nullptr;
      if (outer_->Next() == nullptr) return nullptr;
      ++position_;
    }
  }
  if (count_ >= 0 && position_ - offset_ >= count_) return ties_ ? NextTie() : nullptr;
  TupleSlot* slot = outer_->Next();
  if (slot == nullptr) return nullptr;
  ++position_;
  if (ties_ && position_ - offset_ == count_) {
    last_->CopyFrom(*slot);
    last_->Materialize();
  }
  return slot;
}

// Past the limit with WITH TIES: the next row if it ties with the last one returned.
TupleSlot* LimitOperator::NextTie() {
  if (ties_done_ || count_ == 0) return nullptr;
  TupleSlot* slot = outer_->Next();
  if (slot != nullptr) {
    slot->GetAllAttrs();
    last_->GetAllAttrs();
    econtext()->ResetPerTuple();
    MemoryContextScope scope(&econtext()->per_tuple_memory);
    if (ties_->Equal(last_->values(), last_->nulls(), slot->values(), slot->nulls())) {
      ++position_;
      return slot;
    }
  }
  ties_done_ = true;
  return nullptr;
}

}  // namespace hyrax::executor
