// Agg (PostgreSQL's nodeAgg.c): plain (one row over all input), sorted (input ordered on
// the group columns; one row per run of equal keys) and hashed (hash table of groups)
// aggregation. Aggref expressions in the target list and HAVING qual read the group's
// finished values by Aggref::aggno; other Vars read the group's first input row.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/operators/agg_trans.h"

namespace hyrax::executor {

class AggOperator : public Operator {
 public:
  AggOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);
  ~AggOperator() override;

  // Hash table memory in kB (EXPLAIN ANALYZE "Memory Usage"), 0 before it is built.
  int64_t hash_memory_kb() const { return hash_memory_kb_; }

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;

 private:
  struct Group;
  TupleSlot* NextPlainOrSorted();
  TupleSlot* NextHashed();
  void BuildHashTable();
  void StartGroup(Group* group);
  void AdvanceGroup(Group* group, TupleSlot* input, MemoryContext* memory);
  // Finalizes `group` and evaluates HAVING/projection; nullptr when HAVING rejects it.
  TupleSlot* EmitGroup(Group* group, MemoryContext* memory);
  bool SameGroup(TupleSlot* a, TupleSlot* b);
  uint32_t HashGroupKey(TupleSlot* slot);

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

  // Hashed state.
  std::vector<std::unique_ptr<Group>> hash_groups_;  // in insertion order
  std::unordered_multimap<uint32_t, Group*> hash_index_;
  std::unique_ptr<MemoryContext> hash_memory_;
  size_t hash_next_ = 0;
  bool hash_built_ = false;
  int64_t hash_memory_kb_ = 0;
};

}  // namespace hyrax::executor
