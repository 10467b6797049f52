// SeqScan operator (see seq_scan.h).
#include "executor/operators/seq_scan.h"

namespace hyrax::executor {

SeqScanOperator::SeqScanOperator(const nodes::Plan& plan, ExecState* estate)
    : Operator(plan, estate),
      rel_(estate->relation(nodes::PlanAs<nodes::SeqScan>(plan).scanrelid)) {
  scan_slot_ = std::make_unique<HeapTupleSlot>(rel_.desc);
  bool project = !TargetListMatchesDesc(plan.targetlist,
                                        nodes::PlanAs<nodes::SeqScan>(plan).scanrelid, *rel_.desc);
  InitResultAndQual(project);
  if (!project) SetResultDesc(rel_.desc);
}

SeqScanOperator::~SeqScanOperator() = default;

void SeqScanOperator::OpenImpl() {
  scan_ = std::make_unique<storage::HeapScan>(rel_.heap, estate_->snapshot);
}

TupleSlot* SeqScanOperator::NextImpl() {
  storage::HeapTuple tuple;
  for (;;) {
    econtext()->ResetPerTuple();
    if (!scan_->Next(&tuple)) {
      scan_slot_->Clear();
      return nullptr;
    }
    // The tuple points into the scan's pinned page, valid until the next scan call.
    scan_slot_->StoreHeapTuple(tuple, /*copy=*/false);
    econtext()->scantuple = scan_slot_.get();
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    if (!projection_) return scan_slot_.get();
    return ExecProject(projection_.get(), econtext());
  }
}

void SeqScanOperator::CloseImpl() {
  scan_slot_->Clear();
  scan_.reset();
}

void SeqScanOperator::ReScanImpl() {
  if (scan_) scan_->Rescan();
}

}  // namespace hyrax::executor
