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
  saved_outer_ = std::make_unique<TupleSlot>(outer_->result_desc());
}

HashJoinOperator::~HashJoinOperator() = default;

// The outer row's hash; false when a key is NULL (no match possible).
bool HashJoinOperator::HashOuterKeys(TupleSlot* outer, uint32_t* hash) {
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
  *hash = h;
  return true;
}

void HashJoinOperator::SaveOuter(int batchno, uint32_t hash, TupleSlot* outer) {
  if (!outer_batches_) {
    outer_batches_ = std::make_unique<SpillPartitions>(outer_->result_desc(), hash_->nbatch());
  }
  outer_batches_->Grow(hash_->nbatch());
  outer->GetAllAttrs();
  outer_batches_->Write(batchno, hash, outer->values(), outer->nulls());
}

// PostgreSQL's ExecHashJoinOuterGetTuple plus the batch check of HJ_NEED_NEW_OUTER: rows of
// a later batch are saved to its file and skipped.
TupleSlot* HashJoinOperator::NextOuter(uint32_t* hash, bool* key_null) {
  for (;;) {
    econtext()->ResetPerTuple();
    TupleSlot* outer;
    *key_null = false;
    if (hash_->curbatch() == 0) {
      outer = pending_outer_ != nullptr ? pending_outer_ : outer_->Next();
      pending_outer_ = nullptr;
      if (outer == nullptr) return nullptr;
      if (!HashOuterKeys(outer, hash)) {
        if (!fill_outer_) continue;  // matches nothing and is not returned
        *key_null = true;
        econtext()->outertuple = outer;
        return outer;
      }
    } else {
      if (!outer_reader_) return nullptr;
      saved_outer_memory_.Reset();
      saved_outer_->Clear();
      if (!outer_reader_->Next(&saved_outer_memory_, hash, saved_outer_->values(),
                               saved_outer_->nulls())) {
        return nullptr;
      }
      saved_outer_->StoreVirtual();
      outer = saved_outer_.get();
    }
    int batchno = hash_->BatchOf(*hash);
    if (batchno != hash_->curbatch()) {
      SaveOuter(batchno, *hash, outer);
      continue;
    }
    econtext()->outertuple = outer;
    return outer;
  }
}

// Loads the next batch that can produce rows; false when none is left.
bool HashJoinOperator::StartNextBatch() {
  outer_reader_.reset();
  for (int batchno = hash_->curbatch() + 1; batchno < hash_->nbatch(); ++batchno) {
    bool has_outer =
        outer_batches_ && batchno < outer_batches_->count() && outer_batches_->rows(batchno) > 0;
    bool has_inner = hash_->BatchHasRows(batchno);
    // PostgreSQL's ExecHashJoinNewBatch: a batch without outer rows matters only when inner
    // rows are returned unmatched, one without inner rows only when outer rows are -- unless
    // the batch count grew since its rows were written: then some of them belong to a later
    // batch and must be passed on to it (inner rows once it grew past the planned count,
    // outer rows once it grew after the outer side began).
    bool must_pass_on = (has_inner && hash_->nbatch() != hash_->batches_original()) ||
                        (has_outer && hash_->nbatch() != nbatch_outstart_);
    if (!must_pass_on && ((!has_outer && !fill_inner_) || (!has_inner && !fill_outer_))) {
      hash_->DiscardBatch(batchno);
      if (has_outer) outer_batches_->TakePartition(batchno);
      continue;
    }
    hash_->LoadBatch(batchno);
    if (has_outer) outer_reader_ = outer_batches_->TakePartition(batchno);
    return true;
  }
  return false;
}

TupleSlot* HashJoinOperator::EmitUnmatched() {
  econtext()->innertuple = null_inner_.get();
  if (ExecQual(qual_.get(), econtext())) return ExecProject(projection_.get(), econtext());
  CountFiltered2();
  return nullptr;
}

// The row in inner_slot_ with a NULL outer side, unless the Filter rejects it.
TupleSlot* HashJoinOperator::EmitNullExtendedInner() {
  ExprContext* ec = econtext();
  ec->innertuple = inner_slot_.get();
  ec->outertuple = null_outer_.get();
  if (ExecQual(qual_.get(), ec)) return ExecProject(projection_.get(), ec);
  CountFiltered2();
  return nullptr;
}

