// The heap probe for unique checks (PostgreSQL's heap_hot_search with SnapshotDirty, as
// used by _bt_check_unique): a dirty snapshot sees committed and in-progress versions and
// names the in-progress inserter or deleter. README "Unique checks".
#include "storage/btree/btree.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {

HeapProbeFn MakeHeapUniqueProbe(const HeapRelation& heap) {
  return [heap](ItemPointerData heap_tid) {
    SnapshotData dirty;
    dirty.kind = SnapshotKind::kDirty;
    HeapTuple tuple;
    if (!HeapFetch(heap, &dirty, heap_tid, &tuple)) return HeapProbeResult{};
    // Someone is still inserting or deleting it: the caller waits and checks again.
    if (TransactionIdIsValid(dirty.dirty_xmin)) {
      return HeapProbeResult{HeapProbeStatus::kInProgress, dirty.dirty_xmin};
    }
    if (TransactionIdIsValid(dirty.dirty_xmax)) {
      return HeapProbeResult{HeapProbeStatus::kInProgress, dirty.dirty_xmax};
    }
    return HeapProbeResult{HeapProbeStatus::kLive, kInvalidTransactionId};
  };
}

}  // namespace hyrax::storage
