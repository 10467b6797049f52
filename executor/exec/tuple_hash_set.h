// A hash set of rows keyed on some columns with their equality operators, NULLs equal to
// each other (the duplicate check of PostgreSQL's execGrouping.c hash tables). Recursive
// Union's UNION uses it to drop rows it has already returned. In memory, no spilling.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "executor/exec/key_equality.h"
#include "executor/exec/tuple_store.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

class TupleHashSet {
 public:
  // `keys`: 1-based columns of rows shaped as `desc`, with hashable equality operators.
  // Throws when an operator has no hash function.
  TupleHashSet(const nodes::GroupColumns& keys, storage::TupleDescPtr desc);

  // Adds the row of `slot` unless a row equal on the keys is present; true when added.
  bool Insert(TupleSlot* slot);
  void Clear();

 private:
  uint32_t Hash(const Datum* values, const bool* nulls);

  KeyEquality equality_;
  std::vector<int> columns_;  // 0-based
  std::vector<FmgrInfo> hash_fns_;
  std::vector<Oid> collations_;
  TupleStore rows_;
  std::unordered_multimap<uint32_t, size_t> index_;  // hash -> row of rows_
};

}  // namespace hyrax::executor
