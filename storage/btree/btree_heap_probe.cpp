// The heap probe for unique checks (PostgreSQL's heap_hot_search with SnapshotDirty, as
// used by _bt_check_unique): a dirty snapshot sees committed and in-progress versions of
// the entry's HOT chain and names the in-progress inserter or deleter; a chain dead to
// everyone is reported so the entry can be marked dead. README "Unique checks".
#include "storage/btree/btree.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {

HeapProbeFn MakeHeapUniqueProbe(const HeapRelation& heap) {
  return [heap, horizon = DeadHorizon()](ItemPointerData heap_tid) mutable {
    SnapshotData dirty;
    dirty.kind = SnapshotKind::kDirty;
    HeapTuple tuple;
    bool all_dead = false;
    if (!HeapHotFetch(heap, &dirty, heap_tid, &tuple, &horizon, &all_dead)) {
      HeapProbeResult dead;
      dead.all_dead = all_dead;
      return dead;
    }
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
