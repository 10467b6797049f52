// HashJoin operator (see hash_join.h).
#include "executor/operators/hash_join.h"

#include <algorithm>

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

HashJoinOperator::HashJoinOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                                   OperatorPtr inner)
    : Operator(plan, estate, std::move(outer), std::move(inner)),
      join_(nodes::PlanAs<nodes::HashJoin>(plan)) {
  using nodes::JoinType;
  if (join_.jointype != JoinType::kInner && join_.jointype != JoinType::kLeft &&
      join_.jointype != JoinType::kRight && join_.jointype != JoinType::kFull &&
      join_.jointype != JoinType::kSemi && join_.jointype != JoinType::kAnti) {
    throw Error(errcode::kFeatureNotSupported, "this join type is not supported by HashJoin");
  }
  hash_ = dynamic_cast<HashOperator*>(inner_.get());
  HYRAX_CHECK(hash_ != nullptr, "HashJoin's inner input must be a Hash node");
  InitResultAndQual(/*project=*/true);
  hashclauses_ = ExecInitQual(join_.hashclauses, estate);
  joinqual_ = ExecInitQual(join_.joinqual, estate);
  std::vector<FmgrInfo> inner_fns;
  for (size_t i = 0; i < join_.hashoperators.size(); ++i) {
    FmgrInfo lhs, rhs;
    HashFunctionsForEqOp(join_.hashoperators[i], &lhs, &rhs);
    outer_hash_fns_.push_back(lhs);
    inner_fns.push_back(rhs);
    collations_.push_back(i < join_.hashcollations.size() ? join_.hashcollations[i] : kInvalidOid);
  }
  fill_inner_ = join_.jointype == JoinType::kRight || join_.jointype == JoinType::kFull;
  fill_outer_ = join_.jointype == JoinType::kLeft || join_.jointype == JoinType::kFull ||
                join_.jointype == JoinType::kAnti;
  hash_->SetHashFunctions(inner_fns, collations_, fill_inner_);
  if (fill_inner_) {
    null_outer_ = std::make_unique<TupleSlot>(outer_->result_desc());
    for (int i = 0; i < null_outer_->natts(); ++i) null_outer_->nulls()[i] = true;
    null_outer_->StoreVirtual();
  }
  for (const auto& key : join_.hashkeys) outer_keys_.push_back(ExecInitExpr(*key, estate));
  inner_slot_ = std::make_unique<TupleSlot>(hash_->result_desc());
  if (fill_outer_) {
    null_inner_ = std::make_unique<TupleSlot>(hash_->result_desc());
    for (int i = 0; i < null_inner_->natts(); ++i) null_inner_->nulls()[i] = true;
    null_inner_->StoreVirtual();
  }
}

// Hashes the outer row's keys and positions the bucket iterator.
bool HashJoinOperator::StartOuter(TupleSlot* outer) {
  ExprContext* ec = econtext();
  ec->outertuple = outer;
  std::vector<Datum> keys(outer_keys_.size());
  std::unique_ptr<bool[]> nulls(new bool[outer_keys_.size() + 1]());
  {
    MemoryContextScope scope(&ec->per_tuple_memory);
    for (size_t k = 0; k < outer_keys_.size(); ++k) {
      keys[k] = ExecInterpExpr(outer_keys_[k].get(), ec, &nulls[k]);
    }
  }
  uint32_t h = 0;
  for (size_t i = 0; i < outer_hash_fns_.size(); ++i) {
    if (nulls[i]) return false;
    LocalFunctionCallInfo<1> call(&outer_hash_fns_[i], collations_[i]);
    call.SetArg(0, keys[i]);
    h = ((h << 1) | (h >> 31)) ^ DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
  }
  std::tie(bucket_, bucket_end_) = hash_->Lookup(h);
  return true;
}

TupleSlot* HashJoinOperator::EmitUnmatched() {
  econtext()->innertuple = null_inner_.get();
  if (ExecQual(qual_.get(), econtext())) return ExecProject(projection_.get(), econtext());
  CountFiltered2();
  return nullptr;
}

// RIGHT join, after the outer side: hash-table rows that never matched, NULL-extended.
TupleSlot* HashJoinOperator::NextUnmatchedInner() {
  ExprContext* ec = econtext();
  int natts = inner_slot_->natts();
  while (unmatched_next_ < hash_->size()) {
    size_t i = unmatched_next_++;
    if (hash_->matched(i)) continue;
    ec->ResetPerTuple();
    const HashOperator::Entry& e = hash_->entry(i);
    inner_slot_->Clear();
    std::copy(e.values, e.values + natts, inner_slot_->values());
    std::copy(e.nulls, e.nulls + natts, inner_slot_->nulls());
    inner_slot_->StoreVirtual();
    ec->innertuple = inner_slot_.get();
    ec->outertuple = null_outer_.get();
    if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
    CountFiltered2();
  }
  return nullptr;
}

TupleSlot* HashJoinOperator::NextImpl() {
  using nodes::JoinType;
  ExprContext* ec = econtext();
  if (outer_done_) return NextUnmatchedInner();
  if (!outer_checked_) {
    outer_checked_ = true;
    // An empty outer side needs no hash table (PostgreSQL checks first when the outer
    // side is cheaper to start than the hash is to build) -- unless a RIGHT or FULL join
    // must return the inner rows anyway.
    if (!fill_inner_ && outer_->plan().startup_cost < inner_->plan().total_cost) {
      pending_outer_ = outer_->Next();
      if (pending_outer_ == nullptr) return nullptr;
    }
    hash_->Build();
  }
  bool outer_join = fill_outer_;
  int natts = inner_slot_->natts();
  for (;;) {
    ec->ResetPerTuple();
    if (need_new_outer_) {
      TupleSlot* outer = pending_outer_ != nullptr ? pending_outer_ : outer_->Next();
      pending_outer_ = nullptr;
      if (outer == nullptr) {
        if (!fill_inner_) return nullptr;
        outer_done_ = true;
        return NextUnmatchedInner();
      }
      matched_ = false;
      key_null_ = !StartOuter(outer);
      need_new_outer_ = false;
      if (key_null_) {
        need_new_outer_ = true;
        if (outer_join) {
          if (TupleSlot* out = EmitUnmatched()) return out;
        }
        continue;
      }
    }
    if (bucket_ == bucket_end_) {
      need_new_outer_ = true;
      if (!matched_ && outer_join) {
        if (TupleSlot* out = EmitUnmatched()) return out;
      }
      continue;
    }
    size_t entry_index = (bucket_++)->second;
    const HashOperator::Entry& e = hash_->entry(entry_index);
    inner_slot_->Clear();
    std::copy(e.values, e.values + natts, inner_slot_->values());
    std::copy(e.nulls, e.nulls + natts, inner_slot_->nulls());
    inner_slot_->StoreVirtual();
    ec->innertuple = inner_slot_.get();
    if (!ExecQual(hashclauses_.get(), ec)) continue;  // hash collision
    if (!ExecQual(joinqual_.get(), ec)) {
      CountFiltered1();
      continue;
    }
    matched_ = true;
    if (fill_inner_) hash_->MarkMatched(entry_index);
    if (join_.jointype == JoinType::kAnti) {
      need_new_outer_ = true;
      continue;
    }
    if (join_.jointype == JoinType::kSemi) need_new_outer_ = true;
    if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
    CountFiltered2();
  }
}

void HashJoinOperator::ReScanImpl() {
  outer_checked_ = false;
  outer_done_ = false;
  unmatched_next_ = 0;
  need_new_outer_ = true;
  matched_ = false;
  pending_outer_ = nullptr;
}

}  // namespace hyrax::executor
