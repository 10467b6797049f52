// Recursive Union (PostgreSQL's nodeRecursiveunion.c), the plan of WITH RECURSIVE: returns
// the non-recursive term's rows (outer), keeping them as the working table; then runs the
// recursive term (inner), whose WorkTable Scan reads the working table, returning its rows
// and collecting them as the next working table; repeats until a round returns nothing.
// UNION (dup keys present) drops rows equal to any row returned before, by hashing. The
// tables and the hash set are in memory (they do not spill past work_mem).
#pragma once

#include <memory>

#include "executor/exec/operator.h"
#include "executor/exec/tuple_hash_set.h"
#include "executor/exec/tuple_store.h"

namespace hyrax::executor {

class RecursiveUnionOperator : public Operator {
 public:
  RecursiveUnionOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                         OperatorPtr inner);

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;

 private:
  // False when UNION has returned an equal row before.
  bool IsNew(TupleSlot* slot) { return !seen_ || seen_->Insert(slot); }

  TupleStore working_;                  // rows of the previous round: what the WorkTable Scan reads
  TupleStore intermediate_;             // rows of the current round
  std::unique_ptr<TupleHashSet> seen_;  // UNION only
  bool recursing_ = false;              // the non-recursive term is done
};

}  // namespace hyrax::executor
