// Hash set of rows (see tuple_hash_set.h).
#include "executor/exec/tuple_hash_set.h"

#include "executor/expr/function_lookup.h"

namespace hyrax::executor {

TupleHashSet::TupleHashSet(const nodes::GroupColumns& keys, storage::TupleDescPtr desc)
    : equality_(keys), rows_(std::move(desc)) {
  for (int i = 0; i < keys.numCols(); ++i) {
    columns_.push_back(keys.colIdx[i] - 1);
    FmgrInfo hash;
    HashFunctionForEqOp(keys.eqOperators[i], &hash);
    hash_fns_.push_back(hash);
    collations_.push_back(i < static_cast<int>(keys.collations.size()) ? keys.collations[i]
                                                                       : kInvalidOid);
  }
}

uint32_t TupleHashSet::Hash(const Datum* values, const bool* nulls) {
  uint32_t hash = 0;
  for (size_t i = 0; i < columns_.size(); ++i) {
    int col = columns_[i];
    uint32_t h = 0;
    if (!nulls[col]) {
      LocalFunctionCallInfo<1> call(&hash_fns_[i], collations_[i]);
      call.SetArg(0, values[col]);
      h = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    }
    hash = ((hash << 1) | (hash >> 31)) ^ h;
  }
  return hash;
}

bool TupleHashSet::Insert(TupleSlot* slot) {
  slot->GetAllAttrs();
  uint32_t hash = Hash(slot->values(), slot->nulls());
  auto [begin, end] = index_.equal_range(hash);
  for (auto it = begin; it != end; ++it) {
    if (equality_.Equal(rows_.values(it->second), rows_.nulls(it->second), slot->values(),
                        slot->nulls())) {
      return false;
    }
  }
  rows_.Append(slot);
  index_.emplace(hash, rows_.size() - 1);
  return true;
}

void TupleHashSet::Clear() {
  rows_.Clear();
  index_.clear();
}

}  // namespace hyrax::executor
