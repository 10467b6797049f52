// HashJoin (PostgreSQL's nodeHashjoin.c): builds the inner side's hash table (the Hash
// child), then probes it with each outer row's hash keys; candidate pairs must pass the
// hash clauses, the join qual ("Join Filter") and the other qual ("Filter"). Inner, left,
// right and full (unmatched hash-table rows come out after each batch, inner rows with a NULL
// key after the last one, NULL-extended), semi and anti joins. With several batches (hash.h), outer
// rows of later batches are saved to outer batch files; after the outer side, each later batch is
// loaded into the table and probed with its saved outer rows (PostgreSQL's ExecHashJoinNewBatch).
// An empty outer side skips building the table, and an empty table ends a join that needs no outer
// rows, as PostgreSQL does.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/exec/spill_partitions.h"
#include "executor/operators/hash.h"

namespace hyrax::executor {

class HashJoinOperator : public Operator {
 public:
  HashJoinOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                   OperatorPtr inner);
  ~HashJoinOperator() override;

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;

 private:
  enum class Phase { kStart, kProbe, kUnmatchedInner, kNextBatch, kNullKeyInner, kDone };

  // The next outer row of the current batch with its hash, or nullptr; NULL-keyed rows of a
  // join that fills outer rows come back with *key_null set.
  TupleSlot* NextOuter(uint32_t* hash, bool* key_null);
  bool HashOuterKeys(TupleSlot* outer, uint32_t* hash);
  void SaveOuter(int batchno, uint32_t hash, TupleSlot* outer);
  bool StartNextBatch();
  TupleSlot* EmitUnmatched();
  TupleSlot* NextUnmatchedInner();
  TupleSlot* EmitNullExtendedInner();
  TupleSlot* NextNullKeyInner();
  TupleSlot* Probe();

  const nodes::HashJoin& join_;
  HashOperator* hash_;
  std::unique_ptr<ExprState> hashclauses_;
  std::unique_ptr<ExprState> joinqual_;
  std::vector<std::unique_ptr<ExprState>> outer_keys_;
  std::vector<FmgrInfo> outer_hash_fns_;
  std::vector<Oid> collations_;
  std::unique_ptr<TupleSlot> inner_slot_;
  std::unique_ptr<TupleSlot> null_inner_;
  std::unique_ptr<TupleSlot> null_outer_;  // RIGHT and FULL joins
  bool fill_outer_ = false;                // LEFT, FULL, ANTI: unmatched outer rows come out
  bool fill_inner_ = false;                // RIGHT, FULL: unmatched hash-table rows come out
  Phase phase_ = Phase::kStart;
  size_t unmatched_next_ = 0;
  TupleSlot* pending_outer_ = nullptr;  // first outer row, read before building
  bool need_new_outer_ = true;
  bool matched_ = false;
  uint32_t outer_hash_ = 0;
  int32_t next_entry_ = -1;  // next hash-table entry to try for the current outer row

  // Outer rows of later batches.
  std::unique_ptr<SpillPartitions> outer_batches_;
  int nbatch_outstart_ = 1;  // the batch count when the outer side was first read
  std::unique_ptr<SpillPartitions::Reader> outer_reader_;  // batches after the first
  std::unique_ptr<SpillPartitions::Reader> null_key_reader_;
  MemoryContext null_key_memory_{"HashJoin NULL-keyed inner"};
  std::unique_ptr<TupleSlot> saved_outer_;  // a row read back from a batch file
  MemoryContext saved_outer_memory_{"HashJoin saved outer"};
};

}  // namespace hyrax::executor
