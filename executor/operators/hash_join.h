// HashJoin (PostgreSQL's nodeHashjoin.c): builds the inner side's hash table (the Hash
// child), then probes it with each outer row's hash keys; candidate pairs must pass the
// hash clauses, the join qual ("Join Filter") and the other qual ("Filter"). Inner, left,
// right and full (unmatched hash-table rows come out last, NULL-extended), semi and anti
// joins. An empty outer side skips building the table, as PostgreSQL does.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/operators/hash.h"

namespace hyrax::executor {

class HashJoinOperator : public Operator {
 public:
  HashJoinOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                   OperatorPtr inner);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;

 private:
  bool StartOuter(TupleSlot* outer);
  TupleSlot* EmitUnmatched();
  TupleSlot* NextUnmatchedInner();

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
  bool outer_done_ = false;
  size_t unmatched_next_ = 0;
  TupleSlot* pending_outer_ = nullptr;  // first outer row, read before building
  bool outer_checked_ = false;
  bool need_new_outer_ = true;
  bool matched_ = false;
  bool key_null_ = false;
  std::unordered_multimap<uint32_t, size_t>::const_iterator bucket_, bucket_end_;
};

}  // namespace hyrax::executor
