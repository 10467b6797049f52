// Hash operator (see hash.h).
#include "executor/operators/hash.h"

#include "common/error.h"
#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

HashOperator::HashOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)) {
  SetResultDesc(outer_->result_desc());
  const auto& hash = nodes::PlanAs<nodes::Hash>(plan);
  for (const auto& key : hash.hashkeys) keys_.push_back(ExecInitExpr(*key, estate));
}

bool HashOperator::HashKeys(const Datum* keys, const bool* nulls, uint32_t* hash) {
  uint32_t h = 0;
  for (size_t i = 0; i < hash_fns_.size(); ++i) {
    if (nulls[i]) return false;
    LocalFunctionCallInfo<1> call(&hash_fns_[i], collations_[i]);
    call.SetArg(0, keys[i]);
    uint32_t k = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    h = ((h << 1) | (h >> 31)) ^ k;  // rotate and combine, as PostgreSQL's ExecHashGetHashValue
  }
  *hash = h;
  return true;
}

void HashOperator::Build() {
  if (built_) return;
  InstrumentStart();
  memory_ = std::make_unique<MemoryContext>("HashTableContext");
  entries_.clear();
  index_.clear();
  int n = result_desc_->natts();
  size_t nkeys = keys_.size();
  std::vector<Datum> key_values(nkeys);
  std::unique_ptr<bool[]> key_nulls(new bool[nkeys + 1]());
  double rows = 0;
  while (TupleSlot* in = outer_->Next()) {
    ++rows;
    econtext()->ResetPerTuple();
    econtext()->outertuple = in;
    {
      MemoryContextScope scope(&econtext()->per_tuple_memory);
      for (size_t k = 0; k < nkeys; ++k) {
        key_values[k] = ExecInterpExpr(keys_[k].get(), econtext(), &key_nulls[k]);
      }
    }
    uint32_t hash;
    bool hashable = HashKeys(key_values.data(), key_nulls.get(), &hash);
    if (!hashable && !keep_null_keys_) continue;
    in->GetAllAttrs();
    Entry e;
    e.hash = hash;
    e.values = static_cast<Datum*>(memory_->Alloc(sizeof(Datum) * (n > 0 ? n : 1)));
    e.nulls = static_cast<bool*>(memory_->Alloc(n > 0 ? n : 1));
    for (int i = 0; i < n; ++i) {
      const auto& attr = result_desc_->attr(i);
      e.nulls[i] = in->nulls()[i];
      e.values[i] =
          e.nulls[i] ? 0 : DatumCopy(in->values()[i], attr.byval, attr.len, memory_.get());
    }
    // A NULL-keyed row matches nothing: stored (for RIGHT joins) but not indexed.
    if (hashable) index_.emplace(hash, entries_.size());
    entries_.push_back(e);
  }
  matched_.assign(entries_.size(), false);
  buckets_ = 1024;
  while (buckets_ < static_cast<int64_t>(entries_.size())) buckets_ *= 2;
  memory_kb_ = static_cast<int64_t>((memory_->allocated_bytes() + 1023) / 1024);
  built_ = true;
  InstrumentStop(rows);
}

TupleSlot* HashOperator::NextImpl() {
  throw Error(errcode::kInternalError, "Hash node does not support Next()");
}

void HashOperator::ReScanImpl() {
  built_ = false;
  entries_.clear();
  matched_.clear();
  index_.clear();
  memory_.reset();
}

}  // namespace hyrax::executor
