// SeqScan (PostgreSQL's nodeSeqscan.c): a heap scan of one relation under the query's
// snapshot, with the node's qual and projection applied per tuple. Returns the scan slot
// itself when the target list is exactly the table's columns.
#pragma once

#include <memory>

#include "executor/exec/operator.h"
#include "storage/heap/heap_am.h"

namespace hyrax::executor {

class SeqScanOperator : public Operator {
 public:
  SeqScanOperator(const nodes::Plan& plan, ExecState* estate);
  ~SeqScanOperator() override;

 protected:
  void OpenImpl() override;
  TupleSlot* NextImpl() override;
  void CloseImpl() override;
  void ReScanImpl() override;

 private:
  const catalog::RelationData& rel_;
  std::unique_ptr<HeapTupleSlot> scan_slot_;
  std::unique_ptr<storage::HeapScan> scan_;
};

}  // namespace hyrax::executor
