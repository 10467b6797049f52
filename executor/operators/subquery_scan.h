// SubqueryScan (PostgreSQL's nodeSubqueryscan.c): scans the rows of a planned FROM
// subquery, applying this level's qual and projection (scan Vars read the subplan's
// output columns).
#pragma once

#include "executor/exec/operator.h"

namespace hyrax::executor {

class SubqueryScanOperator : public Operator {
 public:
  SubqueryScanOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr subplan);

  std::vector<Operator*> extra_children() const override { return {subplan_.get()}; }

 protected:
  void OpenImpl() override { subplan_->Open(); }
  TupleSlot* NextImpl() override;
  void CloseImpl() override { subplan_->Close(); }
  void ReScanImpl() override { subplan_->ReScan(); }

 private:
  OperatorPtr subplan_;
};

}  // namespace hyrax::executor
