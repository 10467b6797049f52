// MergeJoin operator (see merge_join.h). The state machine follows the structure of
// PostgreSQL's ExecMergeJoin; reading the next row is deferred while the row returned last
// may still point into the current input rows.
#include "executor/operators/merge_join.h"

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/function_lookup.h"
#include "executor/operators/sort.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// The btree comparison support function of `family` for (lefttype, righttype) of the
// equality operator `eqop` (PostgreSQL's MJExamineQuals).
void MergeComparisonFunction(Oid eqop, Oid family, FmgrInfo* cmp) {
  auto& cache = catalog::Syscache();
  for (const auto& amop : cache.AmopsByOperator(eqop)) {
    if (amop.amopfamily != family || amop.amopstrategy != 3) continue;
    for (const auto& proc : cache.AmprocsOfFamily(family)) {
      if (proc.amprocnum == 1 && proc.amproclefttype == amop.amoplefttype &&
          proc.amprocrighttype == amop.amoprighttype) {
        FmgrInfoForFunction(proc.amproc, cmp);
        return;
      }
    }
  }
  throw MakeError(errcode::kUndefinedFunction,
                  "missing support function 1 for operator {} in operator family {}", eqop, family);
}

std::unique_ptr<TupleSlot> AllNullSlot(const storage::TupleDescPtr& desc) {
  auto slot = std::make_unique<TupleSlot>(desc);
  for (int i = 0; i < slot->natts(); ++i) slot->nulls()[i] = true;
  slot->StoreVirtual();
  return slot;
}

}  // namespace

MergeJoinOperator::MergeJoinOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                                     OperatorPtr inner)
    : Operator(plan, estate, std::move(outer), std::move(inner)),
      join_(nodes::PlanAs<nodes::MergeJoin>(plan)),
      outer_key_context_(estate),
      inner_key_context_(estate),
      marked_key_context_(estate) {
  using nodes::JoinType;
  fill_outer_ = join_.jointype == JoinType::kLeft || join_.jointype == JoinType::kFull ||
                join_.jointype == JoinType::kAnti;
  fill_inner_ = join_.jointype == JoinType::kRight || join_.jointype == JoinType::kFull;
  // An inner row's match must not depend on the outer row within its key group: RIGHT and
  // FULL merge joins only take constant join filters (FULL JOIN ON FALSE).
  for (const auto& q : join_.joinqual) {
    HYRAX_CHECK(!fill_inner_ || q->tag == nodes::NodeTag::kConst,
                "RIGHT and FULL merge joins cannot have a join filter");
    if (q->tag == nodes::NodeTag::kConst) {
      const auto& c = *nodes::As<nodes::Const>(q);
      const_false_join_ |= c.constisnull || !DatumGetBool(c.constvalue);
    }
  }
  HYRAX_CHECK(inner_->SupportsMarkRestore(), "merge join inner input cannot mark/restore");
  if (auto* sort = dynamic_cast<SortOperator*>(inner_.get())) sort->SetRandomAccess();
  InitResultAndQual(/*project=*/true);
  joinqual_ = ExecInitQual(join_.joinqual, estate);
  for (size_t i = 0; i < join_.mergeclauses.size(); ++i) {
    const auto& clause = *nodes::As<nodes::OpExpr>(join_.mergeclauses[i]);
    HYRAX_CHECK(clause.args.size() == 2, "merge clause must be a binary operator");
    MergeKey key;
    key.outer_expr = ExecInitExpr(*clause.args[0], estate);
    key.inner_expr = ExecInitExpr(*clause.args[1], estate);
    MergeComparisonFunction(clause.opno, join_.mergeFamilies.at(i), &key.cmp);
    key.collation = i < join_.mergeCollations.size() ? join_.mergeCollations[i] : kInvalidOid;
    key.descending = i < join_.mergeStrategies.size() && join_.mergeStrategies[i] == 5;
    keys_.push_back(std::move(key));
  }
  null_outer_ = AllNullSlot(outer_->result_desc());
  null_inner_ = AllNullSlot(inner_->result_desc());
  marked_ = std::make_unique<TupleSlot>(inner_->result_desc());
}

void MergeJoinOperator::EvalKeys(bool outer_side, TupleSlot* row, ExprContext* context,
                                 Keys* keys) {
  context->ResetPerTuple();
  keys->values.assign(keys_.size(), 0);
  keys->has_null = false;
  if (outer_side) {
    context->outertuple = row;
  } else {
    context->innertuple = row;
  }
  MemoryContextScope scope(&context->per_tuple_memory);
  for (size_t k = 0; k < keys_.size(); ++k) {
    bool isnull = false;
    ExprState* expr = outer_side ? keys_[k].outer_expr.get() : keys_[k].inner_expr.get();
    keys->values[k] = ExecInterpExpr(expr, context, &isnull);
    keys->has_null |= isnull;
  }
}

void MergeJoinOperator::AdvanceOuter() {
  outer_row_ = outer_->Next();
  outer_matched_ = false;
  if (outer_row_ != nullptr) EvalKeys(true, outer_row_, &outer_key_context_, &outer_keys_);
}

void MergeJoinOperator::AdvanceInner() {
  inner_row_ = inner_->Next();
  inner_matched_ = false;
  if (inner_row_ != nullptr) EvalKeys(false, inner_row_, &inner_key_context_, &inner_keys_);
}

