// Phase 1 of lazy VACUUM (PostgreSQL's lazy_scan_heap / lazy_scan_skip / lazy_scan_prune):
// every page not skipped through the visibility map is pruned under a cleanup lock, its
// tuples classified against the horizon, old xids frozen, dead line pointers collected for
// the index pass, and the page marked all-visible (and all-frozen) when it qualifies.
// storage/vacuum/README.md "Phases".
#include <vector>

#include "common/interrupts.h"
#include "common/notice.h"
#include "common/page_layout.h"
#include "storage/fsm/free_space_map.h"
#include "storage/heap/heap_visibility.h"
#include "storage/page/page.h"
#include "storage/vacuum/vacuum_internal.h"
#include "storage/vm/visibility_map.h"

namespace hyrax::storage::vacuum {
namespace {

// Runs of skippable pages shorter than this are read anyway: skipping a few pages defeats
// the kernel's readahead and would stop relfrozenxid from advancing for little gain
// (PostgreSQL's SKIP_PAGES_THRESHOLD).
constexpr BlockNumber kSkipPagesThreshold = 32;

struct SkipRange {
  BlockNumber next_unskippable = 0;
  bool next_all_visible = false;  // the VM's ALL_VISIBLE bit of next_unskippable
  bool skipping = false;          // skip the pages before next_unskippable
};

// PostgreSQL's lazy_scan_skip: the next page that must be read from `next_block` on. The last
// page is always read (truncation must know whether it holds tuples).
SkipRange FindNextUnskippable(LazyVacuumState& st, BlockNumber next_block) {
  SkipRange range;
  bool skips_all_visible = false;
  BlockNumber block = next_block;
  for (; block < st.rel_pages; ++block) {
    const uint8_t bits = VisibilityMap::GetStatus(st.rel.locator, block, &st.vm_pin);
    range.next_all_visible = (bits & kVmAllVisible) != 0;
    if (!range.next_all_visible) break;
    if (block == st.rel_pages - 1 || st.options.disable_page_skipping) break;
    if ((bits & kVmAllFrozen) == 0) {
      // An aggressive VACUUM must see every page that may hold unfrozen xids.
      if (st.aggressive) break;
      skips_all_visible = true;
    }
  }
  range.next_unskippable = block;
  range.skipping = block - next_block >= kSkipPagesThreshold;
  if (range.skipping && skips_all_visible) st.skipped_all_visible = true;
  return range;
}

// What phase 1 found on one page.
struct PageScan {
  bool retry = false;       // a tuple died after pruning: prune again
  bool has_tuples = false;  // keeps a line pointer that will survive (truncation)
  PageVisibility visibility;
  std::vector<OffsetNumber> dead_offsets;  // LP_DEAD line pointers
  std::vector<HeapFreezePlan> freeze_plans;
  int64_t live = 0, recently_dead = 0, missed_dead = 0;
};

// The xids a tuple keeps after `plan` is applied bound the new relfrozenxid.
void NoteRemainingXids(LazyVacuumState& st, const HeapFreezePlan& plan,
                       const HeapTupleHeaderData* tuple) {
  if ((plan.t_infomask & kHeapXminFrozen) != kHeapXminFrozen) {
    st.NoteUnfrozenXid(HeapTupleHeaderGetRawXmin(tuple));
  }
  st.NoteUnfrozenXid(plan.xmax);
}

// A live tuple keeps the page all-visible only when its inserter committed before every
// running snapshot began.
void CheckLiveTuple(const LazyVacuumState& st, const HeapTupleHeaderData* tuple,
                    PageVisibility* visibility) {
  if (!visibility->all_visible) return;
  const TransactionId xmin = HeapTupleHeaderGetXmin(tuple);
  if (!HeapXminCommitted(tuple) || !TransactionIdPrecedes(xmin, st.oldest_xmin)) {
    visibility->all_visible = false;
    return;
  }
  if (TransactionIdIsNormal(xmin) && (!TransactionIdIsValid(visibility->cutoff_xid) ||
                                      TransactionIdFollows(xmin, visibility->cutoff_xid))) {
    visibility->cutoff_xid = xmin;
  }
}

// Classifies every item of the (pruned, unless `pruned` is false) page and plans freezing.
PageScan ClassifyTuples(LazyVacuumState& st, BufferLock* lock, bool can_retry) {
  PageScan scan;
  Page page = lock->page();
  const OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset; ++offnum) {
    ItemIdData* item = PageGetItemId(page, offnum);
    if (item->lp_flags == kLpUnused) continue;
    if (item->lp_flags == kLpDead) {
      scan.dead_offsets.push_back(offnum);
      continue;
    }
    scan.has_tuples = true;
    if (item->lp_flags == kLpRedirect) continue;  // a pruned HOT chain's root: index entries use it
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
    switch (HeapTupleSatisfiesVacuum(tuple, st.oldest_xmin, lock)) {
      case HtsvResult::kDead:
        // Its inserter aborted after pruning looked, or we could not prune at all.
        if (can_retry) {
          scan.retry = true;
          return scan;
        }
        ++scan.missed_dead;
        scan.visibility.all_visible = false;
        st.NoteUnfrozenXid(HeapTupleHeaderGetRawXmin(tuple));
        st.NoteUnfrozenXid(HeapTupleHeaderGetRawXmax(tuple));
        continue;  // dead tuples are never frozen
      case HtsvResult::kLive:
        ++scan.live;
        CheckLiveTuple(st, tuple, &scan.visibility);
        break;
      case HtsvResult::kRecentlyDead:
        ++scan.recently_dead;
        scan.visibility.all_visible = false;
        break;
      case HtsvResult::kInsertInProgress:
        // Not counted: the inserter's commit will count it (PostgreSQL's choice).
        scan.visibility.all_visible = false;
        break;
      case HtsvResult::kDeleteInProgress:
        ++scan.live;
        scan.visibility.all_visible = false;
        break;
    }
    HeapFreezePlan plan;
    bool totally_frozen = false;
    if (HeapPrepareFreezeTuple(tuple, st.freeze_limit, &plan, &totally_frozen)) {
      plan.offnum = offnum;
      scan.freeze_plans.push_back(plan);
    }
    if (!totally_frozen) scan.visibility.all_frozen = false;
    NoteRemainingXids(st, plan, tuple);
  }
  return scan;
}

void AddCounts(LazyVacuumState& st, const PageScan& scan) {
  VacuumResult& r = *st.result;
  r.live_tuples += scan.live;
  r.recently_dead_tuples += scan.recently_dead;
  r.missed_dead_tuples += scan.missed_dead;
  if (scan.missed_dead > 0) ++r.missed_dead_pages;
}

// Repairs a visibility map that claims more than the page (PostgreSQL warns the same way).
void FixVisibilityMapMismatch(LazyVacuumState& st, BlockNumber block, BufferLock* lock,
                              bool dead_items_left) {
  Page page = lock->page();
  const bool page_flag = (GetPageHeader(page)->pd_flags & kPdAllVisible) != 0;
  if (page_flag && dead_items_left) {
    EmitNotice(Severity::kWarning, errcode::kInternalError,
               fmt::format("page containing LP_DEAD items is marked as all-visible in relation "
                           "\"{}\" page {}",
                           st.rel.name, block));
    GetPageHeader(page)->pd_flags &= static_cast<uint16_t>(~kPdAllVisible);
    lock->MarkDirty();
    VisibilityMap::Clear(st.vm_pin, block, kVmValidBits);
  } else if (!page_flag && VisibilityMap::Clear(st.vm_pin, block, kVmValidBits)) {
    EmitNotice(Severity::kWarning, errcode::kInternalError,
               fmt::format("page is not marked all-visible but visibility map bit is set in "
                           "relation \"{}\" page {}",
                           st.rel.name, block));
  }
}

// lazy_scan_prune for one page holding line pointers. Returns whether dead line pointers
// wait for the index pass (the page's free space is then recorded after it).
bool ScanPageTuples(LazyVacuumState& st, const PinnedBuffer& pin, BufferLock* lock, bool cleanup,
                    BlockNumber block) {
  PageScan scan;
  for (int attempt = 0;; ++attempt) {
    if (cleanup) {
      st.result->tuples_deleted += HeapPagePrune(st.rel, pin, lock, st.oldest_xmin);
    }
    scan = ClassifyTuples(st, lock, cleanup && attempt == 0);
    if (!scan.retry) break;
  }
  AddCounts(st, scan);
  if (!scan.freeze_plans.empty()) {
    HeapFreezeExecute(st.rel, pin, lock, st.freeze_limit, scan.freeze_plans);
    st.result->tuples_frozen += static_cast<int64_t>(scan.freeze_plans.size());
  }
  if (scan.has_tuples) st.nonempty_pages = block + 1;

  bool dead_items_left = false;
  if (!scan.dead_offsets.empty()) {
    ++st.result->lpdead_item_pages;
    st.result->lpdead_items += static_cast<int64_t>(scan.dead_offsets.size());
    if (st.indexes.indexes.empty()) {
      // No index can point at them: reusable at once (PostgreSQL's one-pass strategy).
      HeapPageSetUnused(st.rel, pin, lock, scan.dead_offsets);
    } else {
      st.dead_items.AddPage(block, scan.dead_offsets);
      dead_items_left = true;
      scan.visibility.all_visible = false;
    }
  }
  if (scan.visibility.all_visible) {
    SetVisibilityMapBits(st, block, lock, scan.visibility);
  } else {
    FixVisibilityMapMismatch(st, block, lock, dead_items_left);
  }
  return dead_items_left;
}

// One page of phase 1, from pinning to recording its free space.
void ScanPage(LazyVacuumState& st, BlockNumber block) {
  st.PinVisibilityMap(block);  // I/O before the heap page is locked
  PinnedBuffer pin = BufferManager::Read(st.rel.locator, ForkNumber::kMain, block);
  size_t free_space = 0;
  bool dead_items_left = false;
  {
    BufferLock lock;
    // Without the cleanup lock (another backend holds a pin) the page is not pruned, but
    // still frozen and examined under an exclusive lock (PostgreSQL's lazy_scan_noprune
    // does less, under a share lock; README "Deviations").
    const bool cleanup = BufferLock::ConditionalCleanupLock(pin, &lock);
    if (!cleanup) lock = BufferLock(pin, BufferLockMode::kExclusive);
    Page page = lock.page();
    if (PageIsNew(page)) {
      // Extended but never written before a crash: free, and left for an inserter to
      // initialise (as PostgreSQL does).
      free_space = kBlockSize - page_layout::kHeaderSize;
    } else if (PageGetMaxOffsetNumber(page) == 0) {
      // Empty: trivially all-visible and all-frozen.
      SetVisibilityMapBits(st, block, &lock, PageVisibility{});
      free_space = PageGetHeapFreeSpace(page);
    } else {
      dead_items_left = ScanPageTuples(st, pin, &lock, cleanup, block);
      free_space = PageGetHeapFreeSpace(page);
    }
  }
  // With dead line pointers left, the second heap pass records the space it frees.
  if (!dead_items_left) {
    FreeSpaceMap::RecordPageWithFreeSpace(st.rel.locator, block, free_space);
  }
}

}  // namespace

