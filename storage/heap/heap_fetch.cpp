// Fetching one tuple version by ctid (PostgreSQL's heap_fetch) and following an update
// chain to its newest visible version (heap_get_latest_tid).
// storage/heap/README.md "Fetch and update chains".
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_visibility.h"

namespace hyrax::storage {

bool HeapFetch(const HeapRelation& rel, Snapshot snapshot, ItemPointerData tid, HeapTuple* out) {
  PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, tid.block());
  HeapPagePruneOpt(rel, pin);
  BufferLock lock(pin, BufferLockMode::kShare);
  HeapTuple tuple;
  if (!heapam::TupleAtOffset(lock.page(), tid.block(), tid.offset(), rel.oid, &tuple)) {
    return false;
  }
  if (!HeapTupleSatisfiesVisibility(tuple.data, *snapshot, &lock)) return false;
  *out = HeapCopyTuple(tuple);
  return true;
}

bool HeapGetLatestTid(const HeapRelation& rel, Snapshot snapshot, ItemPointerData* tid) {
  // The tid may come from the user (currtid): don't trust it to be inside the relation.
  if (tid->block() >= BufferManager::NumBlocks(rel.locator, ForkNumber::kMain)) return false;
  ItemPointerData ctid = *tid;
  TransactionId prior_xmax = kInvalidTransactionId;
  bool found = false;
  for (;;) {
    PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, ctid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    HeapTuple tuple;
    if (!heapam::TupleAtOffset(lock.page(), ctid.block(), ctid.offset(), rel.oid, &tuple)) break;
    // After following a link we may land on an unrelated tuple that reused the slot.
    if (TransactionIdIsValid(prior_xmax) && prior_xmax != HeapTupleHeaderGetXmin(tuple.data)) {
      break;
    }
    if (HeapTupleSatisfiesVisibility(tuple.data, *snapshot, &lock)) {
      *tid = ctid;
      found = true;
    }
    const HeapTupleHeaderData* tup = tuple.data;
    if ((tup->t_infomask & kHeapXmaxInvalid) || HeapTupleHeaderIsOnlyLocked(tup) ||
        tup->t_ctid == tuple.self) {
      break;
    }
    ctid = tup->t_ctid;
    prior_xmax = HeapTupleHeaderGetUpdateXid(tup);
  }
  return found;
}

}  // namespace hyrax::storage
