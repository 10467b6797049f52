// IndexScan and IndexOnlyScan (PostgreSQL's nodeIndexscan.c / nodeIndexonlyscan.c): a btree
// scan with scan keys built from the plan's index quals ("column op value", the values
// computed at start and again on every rescan, so a nested loop's parameters become
// runtime keys), each returned TID (a HOT chain's root) followed in the heap to the version
// the query's snapshot sees, then the node's filter and projection; entries whose whole
// chain is dead to everyone get an LP_DEAD hint in the index. Index-only scans also read the heap
// for visibility (Hyrax does not consult the visibility map yet): every entry counts as a heap
// fetch.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "executor/exec/index_relation.h"
#include "executor/exec/operator.h"
#include "storage/btree/btree_scan.h"

namespace hyrax::executor {

class IndexScanOperator : public Operator {
 public:
  IndexScanOperator(const nodes::Plan& plan, ExecState* estate);
  ~IndexScanOperator() override;

  // Heap tuples fetched by an index-only scan (EXPLAIN ANALYZE's "Heap Fetches").
  uint64_t heap_fetches() const { return heap_fetches_; }

 protected:
  void OpenImpl() override;
  TupleSlot* NextImpl() override;
  void CloseImpl() override;
  void ReScanImpl() override;
  bool SupportsMarkRestore() const override { return true; }
  void MarkPosImpl() override;
  void RestrPosImpl() override;

 private:
  // One index qual: the column, strategy and comparator fixed at start; the value
  // evaluated per (re)scan.
  struct KeyTemplate {
    int attno = 1;  // 1-based index column
    storage::BtStrategy strategy = storage::BtStrategy::kEqual;
    uint8_t flags = 0;  // IS [NOT] NULL
    std::unique_ptr<ExprState> value;
    storage::BtreeCompareFn compare;  // cross-type comparison, or empty
  };
  void AddKey(const nodes::ExprPtr& qual);
  void StartScan();

  const catalog::RelationData& rel_;
  OpenIndexPtr index_;
  bool index_only_ = false;
  storage::ScanDirection direction_ = storage::ScanDirection::kForward;
  std::vector<KeyTemplate> keys_;
  std::vector<std::unique_ptr<FmgrInfo>> compare_fns_;
  ExprContext key_context_;  // holds the key values of the current scan
  std::unique_ptr<storage::BtreeScan> scan_;
  storage::DeadHorizon horizon_;  // judges dead HOT chains; reset per (re)scan
  std::unique_ptr<HeapTupleSlot> scan_slot_;
  bool need_start_ = true;
  uint64_t heap_fetches_ = 0;
};

}  // namespace hyrax::executor