// RIGHT and FULL joins, after a batch's outer rows: its hash-table rows that never matched,
// NULL-extended.
TupleSlot* HashJoinOperator::NextUnmatchedInner() {
  int natts = inner_slot_->natts();
  while (unmatched_next_ < hash_->size()) {
    size_t i = unmatched_next_++;
    if (hash_->matched(i)) continue;
    econtext()->ResetPerTuple();
    const HashOperator::Entry& e = hash_->entry(i);
    inner_slot_->Clear();
    std::copy(e.values, e.values + natts, inner_slot_->values());
    std::copy(e.nulls, e.nulls + natts, inner_slot_->nulls());
    inner_slot_->StoreVirtual();
    if (TupleSlot* out = EmitNullExtendedInner()) return out;
  }
  return nullptr;
}

// RIGHT and FULL joins, at the end: the inner rows with a NULL key, NULL-extended.
TupleSlot* HashJoinOperator::NextNullKeyInner() {
  if (!null_key_reader_) return nullptr;
  uint32_t hash;
  for (;;) {
    econtext()->ResetPerTuple();
    null_key_memory_.Reset();
    inner_slot_->Clear();
    if (!null_key_reader_->Next(&null_key_memory_, &hash, inner_slot_->values(),
                                inner_slot_->nulls())) {
      return nullptr;
    }
    inner_slot_->StoreVirtual();
    if (TupleSlot* out = EmitNullExtendedInner()) return out;
  }
}

// Joins the current batch's outer rows with the table; nullptr when they are exhausted.
TupleSlot* HashJoinOperator::Probe() {
  using nodes::JoinType;
  ExprContext* ec = econtext();
  int natts = inner_slot_->natts();
  for (;;) {
    if (need_new_outer_) {
      bool key_null;
      TupleSlot* outer = NextOuter(&outer_hash_, &key_null);
      if (outer == nullptr) return nullptr;
      need_new_outer_ = key_null;
      matched_ = false;
      if (key_null) {
        if (TupleSlot* out = EmitUnmatched()) return out;
        continue;
      }
      next_entry_ = hash_->FirstInBucket(outer_hash_);
    }
    if (next_entry_ < 0) {
      need_new_outer_ = true;
      if (!matched_ && fill_outer_) {
        if (TupleSlot* out = EmitUnmatched()) return out;
      }
      continue;
    }
    size_t entry_index = static_cast<size_t>(next_entry_);
    const HashOperator::Entry& e = hash_->entry(entry_index);
    next_entry_ = e.next;
    if (e.hash != outer_hash_) continue;
    ec->ResetPerTuple();
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

TupleSlot* HashJoinOperator::NextImpl() {
  for (;;) {
    switch (phase_) {
      case Phase::kStart:
        // An empty outer side needs no hash table (PostgreSQL checks first when the outer
        // side is cheaper to start than the hash is to build) -- unless a RIGHT or FULL
        // join must return the inner rows anyway.
        if (!fill_inner_ && outer_->plan().startup_cost < inner_->plan().total_cost) {
          pending_outer_ = outer_->Next();
          if (pending_outer_ == nullptr) {
            phase_ = Phase::kDone;
            break;
          }
        }
        hash_->Build();
        nbatch_outstart_ = hash_->nbatch();
        // An empty table: no outer row can match (PostgreSQL skips the outer side).
        if (hash_->total_rows() == 0 && !fill_outer_) {
          phase_ = Phase::kDone;
          break;
        }
        phase_ = Phase::kProbe;
        break;
      case Phase::kProbe:
        if (TupleSlot* out = Probe()) return out;
        unmatched_next_ = 0;
        phase_ = fill_inner_ ? Phase::kUnmatchedInner : Phase::kNextBatch;
        break;
      case Phase::kUnmatchedInner:
        if (TupleSlot* out = NextUnmatchedInner()) return out;
        phase_ = Phase::kNextBatch;
        break;
      case Phase::kNextBatch:
        need_new_outer_ = true;
        if (StartNextBatch()) {
          phase_ = Phase::kProbe;
        } else {
          phase_ = fill_inner_ ? Phase::kNullKeyInner : Phase::kDone;
          if (fill_inner_) null_key_reader_ = hash_->TakeNullKeyRows();
        }
        break;
      case Phase::kNullKeyInner:
        if (TupleSlot* out = NextNullKeyInner()) return out;
        phase_ = Phase::kDone;
        break;
      case Phase::kDone:
        return nullptr;
    }
  }
}

void HashJoinOperator::ReScanImpl() {
  phase_ = Phase::kStart;
  unmatched_next_ = 0;
  need_new_outer_ = true;
  matched_ = false;
  pending_outer_ = nullptr;
  outer_reader_.reset();
  outer_batches_.reset();
  null_key_reader_.reset();
}

void HashJoinOperator::CloseImpl() {
  ReScanImpl();
}

}  // namespace hyrax::executor