const PinnedBuffer& LazyVacuumState::PinVisibilityMap(BlockNumber heap_block) {
  const BlockNumber map_block = VisibilityMap::Locate(heap_block).map_block;
  if (!vm_pin.valid() || vm_pin.block() != map_block) {
    vm_pin.Reset();
    vm_pin = VisibilityMap::Pin(rel.locator, heap_block, /*extend=*/true);
  }
  return vm_pin;
}

void LazyVacuumState::NoteUnfrozenXid(TransactionId xid) {
  if (TransactionIdIsNormal(xid) && TransactionIdPrecedes(xid, new_relfrozenxid)) {
    new_relfrozenxid = xid;
  }
}

void SetVisibilityMapBits(LazyVacuumState& st, BlockNumber block, BufferLock* lock,
                          const PageVisibility& visibility) {
  const uint8_t flags =
      static_cast<uint8_t>(kVmAllVisible | (visibility.all_frozen ? kVmAllFrozen : 0));
  const uint8_t before = VisibilityMap::GetStatus(st.rel.locator, block, &st.vm_pin);
  // Frozen tuples conflict with no standby snapshot: no cutoff (PostgreSQL does the same).
  const TransactionId cutoff =
      visibility.all_frozen ? kInvalidTransactionId : visibility.cutoff_xid;
  if (!VisibilityMap::Set(st.rel.locator, block, lock, st.vm_pin, cutoff, flags)) return;
  if ((before & kVmAllVisible) == 0) ++st.result->pages_set_all_visible;
  if (visibility.all_frozen && (before & kVmAllFrozen) == 0) ++st.result->pages_set_all_frozen;
}

void ScanHeap(LazyVacuumState& st) {
  SkipRange range = FindNextUnskippable(st, 0);
  for (BlockNumber block = 0; block < st.rel_pages; ++block) {
    if (block == range.next_unskippable) {
      range = FindNextUnskippable(st, block + 1);
    } else if (range.skipping) {
      continue;
    }
    CheckForInterrupts();
    // Room for a whole page of dead items, or pause for an index and heap pass first.
    if (!st.dead_items.empty() && st.dead_items.Remaining() < kMaxHeapTuplesPerPage) {
      VacuumIndexesAndHeap(st);
    }
    ScanPage(st, block);
    ++st.result->scanned_pages;
  }
}

}  // namespace hyrax::storage::vacuum
