// Page pruning (PostgreSQL's pruneheap.c): every tuple is judged once against the vacuum
// horizon, then each HOT chain is walked from its root: dead members are removed, the root
// line pointer is redirected to the first surviving member (LP_REDIRECT) or becomes LP_DEAD
// when the whole chain is dead (index entries still point at it until VACUUM removes them);
// removed heap-only tuples leave LP_UNUSED slots (no index entry can lead to them). The
// storage is compacted, the change WAL-logged, and the page's free space reported to the
// FSM. storage/heap/README.md "Pruning" and "HOT".
#include <algorithm>
#include <vector>

#include "common/assert.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/fsm/free_space_map.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_visibility.h"
#include "storage/heap/heap_wal.h"
#include "storage/txn/proc_array.h"
#include "wal/insert/xlog_insert.h"
#include "wal/recovery/recovery.h"

namespace hyrax::storage {
namespace {

bool PageIsFull(const char* page) {
  return (GetPageHeader(page)->pd_flags & kPdPageFull) != 0;
}

// Free space below which a page is worth pruning: the fillfactor reserve, at least 10%.
size_t PruneThreshold(const HeapRelation& rel) {
  return std::max(heapam::SaveFreeSpace(rel), static_cast<size_t>(kBlockSize) / 10);
}

bool PageWantsPruning(const HeapRelation& rel, const char* page) {
  return PageIsFull(page) || PageGetHeapFreeSpace(page) < PruneThreshold(rel);
}

// One pruning pass over a page (PostgreSQL's PruneState): the verdict on every tuple,
// computed once, and the line pointer changes decided so far.
class PrunePlanner {
 public:
  PrunePlanner(Page page, BlockNumber block, TransactionId oldest_xmin, BufferLock* lock)
      : page_(page), block_(block), max_offset_(PageGetMaxOffsetNumber(page)) {
    marked_.assign(size_t{max_offset_} + 1, false);
    verdicts_.assign(size_t{max_offset_} + 1, HtsvResult::kLive);
    for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset_; ++offnum) {
      HeapTupleHeaderData* tuple = NormalTuple(offnum);
      if (tuple != nullptr) verdicts_[offnum] = HeapTupleSatisfiesVacuum(tuple, oldest_xmin, lock);
    }
  }

  void PlanPage() {
    for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset_; ++offnum) {
      if (!marked_[offnum]) PruneChain(offnum);
    }
  }

  heapam::PruneItems& items() { return items_; }
  TransactionId new_prune_xid() const { return new_prune_xid_; }
  int tuples_removed() const { return tuples_removed_; }

 private:
  HeapTupleHeaderData* NormalTuple(OffsetNumber offnum) const {
    ItemIdData* item = PageGetItemId(page_, offnum);
    if (item->lp_flags != kLpNormal) return nullptr;
    return reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page_, item));
  }

  // The oldest xmax that could still make a tuple prunable later (heap_prune_record_prunable).
  void RecordPrunable(TransactionId xid) {
    if (!TransactionIdIsValid(new_prune_xid_) || TransactionIdPrecedes(xid, new_prune_xid_)) {
      new_prune_xid_ = xid;
    }
  }
  void Mark(OffsetNumber offnum) {
    HYRAX_CHECK(!marked_[offnum], "line pointer pruned twice");
    marked_[offnum] = true;
    if (PageGetItemId(page_, offnum)->lp_flags == kLpNormal) ++tuples_removed_;
  }
  void RecordRedirect(OffsetNumber root, OffsetNumber target) {
    Mark(root);
    items_.redirected.push_back(root);
    items_.redirected.push_back(target);
  }
  void RecordDead(OffsetNumber offnum) {
    Mark(offnum);
    items_.dead.push_back(offnum);
  }
  void RecordUnused(OffsetNumber offnum) {
    Mark(offnum);
    items_.unused.push_back(offnum);
  }

  // PostgreSQL's heap_prune_chain for the chain rooted at `root`.
  void PruneChain(OffsetNumber root) {
    const ItemIdData* root_item = PageGetItemId(page_, root);
    if (root_item->lp_flags == kLpUnused || root_item->lp_flags == kLpDead) return;
    if (HeapTupleHeaderData* tuple = NormalTuple(root);
        tuple != nullptr && HeapTupleHeaderIsHeapOnly(tuple)) {
      // Heap-only tuples are handled as members of their chain; one no chain reaches (an
      // aborted HOT update) goes once dead, unless it links on.
      if (verdicts_[root] == HtsvResult::kDead && !HeapTupleHeaderIsHotUpdated(tuple)) {
        RecordUnused(root);
      }
      return;
    }
    std::vector<OffsetNumber> chain;
    OffsetNumber latest_dead = kInvalidOffsetNumber;
    TransactionId prior_xmax = kInvalidTransactionId;
    OffsetNumber offnum = root;
    while (offnum >= kFirstOffsetNumber && offnum <= max_offset_ && !marked_[offnum]) {
      const ItemIdData* item = PageGetItemId(page_, offnum);
      if (item->lp_flags == kLpRedirect) {
        if (!chain.empty()) break;  // only the root redirects
        chain.push_back(offnum);
        offnum = static_cast<OffsetNumber>(item->lp_off);
        continue;
      }
      HeapTupleHeaderData* tuple = NormalTuple(offnum);
      if (tuple == nullptr) break;  // unused or dead: the chain ends
      if (TransactionIdIsValid(prior_xmax) && prior_xmax != HeapTupleHeaderGetRawXmin(tuple)) {
        break;
      }
      chain.push_back(offnum);
      const HtsvResult verdict = verdicts_[offnum];
      if (verdict == HtsvResult::kRecentlyDead || verdict == HtsvResult::kDeleteInProgress) {
        RecordPrunable(HeapTupleHeaderGetUpdateXid(tuple));
      }
      if (verdict == HtsvResult::kDead) {
        latest_dead = offnum;
      } else if (verdict != HtsvResult::kRecentlyDead) {
        break;  // live or in progress: what follows is newer still
      }
      if (!HeapTupleHeaderIsHotUpdated(tuple) || tuple->t_ctid.block() != block_) break;
      prior_xmax = HeapTupleHeaderGetUpdateXid(tuple);
      offnum = tuple->t_ctid.offset();
    }

    if (latest_dead != kInvalidOffsetNumber) {
      // Everything up to the latest dead member goes (recently dead members before a dead
      // one are unreachable for every snapshot too); the root survives as a redirect to
      // the first remaining member, or as LP_DEAD when none remains.
      size_t next = 1;
      for (; next < chain.size() && chain[next - 1] != latest_dead; ++next) {
        RecordUnused(chain[next]);
      }
      if (next >= chain.size()) {
        RecordDead(root);
      } else {
        RecordRedirect(root, chain[next]);
      }
    } else if (chain.size() < 2 && root_item->lp_flags == kLpRedirect) {
      // A redirect whose chain is gone entirely.
      RecordDead(root);
    }
  }

  Page page_;
  BlockNumber block_;
  OffsetNumber max_offset_;
  std::vector<bool> marked_;
  std::vector<HtsvResult> verdicts_;  // of LP_NORMAL items
  heapam::PruneItems items_;
  TransactionId new_prune_xid_ = kInvalidTransactionId;
  int tuples_removed_ = 0;
};

}  // namespace

