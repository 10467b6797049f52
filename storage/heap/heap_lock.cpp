// HeapLockTuple (PostgreSQL's heap_lock_tuple without multixacts): SELECT ... FOR UPDATE /
// NO KEY UPDATE / SHARE / KEY SHARE store the locker's xid in xmax with lock-only bits. A
// tuple has one locker at a time: anyone else waits for it, even for two share locks.
// storage/heap/README.md "Update, delete and lock protocol".
#include <algorithm>

#include "common/assert.h"
#include "common/interrupts.h"
#include "common/page_layout.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_visibility.h"
#include "storage/heap/heap_wal.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "storage/vm/visibility_map.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {
namespace {

// Strength of the lock-only xmax described by the infomask bits.
LockTupleMode HeldLockMode(uint16_t infomask, uint16_t infomask2) {
  switch (infomask & kHeapLockMask) {
    case kHeapXmaxShrLock:
      return LockTupleMode::kShare;
    case kHeapXmaxExclLock:
      return (infomask2 & kHeapKeysUpdated) ? LockTupleMode::kExclusive
                                            : LockTupleMode::kNoKeyExclusive;
    default:
      return LockTupleMode::kKeyShare;
  }
}

void SetLockBits(LockTupleMode mode, HeapTupleHeaderData* tup) {
  tup->t_infomask |= kHeapXmaxLockOnly;
  switch (mode) {
    case LockTupleMode::kKeyShare:
      tup->t_infomask |= kHeapXmaxKeyshrLock;
      break;
    case LockTupleMode::kShare:
      tup->t_infomask |= kHeapXmaxShrLock;
      break;
    case LockTupleMode::kNoKeyExclusive:
      tup->t_infomask |= kHeapXmaxExclLock;
      break;
    case LockTupleMode::kExclusive:
      tup->t_infomask |= kHeapXmaxExclLock;
      tup->t_infomask2 |= kHeapKeysUpdated;
      break;
  }
}

// Result of examining the tuple (the l3 loop of heap_lock_tuple).
struct Examined {
  TmResult result;
  bool already_held = false;  // we hold an equal or stronger lock: nothing to write
};

Examined Examine(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                 const HeapTuple& tuple, CommandId cid, LockTupleMode mode, LockWaitPolicy policy,
                 heapam::TupleLockGuard* tuple_lock) {
  for (;;) {
    TmResult result = HeapTupleSatisfiesUpdate(tuple, cid, lock);
    if (result != TmResult::kBeingModified && result != TmResult::kUpdated &&
        result != TmResult::kDeleted) {
      return {result};
    }
    HeapTupleHeaderData* tup = tuple.data;
    TransactionId xwait = HeapTupleHeaderGetRawXmax(tup);
    if (TransactionIdIsCurrentTransactionId(xwait)) {
      // Only our own lock can be here (our own update would be kSelfModified/kInvisible).
      bool covered = HeldLockMode(tup->t_infomask, tup->t_infomask2) >= mode;
      return {TmResult::kOk, covered};
    }
    // A committed update or delete cannot be waited out.
    if (result != TmResult::kBeingModified) return {result};
    heapam::WaitOutcome outcome =
        heapam::WaitForModifier(rel, pin, lock, tuple, policy, tuple_lock);
    if (outcome == heapam::WaitOutcome::kWouldBlock) return {TmResult::kWouldBlock};
    if (outcome == heapam::WaitOutcome::kRecheck) continue;
    return {heapam::ResultAfterWait(tuple)};
  }
}

// Stores our lock in xmax and WAL-logs it.
void WriteLock(const HeapRelation& rel, BufferLock* lock, const HeapTuple& tuple, TransactionId xid,
               LockTupleMode mode) {
  HeapTupleHeaderData* tup = tuple.data;
  // Upgrading our own lock keeps the stronger of the two.
  if (!(tup->t_infomask & kHeapXmaxInvalid) && HeapXmaxIsLockedOnly(tup->t_infomask) &&
      TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetRawXmax(tup))) {
    mode = std::max(mode, HeldLockMode(tup->t_infomask, tup->t_infomask2));
  }
  Page page = lock->page();
  heapwal::Lock rec{xid, tuple.self.offset(), 0, 0};
  PinnedBuffer vm_pin = heapam::PinVisibilityMapIfAllVisible(rel, tuple.self.block(), page);
  CriticalSection critical;
  // Cmax is left alone: a lock has no command id, and an earlier cmax may still matter.
  tup->t_infomask &= static_cast<uint16_t>(~kHeapXmaxBits);
  tup->t_infomask2 &= static_cast<uint16_t>(~(kHeapKeysUpdated | kHeapHotUpdated));
  SetLockBits(mode, tup);
  tup->t_xmax = xid;
  tup->t_ctid = tuple.self;
  // A locker's xid will need freezing, so the page is no longer all-frozen; it stays all
  // visible (PostgreSQL's heap_lock_tuple).
  if (VisibilityMap::Clear(vm_pin, tuple.self.block(), kVmAllFrozen)) {
    rec.flags |= heapwal::kAllFrozenCleared;
  }
  lock->MarkDirty();
  rec.infobits_set = heapwal::ComputeInfobits(tup->t_infomask, tup->t_infomask2);
  wal::XLogBeginInsert();
  wal::XLogRegisterData(&rec, sizeof(rec));
  wal::XLogRegisterBlock(0, {rel.locator, ForkNumber::kMain, tuple.self.block()}, page,
                         wal::kRegbufStandard);
  page_layout::SetLsn(page, wal::XLogInsert(wal::RmgrId::kHeap, heapwal::kLock, xid));
}

}  // namespace

TmResult HeapLockTuple(const HeapRelation& rel, ItemPointerData tid, CommandId cid,
                       LockTupleMode mode, LockWaitPolicy policy, HeapTuple* tuple,
                       TmFailureData* tmfd) {
  TransactionId xid = GetCurrentTransactionId();
  heapam::TupleLockGuard tuple_lock(rel, tid, mode);
  PinnedBuffer pin = BufferManager::Read(rel.locator, ForkNumber::kMain, tid.block());
  BufferLock lock(pin, BufferLockMode::kExclusive);
  HeapTuple on_page;
  HYRAX_CHECK(heapam::TupleAtOffset(lock.page(), tid.block(), tid.offset(), rel.oid, &on_page),
              "attempted to lock a tuple that does not exist");

  Examined examined = Examine(rel, pin, &lock, on_page, cid, mode, policy, &tuple_lock);
  if (examined.result != TmResult::kOk) {
    if (examined.result != TmResult::kInvisible && examined.result != TmResult::kWouldBlock) {
      heapam::FillFailureData(on_page, examined.result, tmfd);
    }
  } else if (!examined.already_held) {
    WriteLock(rel, &lock, on_page, xid, mode);
  }
  if (tuple != nullptr) *tuple = HeapCopyTuple(on_page);
  return examined.result;
}

}  // namespace hyrax::storage
