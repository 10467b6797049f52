// Hash (PostgreSQL's nodeHash.c): builds an in-memory hash table of its input's rows keyed
// by the inner-side hash keys, for the HashJoin above it. Rows with a NULL key are kept
// only when `keep_null_keys` (a RIGHT join must still return them). Spilling to batches past
// hash_mem is future work; EXPLAIN ANALYZE reports buckets, batches (1) and memory.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/exec/operator.h"

namespace hyrax::executor {

class HashOperator : public Operator {
 public:
  HashOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);

  struct Entry {
    uint32_t hash;
    Datum* values;
    bool* nulls;
  };
  // The hash functions of the inner keys (set by the HashJoin, which knows the operators).
  void SetHashFunctions(std::vector<FmgrInfo> fns, std::vector<Oid> collations,
                        bool keep_null_keys) {
    hash_fns_ = std::move(fns);
    collations_ = std::move(collations);
    keep_null_keys_ = keep_null_keys;
  }
  // Reads the whole input into the table (once per rescan). Counted as this node's rows.
  void Build();
  bool built() const { return built_; }
  // Computes the hash of `keys` with the key types' hash functions; false when a key is
  // NULL (no match possible).
  bool HashKeys(const Datum* keys, const bool* nulls, uint32_t* hash);
  // Entries whose hash equals `hash`.
  std::pair<std::unordered_multimap<uint32_t, size_t>::const_iterator,
            std::unordered_multimap<uint32_t, size_t>::const_iterator>
  Lookup(uint32_t hash) const {
    return index_.equal_range(hash);
  }
  const Entry& entry(size_t i) const { return entries_[i]; }
  // RIGHT joins: which entries found a partner.
  void MarkMatched(size_t i) { matched_[i] = true; }
  bool matched(size_t i) const { return matched_[i]; }
  size_t size() const { return entries_.size(); }
  int64_t buckets() const { return buckets_; }
  int64_t memory_kb() const { return memory_kb_; }

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override { ReScanImpl(); }

 private:
  std::vector<std::unique_ptr<ExprState>> keys_;
  std::vector<FmgrInfo> hash_fns_;
  std::vector<Oid> collations_;
  std::unique_ptr<MemoryContext> memory_;
  std::vector<Entry> entries_;
  std::vector<bool> matched_;
  std::unordered_multimap<uint32_t, size_t> index_;
  bool built_ = false;
  bool keep_null_keys_ = false;
  int64_t buckets_ = 1024;
  int64_t memory_kb_ = 0;
};

}  // namespace hyrax::executor
