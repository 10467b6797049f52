// SetOp (PostgreSQL's nodeSetOp.c): INTERSECT [ALL] / EXCEPT [ALL] over an Append whose
// rows carry a flag column saying which input they came from. Hashed: a hash table of the
// groups of the first input with per-input counts; sorted: the input is sorted on the
// columns and each run of equal rows is one group. Each group returns 0, 1 or n copies.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

class SetOpOperator : public Operator {
 public:
  SetOpOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer);
  ~SetOpOperator() override;

 protected:
  TupleSlot* NextImpl() override;
  void ReScanImpl() override;
  void CloseImpl() override;

 private:
  struct Group {
    std::unique_ptr<TupleSlot> first;
    int64_t num_left = 0;   // rows from the first input
    int64_t num_right = 0;  // rows from the second input
  };
  bool SameGroup(TupleSlot* a, TupleSlot* b);
  uint32_t HashKey(TupleSlot* slot);
  bool IsFirstInput(TupleSlot* slot);
  // How many copies of a group the command returns.
  int64_t OutputCount(const Group& g) const;
  void BuildHashTable();
  // Sorted mode: reads the next run of equal rows into current_; false at the end.
  bool NextSortedGroup();

  const nodes::SetOp& setop_;
  std::vector<FmgrInfo> eq_fns_;
  std::vector<FmgrInfo> hash_fns_;
  std::vector<std::unique_ptr<Group>> groups_;  // hashed: in insertion order
  std::unordered_multimap<uint32_t, Group*> index_;
  size_t next_group_ = 0;
  bool built_ = false;
  Group current_;                       // sorted mode
  std::unique_ptr<TupleSlot> pending_;  // sorted mode: first row of the next group
  bool have_pending_ = false;
  bool input_done_ = false;
  Group* emitting_ = nullptr;
  int64_t copies_left_ = 0;
};

}  // namespace hyrax::executor
