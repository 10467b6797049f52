// HeapUpdate (PostgreSQL's heap_update): re-check the old version, wait for a concurrent
// modifier, then write the new version on the same page when it fits (a HOT update when the
// caller allows it) or on another page (the old tuple is marked locked while its page is
// unlocked to find one, or to run the toaster), link old -> new through t_ctid and WAL-log
// both pages in one record. storage/heap/README.md "Update, delete and lock protocol", "HOT".
#include "common/assert.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_visibility.h"
#include "storage/heap/heap_wal.h"
#include "storage/toast/heap_toast.h"
#include "storage/txn/xact.h"
#include "storage/vacuum/relation_stats.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {
namespace {

void PrepareNewVersion(const HeapRelation& rel, HeapTuple* newtup, TransactionId xid,
                       CommandId cid) {
  HeapTupleHeaderData* tup = newtup->data;
  tup->t_infomask &= static_cast<uint16_t>(~kHeapXactMask);
  tup->t_infomask2 &= static_cast<uint16_t>(~kHeap2XactMask);
  tup->t_xmin = xid;
  HeapTupleHeaderSetCmin(tup, cid);
  tup->t_infomask |= kHeapUpdated | kHeapXmaxInvalid;
  tup->t_xmax = kInvalidTransactionId;
  newtup->table_oid = rel.oid;
}

// Clears what described the old xmax before a new one is stored.
void ClearXmax(HeapTupleHeaderData* tup) {
  tup->t_infomask &= static_cast<uint16_t>(~(kHeapXmaxBits | kHeapMoved));
  tup->t_infomask2 &= static_cast<uint16_t>(~(kHeapKeysUpdated | kHeapHotUpdated));
}

// While the old page is unlocked to find room for the new version elsewhere, nobody else
// may update the old one: it is marked locked by us (WAL-logged as a lock record), as
// PostgreSQL's heap_update does.
void LockOldTupleTemporarily(const HeapRelation& rel, BufferLock* lock, const HeapTuple& oldtup,
                             TransactionId xid, CommandId cmax, bool is_combo) {
  Page page = lock->page();
  heapwal::Lock rec{xid, oldtup.self.offset(), 0, 0};
  PinnedBuffer vm_pin = heapam::PinVisibilityMapIfAllVisible(rel, oldtup.self.block(), page);
  CriticalSection critical;
  HeapTupleHeaderData* tup = oldtup.data;
  ClearXmax(tup);
  tup->t_xmax = xid;
  tup->t_infomask |= kHeapXmaxLockOnly | kHeapXmaxExclLock;
  HeapTupleHeaderSetCmax(tup, cmax, is_combo);
  tup->t_ctid = oldtup.self;
  if (heapam::ClearAllVisible(page, oldtup.self.block(), vm_pin)) {
    rec.flags |= heapwal::kAllVisibleCleared;
  }
  lock->MarkDirty();
  rec.infobits_set = heapwal::ComputeInfobits(tup->t_infomask, tup->t_infomask2);
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, oldtup.self.block()}, page,
                         wal::kRegbufStandard);
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kLock, xid));
}

struct UpdatePages {
  BufferLock* old_lock;
  BufferLock* new_lock;  // == old_lock for a same-page update
  BlockNumber new_block;
};

// The page changes and their WAL record, in one critical section. `hot`: a same-page
// update whose new version becomes heap-only.
void WriteUpdate(const HeapRelation& rel, const UpdatePages& pages, const HeapTuple& oldtup,
                 HeapTuple* newtup, TransactionId xid, CommandId cmax, bool is_combo, bool hot) {
  Page old_page = pages.old_lock->page();
  Page new_page = pages.new_lock->page();
  bool same_page = pages.new_block == oldtup.self.block();
  heapwal::Update rec{xid, oldtup.self.offset(), 0, 0, kInvalidTransactionId, 0, 0};
  if (hot) rec.flags |= heapwal::kHotUpdate;
  // Pinned while both pages are locked: either may have become all-visible meanwhile.
  PinnedBuffer old_vm_pin =
      heapam::PinVisibilityMapIfAllVisible(rel, oldtup.self.block(), old_page);
  PinnedBuffer new_vm_pin;
  if (!same_page) {
    new_vm_pin = heapam::PinVisibilityMapIfAllVisible(rel, pages.new_block, new_page);
  }

  CriticalSection critical;
  if (hot) newtup->data->t_infomask2 |= kHeapOnlyTuple;
  rec.new_offnum = heapam::PutHeapTuple(new_page, pages.new_block, newtup);
  // Hint that the old page could use pruning (PostgreSQL sets it when the update moved on).
  if (!same_page) GetPageHeader(old_page)->pd_flags |= kPdPageFull;
  HeapTupleHeaderData* tup = oldtup.data;
  ClearXmax(tup);
  tup->t_xmax = xid;
  if (hot) tup->t_infomask2 |= kHeapHotUpdated;
  HeapTupleHeaderSetCmax(tup, cmax, is_combo);
  tup->t_ctid = newtup->self;
  heapam::PageSetPrunable(old_page, xid);
  if (heapam::ClearAllVisible(old_page, oldtup.self.block(), old_vm_pin)) {
    rec.flags |= heapwal::kAllVisibleCleared;
  }
  if (!same_page && heapam::ClearAllVisible(new_page, pages.new_block, new_vm_pin)) {
    rec.flags |= heapwal::kNewAllVisibleCleared;
  }
  pages.old_lock->MarkDirty();
  if (!same_page) pages.new_lock->MarkDirty();
  rec.old_infobits_set = heapwal::ComputeInfobits(tup->t_infomask, tup->t_infomask2);

  uint8_t info = heapwal::kUpdate;
  uint8_t reg_flags = wal::kRegbufStandard;
  if (rec.new_offnum == kFirstOffsetNumber &&
      PageGetMaxOffsetNumber(new_page) == kFirstOffsetNumber) {
    info |= heapwal::kInitPage;
    reg_flags |= wal::kRegbufWillInit;
  }
  heapwal::TupleHeader header{newtup->data->t_infomask2, newtup->data->t_infomask,
                              newtup->data->t_hoff, 0};
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, pages.new_block}, new_page, reg_flags);
  wal::XLogRegisterBlockData(0, &header, sizeof(header));
  wal::XLogRegisterBlockData(0, reinterpret_cast<const char*>(newtup->data) + kHeapTupleHeaderSize,
                             newtup->len - kHeapTupleHeaderSize);
  if (!same_page) {
    wal::XLogRegisterBlock(1, {rel.locator, ForkNumber::kMain, oldtup.self.block()}, old_page,
                           wal::kRegbufStandard);
  }
  Lsn lsn = wal::XLogInsert(wal::RmgrId::kHeap, info, xid);
  page_layout::SetLsn(new_page, lsn);
  if (!same_page) page_layout::SetLsn(old_page, lsn);
}

}  // namespace