namespace heapam {

void ExecutePrune(Page page, const PruneItems& items) {
  for (size_t idx = 0; idx + 1 < items.redirected.size(); idx += 2) {
    ItemIdData* root = PageGetItemId(page, items.redirected[idx]);
    root->lp_flags = kLpRedirect;
    root->lp_off = items.redirected[idx + 1];
    root->lp_len = 0;
  }
  for (OffsetNumber offnum : items.dead) {
    ItemIdData* item = PageGetItemId(page, offnum);
    item->lp_flags = kLpDead;
    item->lp_off = 0;
    item->lp_len = 0;
  }
  for (OffsetNumber offnum : items.unused) {
    ItemIdData* item = PageGetItemId(page, offnum);
    item->lp_flags = kLpUnused;
    item->lp_off = 0;
    item->lp_len = 0;
  }
  PageRepairFragmentation(page);
}

void LogPrune(const HeapRelation& rel, BlockNumber block, Page page, TransactionId new_prune_xid,
              const PruneItems& items) {
  heapwal::Prune rec{new_prune_xid, static_cast<uint16_t>(items.redirected.size() / 2),
                     static_cast<uint16_t>(items.dead.size()),
                     static_cast<uint16_t>(items.unused.size()), 0};
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, block}, page, wal::kRegbufStandard);
  wal::XLogRegisterBlockData(0, items.redirected.data(),
                             items.redirected.size() * sizeof(OffsetNumber));
  wal::XLogRegisterBlockData(0, items.dead.data(), items.dead.size() * sizeof(OffsetNumber));
  wal::XLogRegisterBlockData(0, items.unused.data(), items.unused.size() * sizeof(OffsetNumber));
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kPrune));
}

}  // namespace heapam

int HeapPagePrune(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* cleanup,
                  TransactionId oldest_xmin) {
  Page page = cleanup->page();
  PrunePlanner planner(page, pin.block(), oldest_xmin, cleanup);
  planner.PlanPage();
  const heapam::PruneItems& items = planner.items();
  PageHeaderData* header = GetPageHeader(page);
  if (items.empty()) {
    // Nothing to remove; just refresh the hints so we don't retry too soon.
    if (header->pd_prune_xid != planner.new_prune_xid() || PageIsFull(page)) {
      header->pd_prune_xid = planner.new_prune_xid();
      header->pd_flags &= static_cast<uint16_t>(~kPdPageFull);
      cleanup->MarkDirtyHint();
    }
    return 0;
  }

  CriticalSection critical;
  heapam::ExecutePrune(page, items);
  header->pd_prune_xid = planner.new_prune_xid();
  header->pd_flags &= static_cast<uint16_t>(~kPdPageFull);
  cleanup->MarkDirty();
  heapam::LogPrune(rel, pin.block(), page, planner.new_prune_xid(), items);
  return planner.tuples_removed();
}

void HeapPagePruneOpt(const HeapRelation& rel, const PinnedBuffer& pin) {
  if (wal::InRecovery()) return;
  TransactionId prune_xid;
  {
    // PostgreSQL peeks without a lock; our page bytes are reachable only through one.
    BufferLock peek(pin, BufferLockMode::kShare);
    prune_xid = GetPageHeader(peek.page())->pd_prune_xid;
    if (!TransactionIdIsValid(prune_xid) || !PageWantsPruning(rel, peek.page())) return;
  }
  TransactionId oldest_xmin = ProcArray::GetOldestXmin();
  if (!TransactionIdPrecedes(prune_xid, oldest_xmin)) return;
  size_t free_space;
  {
    BufferLock cleanup;
    if (!BufferLock::ConditionalCleanupLock(pin, &cleanup)) return;
    if (!PageWantsPruning(rel, cleanup.page())) return;
    if (HeapPagePrune(rel, pin, &cleanup, oldest_xmin) == 0) return;
    free_space = PageGetHeapFreeSpace(cleanup.page());
  }
  // Outside the page lock: the FSM has its own buffers.
  FreeSpaceMap::RecordPageWithFreeSpace(rel.locator, pin.block(), free_space);
}

}  // namespace hyrax::storage
