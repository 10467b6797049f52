// Phases 2 and 3 of lazy VACUUM (PostgreSQL's lazy_vacuum, lazy_vacuum_all_indexes and
// lazy_vacuum_heap_rel): every index drops the entries pointing at the collected dead TIDs,
// one index after another in this process; then each heap page with dead line pointers
// gets them marked LP_UNUSED, may become all-visible, and its free space goes to the FSM.
// storage/vacuum/README.md "Phases".
#include <vector>

#include "common/interrupts.h"
#include "storage/fsm/free_space_map.h"
#include "storage/heap/heap_visibility.h"
#include "storage/page/page.h"
#include "storage/vacuum/vacuum_internal.h"
#include "storage/vm/visibility_map.h"

namespace hyrax::storage::vacuum {
namespace {

void VacuumAllIndexes(LazyVacuumState& st) {
  const DeadItems& dead = st.dead_items;
  const std::function<bool(ItemPointerData)> is_dead = [&dead](ItemPointerData tid) {
    return dead.Contains(tid);
  };
  for (size_t idx = 0; idx < st.indexes.indexes.size(); ++idx) {
    CheckForInterrupts();
    const IndexRelationInfo& index = *st.indexes.indexes[idx];
    const IndexBulkDeleteResult deleted = st.indexes.bulk_delete(index, is_dead);
    IndexVacuumStats& stats = st.result->indexes[idx];
    stats.num_pages = deleted.num_pages;
    stats.num_index_tuples = deleted.num_index_tuples;
    stats.tuples_removed += deleted.tuples_removed;
  }
  ++st.result->num_index_scans;
}

// lazy_vacuum_heap_page: `offsets` of heap page `block` become reusable.
void VacuumHeapPage(LazyVacuumState& st, BlockNumber block,
                    const std::vector<OffsetNumber>& offsets) {
  st.PinVisibilityMap(block);  // before the heap page lock
  PinnedBuffer pin = BufferManager::Read(st.rel.locator, ForkNumber::kMain, block);
  size_t free_space;
  {
    // Marking LP_DEAD items unused moves no tuple: an exclusive lock is enough.
    BufferLock lock(pin, BufferLockMode::kExclusive);
    HeapPageSetUnused(st.rel, pin, &lock, offsets);
    const PageVisibility visibility = CheckPageVisibility(st, &lock);
    if (visibility.all_visible) SetVisibilityMapBits(st, block, &lock, visibility);
    free_space = PageGetHeapFreeSpace(lock.page());
  }
  FreeSpaceMap::RecordPageWithFreeSpace(st.rel.locator, block, free_space);
}

void VacuumHeap(LazyVacuumState& st) {
  const std::vector<ItemPointerData>& items = st.dead_items.items();
  std::vector<OffsetNumber> offsets;
  size_t idx = 0;
  while (idx < items.size()) {
    CheckForInterrupts();
    const BlockNumber block = items[idx].block();
    offsets.clear();
    for (; idx < items.size() && items[idx].block() == block; ++idx) {
      offsets.push_back(items[idx].offset());
    }
    VacuumHeapPage(st, block, offsets);
  }
}

// A tuple whose xmin is frozen (or special) and that has no xmax needs no freezing ever.
bool TupleIsTotallyFrozen(const HeapTupleHeaderData* tuple) {
  return !TransactionIdIsNormal(HeapTupleHeaderGetXmin(tuple)) &&
         !TransactionIdIsValid(HeapTupleHeaderGetRawXmax(tuple));
}

}  // namespace

PageVisibility CheckPageVisibility(const LazyVacuumState& st, BufferLock* lock) {
  PageVisibility visibility;
  Page page = lock->page();
  const OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset; ++offnum) {
    const ItemIdData* item = PageGetItemId(page, offnum);
    if (item->lp_flags == kLpUnused || item->lp_flags == kLpRedirect) continue;
    if (item->lp_flags == kLpDead) return PageVisibility{false, false, kInvalidTransactionId};
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
    if (HeapTupleSatisfiesVacuum(tuple, st.oldest_xmin, lock) != HtsvResult::kLive) {
      return PageVisibility{false, false, kInvalidTransactionId};
    }
    const TransactionId xmin = HeapTupleHeaderGetXmin(tuple);
    if (!HeapXminCommitted(tuple) || !TransactionIdPrecedes(xmin, st.oldest_xmin)) {
      return PageVisibility{false, false, kInvalidTransactionId};
    }
    if (TransactionIdIsNormal(xmin) && (!TransactionIdIsValid(visibility.cutoff_xid) ||
                                        TransactionIdFollows(xmin, visibility.cutoff_xid))) {
      visibility.cutoff_xid = xmin;
    }
    if (!TupleIsTotallyFrozen(tuple)) visibility.all_frozen = false;
  }
  return visibility;
}

void VacuumIndexesAndHeap(LazyVacuumState& st) {
  if (st.dead_items.empty()) return;
  // PostgreSQL 14+ may bypass index vacuuming when few pages have dead items; we always
  // do the work (README "Deviations").
  VacuumAllIndexes(st);
  VacuumHeap(st);
  st.dead_items.Clear();
}

}  // namespace hyrax::storage::vacuum
