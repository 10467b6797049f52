// Materialize (PostgreSQL's nodeMaterial.c): stores its input's rows as they are read, so a
// rescan (the inner side of a nested loop) replays them without re-running the input, and a
// merge join can return to a marked row.
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/operator.h"
#include "executor/exec/tuple_store.h"

namespace hyrax::executor {

class MaterialOperator : public Operator {
 public:
  // `params_below`: the PARAM_EXEC slots the input's expressions read.
  MaterialOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer,
                   std::vector<int> params_below = {});

 protected:
  TupleSlot* NextImpl() override;
  // Replays the stored rows, unless a parameter the input reads has changed since they were
  // read: then they are dropped and the input is rescanned (PostgreSQL's ExecReScanMaterial
  // with chgParam), e.g. inside a correlated SubPlan.
  void ReScanImpl() override;
  bool SupportsMarkRestore() const override { return true; }
  void MarkPosImpl() override { mark_ = next_; }
  void RestrPosImpl() override { next_ = mark_; }
  bool RescanChildren() const override { return false; }
  void CloseImpl() override;

 private:
  TupleStore rows_;
  std::unique_ptr<TupleSlot> out_slot_;
  size_t next_ = 0;  // index of the row the next Next() returns
  size_t mark_ = 0;
  bool input_done_ = false;
  std::vector<int> params_below_;
  std::vector<uint64_t> param_changes_;  // params_below_'s `changes` when reading began
  bool reading_started_ = false;
};

}  // namespace hyrax::executor
