// HOT chains seen from an index (PostgreSQL's heap_hot_search_buffer, heap_get_root_tuples
// and heapam_index_fetch_tuple): an index entry names a chain's root line pointer; readers
// follow a redirect and the HOT links on that page to the member their snapshot sees, and
// learn on the way whether the whole chain is dead to everyone (the index entry can then be
// marked LP_DEAD). storage/heap/README.md "HOT".
#include "common/assert.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_visibility.h"
#include "storage/txn/proc_array.h"

namespace hyrax::storage {

TransactionId DeadHorizon::Get() {
  if (!TransactionIdIsValid(xmin_)) xmin_ = ProcArray::GetOldestXmin();
  return xmin_;
}

namespace heapam {

OffsetNumber SearchHotChain(Page page, BlockNumber block, OffsetNumber root,
                            const SnapshotData* snapshot, BufferLock* lock, DeadHorizon* horizon,
                            bool* all_dead) {
  if (all_dead != nullptr) *all_dead = true;
  const OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  TransactionId prior_xmax = kInvalidTransactionId;
  bool at_chain_start = true;
  OffsetNumber offnum = root;
  // A chain has at most one member per line pointer; the bound only guards against a
  // corrupt cycle.
  for (int steps = 0; steps <= kMaxHeapTuplesPerPage; ++steps) {
    if (offnum < kFirstOffsetNumber || offnum > max_offset) break;
    const ItemIdData* item = PageGetItemId(page, offnum);
    if (item->lp_flags != kLpNormal) {
      // Only a root may redirect; a dead or unused slot ends the chain.
      if (item->lp_flags == kLpRedirect && at_chain_start) {
        offnum = static_cast<OffsetNumber>(item->lp_off);
        at_chain_start = false;
        continue;
      }
      break;
    }
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
    // A heap-only tuple at the start means the root slot was freed and reused.
    if (at_chain_start && HeapTupleHeaderIsHeapOnly(tuple)) break;
    if (TransactionIdIsValid(prior_xmax) && prior_xmax != HeapTupleHeaderGetRawXmin(tuple)) break;
    if (snapshot != nullptr && HeapTupleSatisfiesVisibility(tuple, *snapshot, lock)) {
      if (all_dead != nullptr) *all_dead = false;
      return offnum;
    }
    if (all_dead != nullptr && *all_dead &&
        HeapTupleSatisfiesVacuum(tuple, horizon->Get(), lock) != HtsvResult::kDead) {
      *all_dead = false;
    }
    if (!HeapTupleHeaderIsHotUpdated(tuple)) break;
    if (tuple->t_ctid.block() != block) break;  // HOT links never leave the page
    prior_xmax = HeapTupleHeaderGetUpdateXid(tuple);
    offnum = tuple->t_ctid.offset();
    at_chain_start = false;
  }
  return kInvalidOffsetNumber;
}

}  // namespace heapam

bool HeapHotFetch(const HeapRelation& rel, Snapshot snapshot, ItemPointerData tid, HeapTuple* out,
                  DeadHorizon* horizon, bool* all_dead) {
  PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, tid.block());
  HeapPagePruneOpt(rel, pin);
  BufferLock lock(pin, BufferLockMode::kShare);
  const OffsetNumber found = heapam::SearchHotChain(lock.page(), tid.block(), tid.offset(),
                                                    snapshot, &lock, horizon, all_dead);
  if (found == kInvalidOffsetNumber) return false;
  HeapTuple tuple;
  HYRAX_CHECK(heapam::TupleAtOffset(lock.page(), tid.block(), found, rel.oid, &tuple),
              "HOT chain member vanished");
  *out = HeapCopyTuple(tuple);
  return true;
}

void HeapGetRootTuples(const char* page, BlockNumber block, std::vector<OffsetNumber>* roots) {
  const OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  roots->assign(size_t{max_offset} + 1, kInvalidOffsetNumber);
  for (OffsetNumber root = kFirstOffsetNumber; root <= max_offset; ++root) {
    const ItemIdData* item = PageGetItemId(page, root);
    OffsetNumber offnum;
    if (item->lp_flags == kLpRedirect) {
      offnum = static_cast<OffsetNumber>(item->lp_off);
    } else if (item->lp_flags == kLpNormal) {
      const auto* tuple = reinterpret_cast<const HeapTupleHeaderData*>(PageGetItem(page, item));
      // Heap-only tuples are reached from their root below.
      if (HeapTupleHeaderIsHeapOnly(tuple)) continue;
      offnum = root;
    } else {
      continue;
    }
    TransactionId prior_xmax = kInvalidTransactionId;
    for (int steps = 0; steps <= kMaxHeapTuplesPerPage; ++steps) {
      if (offnum < kFirstOffsetNumber || offnum > max_offset) break;
      const ItemIdData* member = PageGetItemId(page, offnum);
      if (member->lp_flags != kLpNormal) break;
      const auto* tuple = reinterpret_cast<const HeapTupleHeaderData*>(PageGetItem(page, member));
      if (TransactionIdIsValid(prior_xmax) && prior_xmax != HeapTupleHeaderGetRawXmin(tuple)) {
        break;
      }
      (*roots)[offnum] = root;
      if (!HeapTupleHeaderIsHotUpdated(tuple) || tuple->t_ctid.block() != block) break;
      prior_xmax = HeapTupleHeaderGetUpdateXid(tuple);
      offnum = tuple->t_ctid.offset();
    }
  }
}

}  // namespace hyrax::storage