TmResult HeapUpdate(const HeapRelation& rel, ItemPointerData otid, HeapTuple* newtup, CommandId cid,
                    Snapshot crosscheck, bool wait, TmFailureData* tmfd, HotUpdate hot,
                    bool* heap_only) {
  if (heap_only != nullptr) *heap_only = false;
  if (!HeapTupleNeedsToast(rel, *newtup)) heapam::CheckTupleSize(newtup->len);
  TransactionId xid = GetCurrentTransactionId();
  // Declaration order = reverse release order: buffer locks, then pins, then tuple lock.
  heapam::TupleLockGuard tuple_lock(rel, otid, LockTupleMode::kNoKeyExclusive);
  PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, otid.block());
  PinnedBuffer new_pin;
  BufferLock lock(pin, BufferLockMode::kExclusive);
  BufferLock new_lock;
  HeapTuple oldtup;
  HYRAX_CHECK(heapam::TupleAtOffset(lock.page(), otid.block(), otid.offset(), rel.oid, &oldtup),
              "attempted to update a tuple that does not exist");

  TmResult result = heapam::CheckModifiable(rel, pin, &lock, oldtup, cid, crosscheck, wait,
                                            &tuple_lock, "update");
  if (result != TmResult::kOk) {
    heapam::FillFailureData(oldtup, result, tmfd);
    return result;
  }

  // The new version gets the plain cid; the old one a combo cid if we also inserted it.
  PrepareNewVersion(rel, newtup, xid, cid);
  CommandId cmax = cid;
  bool is_combo = false;
  HeapTupleHeaderAdjustCmax(oldtup.data, &cmax, &is_combo);

  // The toaster runs when the new version is big or either version has TOAST values (the
  // old ones it does not keep are deleted), with the old page unlocked, as in PostgreSQL.
  bool need_toast = HeapTupleNeedsToast(rel, *newtup) ||
                    (rel.desc != nullptr && (oldtup.data->t_infomask & kHeapHasExternal) != 0);
  HeapTuple heaptup = *newtup;  // what is stored: newtup or its toasted copy
  UpdatePages pages{&lock, &lock, otid.block()};
  if (need_toast || MaxAlign(newtup->len) > PageGetHeapFreeSpace(lock.page())) {
    LockOldTupleTemporarily(rel, &lock, oldtup, xid, cmax, is_combo);
    lock.Unlock();
    if (need_toast) {
      heaptup = HeapToastInsertOrUpdate(rel, *newtup, &oldtup, cid);
      heapam::CheckTupleSize(heaptup.len);
    }
    new_pin = heapam::GetBufferForTuple(rel, heaptup.len, &pin, &new_lock, &lock);
    if (new_pin.block() == otid.block()) {
      // Room appeared on the old page meanwhile: new_lock is its (only) lock.
      lock = std::move(new_lock);
    } else {
      pages.new_lock = &new_lock;
      pages.new_block = new_pin.block();
    }
  }
  // HOT chains never leave a page: only a same-page version can be heap-only.
  const bool hot_update = hot == HotUpdate::kAllowed && pages.new_block == otid.block();
  WriteUpdate(rel, pages, oldtup, &heaptup, xid, cmax, is_combo, hot_update);
  newtup->self = heaptup.self;
  if (heap_only != nullptr) *heap_only = hot_update;
  RelationStats::CountUpdate(rel.locator.db_oid, rel.oid);
  return TmResult::kOk;
}

}  // namespace hyrax::storage