int MergeJoinOperator::CompareKeys(const Keys& outer, const Keys& inner) {
  for (size_t k = 0; k < keys_.size(); ++k) {
    LocalFunctionCallInfo<2> call(&keys_[k].cmp, keys_[k].collation);
    call.SetArg(0, outer.values[k]);
    call.SetArg(1, inner.values[k]);
    int32_t r = DatumGetInt32(FunctionCallInvoke(&call.fcinfo));
    if (r != 0) return (r < 0) != keys_[k].descending ? -1 : 1;
  }
  return 0;
}

// The current inner row starts a group: remember it (a copy, since the inner input moves on).
void MergeJoinOperator::MarkInner() {
  inner_->MarkPos();
  marked_->CopyFrom(*inner_row_);
  marked_->Materialize();
  EvalKeys(false, marked_.get(), &marked_key_context_, &marked_keys_);
}

void MergeJoinOperator::RestoreInner() {
  inner_->RestrPos();
  inner_row_ = marked_.get();
  inner_keys_ = marked_keys_;
  inner_matched_ = true;
}

TupleSlot* MergeJoinOperator::EmitPair() {
  ExprContext* ec = econtext();
  ec->outertuple = outer_row_;
  ec->innertuple = inner_row_;
  if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
  CountFiltered2();
  return nullptr;
}

TupleSlot* MergeJoinOperator::EmitOuterUnmatched() {
  ExprContext* ec = econtext();
  ec->outertuple = outer_row_;
  ec->innertuple = null_inner_.get();
  if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
  CountFiltered2();
  return nullptr;
}

TupleSlot* MergeJoinOperator::EmitInnerUnmatched() {
  ExprContext* ec = econtext();
  ec->outertuple = null_outer_.get();
  ec->innertuple = inner_row_;
  if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
  CountFiltered2();
  return nullptr;
}

TupleSlot* MergeJoinOperator::NextImpl() {
  using nodes::JoinType;
  ExprContext* ec = econtext();
  for (;;) {
    ec->ResetPerTuple();
    if (advance_outer_) AdvanceOuter();
    if (advance_inner_) AdvanceInner();
    advance_outer_ = advance_inner_ = false;
    TupleSlot* out = nullptr;
    switch (state_) {
      case State::kStart:
        AdvanceOuter();
        AdvanceInner();
        state_ = State::kCompare;
        break;
      case State::kCompare: {
        if (outer_row_ == nullptr) {
          state_ = State::kDrainInner;
          break;
        }
        if (inner_row_ == nullptr) {
          state_ = State::kDrainOuter;
          break;
        }
        // A NULL key matches nothing; the rest of the input is still in order.
        int cmp = outer_keys_.has_null   ? -1
                  : inner_keys_.has_null ? 1
                                         : CompareKeys(outer_keys_, inner_keys_);
        // ON FALSE: nothing is equal; move the inner side on (as PostgreSQL's MJCompare).
        if (cmp == 0 && const_false_join_) cmp = 1;
        if (cmp < 0) {
          if (fill_outer_) out = EmitOuterUnmatched();
          advance_outer_ = true;
        } else if (cmp > 0) {
          if (fill_inner_ && !inner_matched_) out = EmitInnerUnmatched();
          advance_inner_ = true;
        } else {
          MarkInner();
          state_ = State::kJoinPair;
        }
        break;
      }
      case State::kJoinPair: {
        state_ = State::kNextInnerInGroup;
        ec->outertuple = outer_row_;
        ec->innertuple = inner_row_;
        if (!ExecQual(joinqual_.get(), ec)) {
          CountFiltered1();
          break;
        }
        outer_matched_ = true;
        inner_matched_ = true;
        if (join_.jointype == JoinType::kAnti) {
          state_ = State::kEndOfOuterRow;  // a match disqualifies the outer row
          break;
        }
        if (join_.jointype == JoinType::kSemi) state_ = State::kEndOfOuterRow;
        out = EmitPair();
        break;
      }
      case State::kNextInnerInGroup:
        AdvanceInner();
        state_ = inner_row_ != nullptr && !inner_keys_.has_null &&
                         CompareKeys(outer_keys_, inner_keys_) == 0
                     ? State::kJoinPair
                     : State::kEndOfOuterRow;
        break;
      case State::kEndOfOuterRow:
        if (fill_outer_ && !outer_matched_) out = EmitOuterUnmatched();
        state_ = State::kNextOuter;
        break;
      case State::kNextOuter:
        AdvanceOuter();
        if (outer_row_ != nullptr && !outer_keys_.has_null &&
            CompareKeys(outer_keys_, marked_keys_) == 0) {
          RestoreInner();
          state_ = State::kJoinPair;
        } else {
          state_ = State::kCompare;
        }
        break;
      case State::kDrainOuter:
        if (outer_row_ == nullptr || !fill_outer_) {
          state_ = State::kDone;
          break;
        }
        if (!outer_matched_) out = EmitOuterUnmatched();
        advance_outer_ = true;
        break;
      case State::kDrainInner:
        if (inner_row_ == nullptr || !fill_inner_) {
          state_ = State::kDone;
          break;
        }
        if (!inner_matched_) out = EmitInnerUnmatched();
        advance_inner_ = true;
        break;
      case State::kDone:
        return nullptr;
    }
    if (out != nullptr) return out;
  }
}

void MergeJoinOperator::ReScanImpl() {
  state_ = State::kStart;
  outer_row_ = inner_row_ = nullptr;
  outer_matched_ = inner_matched_ = false;
  advance_outer_ = advance_inner_ = false;
  marked_->Clear();
}

}  // namespace hyrax::executor
