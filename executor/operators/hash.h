// Hash (PostgreSQL's nodeHash.c): builds the hash table of its input's rows keyed by the
// inner-side hash keys, for the HashJoin above it. The table holds one batch at a time: the
// number of buckets and batches is chosen from the plan's row estimate within hash_mem
// (exec/hash_table_size.h); rows of later batches go to batch files, and when the rows of the
// current batch outgrow hash_mem the number of batches doubles and the rows that now belong
// to later batches move out (ExecHashIncreaseNumBatches). A row's bucket is the low bits of
// its hash, its batch the bits above them. Rows with a NULL key are kept only when
// `keep_null_keys` (a RIGHT or FULL join must still return them): they match nothing, so
// they stay out of the table in a file of their own, read once after the last batch.
// Deviation: PostgreSQL puts them in the table under hash 0, where a mass of them keeps
// doubling the batches; and the batches never grow past kMaxBatches here.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/exec/spill_partitions.h"

namespace hyrax::executor {

class HashOperator : public Operator {
 public:
  HashOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);
  ~HashOperator() override;

  struct Entry {
    uint32_t hash;
    int32_t next;  // next entry of the bucket, -1 at the end
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
  // Reads the whole input (once per rescan): batch 0 into the table, the others to batch
  // files. Counted as this node's rows. Throws as storage::TempFile::Append.
  void Build();
  bool built() const { return built_; }
  // Rows read by the last Build().
  double total_rows() const { return total_rows_; }

  // Batches: the current one, how many there are now (may grow while a batch loads), the
  // batch of a hash value, and whether a later batch has inner rows.
  int curbatch() const { return curbatch_; }
  int nbatch() const { return nbatch_; }
  int BatchOf(uint32_t hash) const;
  bool BatchHasRows(int batchno) const;
  // Makes `batchno` (> curbatch()) the current batch: empties the table and loads its rows.
  void LoadBatch(int batchno);
  // Drops the rows of a batch that needs no processing.
  void DiscardBatch(int batchno);
  // The rows with a NULL key (keep_null_keys only), once; nullptr when there are none.
  std::unique_ptr<SpillPartitions::Reader> TakeNullKeyRows();

  static constexpr int kMaxBatches = 1 << 16;

  // First entry of the bucket of `hash`, or -1; entries chain through Entry::next and must
  // be checked for an equal hash.
  int32_t FirstInBucket(uint32_t hash) const {
    return buckets_[static_cast<size_t>(hash & static_cast<uint32_t>(nbuckets_ - 1))];
  }
  const Entry& entry(size_t i) const { return entries_[i]; }
  // RIGHT and FULL joins: which entries of the current batch found a partner.
  void MarkMatched(size_t i) { matched_[i] = true; }
  bool matched(size_t i) const { return matched_[i]; }
  size_t size() const { return entries_.size(); }

  // EXPLAIN ANALYZE (PostgreSQL's HashInstrumentation).
  int64_t buckets() const { return nbuckets_; }
  int64_t buckets_original() const { return nbuckets_original_; }
  int64_t batches() const { return nbatch_; }
  int64_t batches_original() const { return nbatch_original_; }
  int64_t memory_kb() const { return static_cast<int64_t>((space_peak_ + 1023) / 1024); }

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override { ReScanImpl(); }

 private:
  bool HashKeys(const Datum* keys, const bool* nulls, uint32_t* hash, bool* has_null);
  void ResetTable();
  void Insert(uint32_t hash, const Datum* values, const bool* nulls);
  void StoreInTable(uint32_t hash, const Datum* values, const bool* nulls);
  void IncreaseNumBatches();
  void SetBuckets(int nbuckets);
  void RebuildBuckets();
  void NotePeak();

  std::vector<std::unique_ptr<ExprState>> keys_;
  std::vector<FmgrInfo> hash_fns_;
  std::vector<Oid> collations_;
  bool keep_null_keys_ = false;
  bool built_ = false;
  double total_rows_ = 0;

  // The table of the current batch.
  std::unique_ptr<MemoryContext> memory_;  // the rows' values
  std::vector<Entry> entries_;
  std::vector<int32_t> buckets_;
  std::vector<bool> matched_;
  int nbuckets_ = 1024;
  int log2_nbuckets_ = 10;
  int nbuckets_original_ = 1024;
  int nbuckets_optimal_ = 1024;  // one batch: buckets for one row per bucket, set after Build
  size_t space_used_ = 0;        // bytes of the rows in the table
  size_t space_allowed_ = 0;
  size_t space_peak_ = 0;  // rows plus bucket array, largest seen

  // Batches.
  int nbatch_ = 1;
  int nbatch_original_ = 1;
  int curbatch_ = 0;
  bool grow_enabled_ = true;  // off once doubling moved no row or every row
  std::unique_ptr<SpillPartitions> batches_;
  std::unique_ptr<SpillPartitions> null_key_rows_;
};

}  // namespace hyrax::executor
