// Agg (PostgreSQL's nodeAgg.c): plain (one row over all input), sorted (input ordered on
// the group columns; one row per run of equal keys) and hashed (hash table of groups)
// aggregation. Aggref expressions in the target list and HAVING qual read the group's
// finished values by Aggref::aggno; other Vars read the group's first input row.
// The hashed strategy (agg_hash.cpp) spills past hash_mem as PostgreSQL 13+ does: once the
// table is full, rows of new groups go to partition files by hash bits, and each partition
// is aggregated afterwards as a batch of its own (spilling again, on further bits, if needed).
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/exec/spill_partitions.h"
#include "executor/operators/agg_trans.h"

namespace hyrax::executor {

class AggOperator : public Operator {
 public:
  AggOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);
  ~AggOperator() override;

  // EXPLAIN of the hashed strategy (PostgreSQL's show_hashagg_info): partitions planned from
  // the estimates; after running, batches processed, peak memory and disk written in kB.
  int planned_partitions() const { return planned_partitions_; }
  int64_t hash_batches() const { return hash_batches_used_; }
  int64_t hash_memory_kb() const { return static_cast<int64_t>((hash_mem_peak_ + 1023) / 1024); }
  int64_t hash_disk_kb() const { return static_cast<int64_t>((hash_disk_used_ + 1023) / 1024); }

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;

 private:
  struct Group;
  struct HashGroup;
  struct HashBatch;
  using TransValues = std::vector<AggTransValue>;
  TupleSlot* NextPlainOrSorted();
  void StartGroup(TransValues* trans);
  void AdvanceGroup(TransValues* trans, TupleSlot* input, MemoryContext* memory);
  // Finalizes a group and evaluates HAVING/projection with `first` as the group's row;
  // nullptr when HAVING rejects it.
  TupleSlot* EmitGroup(TransValues* trans, TupleSlot* first, MemoryContext* memory);
  bool SameGroup(TupleSlot* a, TupleSlot* b);

  // Hashed strategy (agg_hash.cpp).
  void InitHashStrategy();
  TupleSlot* NextHashed();
  uint32_t HashGroupKey(TupleSlot* slot);
  void BeginHashPass(int used_bits, double input_groups);
  void ConsumeHashRow(TupleSlot* row, uint32_t hash);
  HashGroup* LookupHashGroup(uint32_t hash, TupleSlot* row);
  HashGroup* AddHashGroup(uint32_t hash, TupleSlot* row);
  bool RowInGroup(const HashGroup& group, TupleSlot* row);
  void GrowHashBuckets();
  size_t HashMemoryUsed() const;
  void SpillRow(TupleSlot* row, uint32_t hash);
  void FinishHashPass();
  bool StartNextHashBatch();
  void ResetHashState();

  const nodes::Agg& agg_;
  std::vector<std::unique_ptr<AggTransInfo>> aggs_;  // by aggno
  std::vector<Datum> agg_values_;
  std::unique_ptr<bool[]> agg_nulls_;
  std::vector<FmgrInfo> eq_fns_;
  std::vector<FmgrInfo> hash_fns_;
  std::vector<Oid> group_collations_;

  // Plain / sorted state.
  std::unique_ptr<Group> current_;
  std::unique_ptr<TupleSlot> pending_;  // first row of the next group (sorted)
  MemoryContext group_memory_{"AggContext"};
  bool input_done_ = false;
  bool finished_ = false;

  // Hashed state: the groups of the current pass (the input, then one batch at a time).
  std::vector<HashGroup> hash_groups_;          // in insertion order
  std::vector<int32_t> hash_buckets_;           // first group of each bucket, -1 when empty
  std::unique_ptr<MemoryContext> hash_memory_;  // group rows and transition states
  std::unique_ptr<TupleSlot> hash_row_slot_;    // a group's row, for HAVING and projection
  size_t hash_next_ = 0;
  bool hash_built_ = false;
  size_t hash_entry_size_ = 0;  // PostgreSQL's hash_agg_entry_size
  size_t hash_mem_limit_ = 0;
  size_t hash_group_bytes_ = 0;  // memory of the groups outside hash_memory_
  int planned_partitions_ = 0;
  // Spilling (PostgreSQL's hash_spill): partitions of the current pass and the batches
  // left to aggregate.
  bool hash_spilling_ = false;
  int hash_used_bits_ = 0;
  int spill_partition_bits_ = 0;
  std::shared_ptr<SpillPartitions> spill_;
  std::vector<HashBatch> hash_batches_;
  std::unique_ptr<SpillPartitions::Reader> batch_reader_;
  std::shared_ptr<SpillPartitions> batch_source_;  // keeps the reader's file open
  std::unique_ptr<TupleSlot> batch_row_slot_;
  MemoryContext batch_row_memory_{"HashAgg batch row"};
  int64_t hash_batches_used_ = 0;
  size_t hash_mem_peak_ = 0;
  uint64_t hash_disk_used_ = 0;
};

}  // namespace hyrax::executor
