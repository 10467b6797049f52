// HeapDelete (PostgreSQL's heap_delete): re-check the version under an exclusive page lock,
// wait for a concurrent modifier if needed, then store our xid as xmax (with a combo cid
// when we also inserted it), WAL-log the change and delete the row's TOAST values.
// storage/heap/README.md "Update, delete and lock protocol".
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

TmResult HeapDelete(const HeapRelation& rel, ItemPointerData tid, CommandId cid,
                    Snapshot crosscheck, bool wait, TmFailureData* tmfd) {
  TransactionId xid = GetCurrentTransactionId();
  // Declared first so it is released after the buffer lock and pin.
  heapam::TupleLockGuard tuple_lock(rel, tid, LockTupleMode::kExclusive);
  PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, tid.block());
  BufferLock lock(pin, BufferLockMode::kExclusive);
  HeapTuple tuple;
  HYRAX_CHECK(heapam::TupleAtOffset(lock.page(), tid.block(), tid.offset(), rel.oid, &tuple),
              "attempted to delete a tuple that does not exist");

  TmResult result =
      heapam::CheckModifiable(rel, pin, &lock, tuple, cid, crosscheck, wait, &tuple_lock, "delete");
  if (result != TmResult::kOk) {
    heapam::FillFailureData(tuple, result, tmfd);
    return result;
  }

  CommandId cmax = cid;
  bool is_combo = false;
  HeapTupleHeaderAdjustCmax(tuple.data, &cmax, &is_combo);  // may allocate: before the section
  Page page = lock.page();
  heapwal::Delete rec{xid, tid.offset(), 0, 0};
  PinnedBuffer vm_pin = heapam::PinVisibilityMapIfAllVisible(rel, tid.block(), page);
  {
    CriticalSection critical;
    heapam::PageSetPrunable(page, xid);
    if (heapam::ClearAllVisible(page, tid.block(), vm_pin)) {
      rec.flags |= heapwal::kAllVisibleCleared;
    }
    HeapTupleHeaderData* tup = tuple.data;
    tup->t_infomask &= static_cast<uint16_t>(~(kHeapXmaxBits | kHeapMoved));
    tup->t_infomask2 &= static_cast<uint16_t>(~kHeapHotUpdated);
    // A delete always counts as changing the key (it conflicts with FOR KEY SHARE).
    tup->t_infomask2 |= kHeapKeysUpdated;
    tup->t_xmax = xid;
    HeapTupleHeaderSetCmax(tup, cmax, is_combo);
    tup->t_ctid = tuple.self;  // no forward link: this is the last version
    lock.MarkDirty();

    rec.infobits_set = heapwal::ComputeInfobits(tup->t_infomask, tup->t_infomask2);
    wal::XLogBeginInsert();
    wal::XLogRegisterData(&rec, sizeof(rec));
    wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, tid.block()}, page,
                           wal::kRegbufStandard);
    page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kDelete, xid));
  }
  RelationStats::CountDelete(rel.locator.db_oid, rel.oid);
  // The row's TOAST values go with it: read under our pin (the tuple is ours now), with the
  // page unlocked, as PostgreSQL's heap_delete does.
  if (rel.desc != nullptr && (tuple.data->t_infomask & kHeapHasExternal) != 0) {
    lock.Unlock();
    HeapToastDelete(rel, tuple, cid);
  }
  return TmResult::kOk;
}

}  // namespace hyrax::storage
