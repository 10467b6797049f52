// Opportunistic page pruning (PostgreSQL's pruneheap.c without HOT chains): tuples dead to
// every snapshot get LP_DEAD line pointers (index entries may still point at them), their
// storage is reclaimed by PageRepairFragmentation, the change is WAL-logged and the page's
// free space is reported to the FSM. storage/heap/README.md "Pruning".
#include <algorithm>
#include <vector>

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

// The oldest xmax that could still make a tuple prunable later (heap_prune_record_prunable).
void RecordPrunable(TransactionId xid, TransactionId* new_prune_xid) {
  if (!TransactionIdIsValid(*new_prune_xid) || TransactionIdPrecedes(xid, *new_prune_xid)) {
    *new_prune_xid = xid;
  }
}

}  // namespace

int HeapPagePrune(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* cleanup,
                  TransactionId oldest_xmin) {
  Page page = cleanup->page();
  std::vector<OffsetNumber> dead;
  TransactionId new_prune_xid = kInvalidTransactionId;
  OffsetNumber max_offset = PageGetMaxOffsetNumber(page);
  dead.reserve(max_offset);
  for (OffsetNumber offnum = kFirstOffsetNumber; offnum <= max_offset; ++offnum) {
    ItemIdData* item = PageGetItemId(page, offnum);
    if (item->lp_flags != kLpNormal) continue;
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(PageGetItem(page, item));
    switch (HeapTupleSatisfiesVacuum(tuple, oldest_xmin, cleanup)) {
      case HtsvResult::kDead:
        dead.push_back(offnum);
        break;
      case HtsvResult::kRecentlyDead:
      case HtsvResult::kDeleteInProgress:
        RecordPrunable(HeapTupleHeaderGetUpdateXid(tuple), &new_prune_xid);
        break;
      case HtsvResult::kLive:
      case HtsvResult::kInsertInProgress:
        break;
    }
  }

  PageHeaderData* header = GetPageHeader(page);
  if (dead.empty()) {
    // Nothing to remove; just refresh the hints so we don't retry too soon.
    if (header->pd_prune_xid != new_prune_xid || PageIsFull(page)) {
      header->pd_prune_xid = new_prune_xid;
      header->pd_flags &= static_cast<uint16_t>(~kPdPageFull);
      cleanup->MarkDirtyHint();
    }
    return 0;
  }

  heapwal::Prune rec{new_prune_xid, static_cast<uint16_t>(dead.size()), 0};
  CriticalSection critical;
  for (OffsetNumber offnum : dead) {
    ItemIdData* item = PageGetItemId(page, offnum);
    item->lp_flags = kLpDead;
    item->lp_off = 0;
    item->lp_len = 0;
  }
  PageRepairFragmentation(page);
  header->pd_prune_xid = new_prune_xid;
  header->pd_flags &= static_cast<uint16_t>(~kPdPageFull);
  cleanup->MarkDirty();
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, pin.block()}, page,
                         wal::kRegbufStandard);
  wal::XLogRegisterBlockData(0, dead.data(), dead.size() * sizeof(OffsetNumber));
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kPrune));
  return static_cast<int>(dead.size());
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
