// HeapAbortSpeculative (PostgreSQL's heap_abort_speculative): INSERT ... ON CONFLICT
// inserts its row before checking the arbiter indexes for a conflict that appeared
// meanwhile; on such a conflict it kills the row here and retries. Unlike a delete, the
// row becomes invisible to everyone at once (xmin invalid), so nobody ever waits on it or
// sees it as recently dead. docs/architecture.md "ON CONFLICT".
#include "common/assert.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_wal.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {

namespace heapam {

void MarkSuperDeleted(HeapTupleHeaderData* tuple) {
  tuple->t_infomask &= static_cast<uint16_t>(~(kHeapXmaxBits | kHeapXminCommitted));
  tuple->t_infomask |= kHeapXminInvalid | kHeapXmaxInvalid;
  tuple->t_xmin = kInvalidTransactionId;
  tuple->t_xmax = kInvalidTransactionId;
}

}  // namespace heapam

void HeapAbortSpeculative(const HeapRelation& rel, ItemPointerData tid) {
  TransactionId xid = GetCurrentTransactionId();
  PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, tid.block());
  BufferLock lock(pin, BufferLockMode::kExclusive);
  HeapTuple tuple;
  HYRAX_CHECK(heapam::TupleAtOffset(lock.page(), tid.block(), tid.offset(), rel.oid, &tuple),
              "attempted to kill a tuple that does not exist");
  HYRAX_CHECK(TransactionIdIsCurrentTransactionId(tuple.data->t_xmin) &&
                  (tuple.data->t_infomask & kHeapXminInvalid) == 0,
              "attempted to kill a tuple inserted by another transaction");
  Page page = lock.page();
  heapwal::Delete rec{xid, tid.offset(), 0, heapwal::kSuperDelete};
  {
    CriticalSection critical;
    // The page was not all-visible: it holds our in-progress insert.
    heapam::PageSetPrunable(page, xid);
    heapam::MarkSuperDeleted(tuple.data);
    tuple.data->t_ctid = tuple.self;
    lock.MarkDirty();
    wal::XLogBeginInsert();
    wal::XLogRegisterData(&rec, sizeof(rec));
    wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, tid.block()}, page,
                           wal::kRegbufStandard);
    page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kDelete, xid));
  }
  // TODO(#5): TOAST values of the killed tuple stay behind as unreachable live rows
  // (PostgreSQL super-deletes them too); only rows over the TOAST threshold that lose an
  // insertion race leave them.
}

}  // namespace hyrax::storage
