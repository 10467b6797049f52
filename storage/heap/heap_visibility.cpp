// Snapshot visibility of heap tuples: PostgreSQL's HeapTupleSatisfiesMVCC / Self / Any /
// Dirty rules (heapam_visibility.c), hint bits, and cmin/cmax with combo cids. The update
// and vacuum rules are in heap_visibility_update.cpp. storage/heap/README.md "Visibility".
#include "storage/heap/heap_visibility.h"

#include "storage/heap/combo_cid.h"
#include "storage/heap/hint_bits.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage {

void SetHintBits(HeapTupleHeaderData* tuple, BufferLock* lock, uint16_t bits, TransactionId xid) {
  if (lock == nullptr) return;
  // With synchronous commit the commit record is flushed before clog says "committed".
  // Without it we have no per-xid commit LSN (PostgreSQL keeps one in clog), so a committed
  // hint waits until every WAL record inserted so far is durable.
  if (TransactionIdIsValid(xid) && !g_synchronous_commit &&
      wal::XLogNeedsFlush(wal::GetXLogInsertRecPtr())) {
    return;
  }
  tuple->t_infomask |= bits;
  lock->MarkDirtyHint();
}

CommandId HeapTupleHeaderGetCmin(const HeapTupleHeaderData* tuple) {
  if (tuple->t_infomask & kHeapComboCid) return combocid::GetRealCmin(tuple->t_cid);
  return tuple->t_cid;
}

CommandId HeapTupleHeaderGetCmax(const HeapTupleHeaderData* tuple) {
  if (tuple->t_infomask & kHeapComboCid) return combocid::GetRealCmax(tuple->t_cid);
  return tuple->t_cid;
}

void HeapTupleHeaderAdjustCmax(const HeapTupleHeaderData* tuple, CommandId* cmax, bool* is_combo) {
  // Only a tuple our transaction inserted still needs its cmin; a committed inserter
  // (hinted) cannot be us.
  if (!HeapXminCommitted(tuple) &&
      TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetRawXmin(tuple))) {
    *cmax = combocid::GetComboCommandId(HeapTupleHeaderGetCmin(tuple), *cmax);
    *is_combo = true;
  } else {
    *is_combo = false;
  }
}

namespace {

// Xmin not hinted committed: decides the inserter's status for the MVCC rule. Returns
// true when the caller should go on to look at xmax, and sets *visible otherwise.
bool MvccXminCommitted(HeapTupleHeaderData* tuple, const SnapshotData& snapshot, BufferLock* lock,
                       bool* visible) {
  *visible = false;
  TransactionId xmin = HeapTupleHeaderGetRawXmin(tuple);
  if (HeapXminInvalid(tuple)) return false;
  if (TransactionIdIsCurrentTransactionId(xmin)) {
    if (HeapTupleHeaderGetCmin(tuple) >= snapshot.curcid) return false;  // inserted later
    uint16_t infomask = tuple->t_infomask;
    if ((infomask & kHeapXmaxInvalid) || HeapXmaxIsLockedOnly(infomask)) {
      *visible = true;
      return false;
    }
    if (!TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetRawXmax(tuple))) {
      // The deleting subtransaction aborted.
      SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
      *visible = true;
      return false;
    }
    *visible = HeapTupleHeaderGetCmax(tuple) >= snapshot.curcid;  // deleted after scan start
    return false;
  }
  if (XidInMvccSnapshot(xmin, snapshot)) return false;
  if (!TransactionIdDidCommit(xmin)) {
    // Aborted, or crashed (not running, no clog status).
    SetHintBits(tuple, lock, kHeapXminInvalid, kInvalidTransactionId);
    return false;
  }
  SetHintBits(tuple, lock, kHeapXminCommitted, xmin);
  return true;
}

bool SatisfiesMvcc(HeapTupleHeaderData* tuple, const SnapshotData& snapshot, BufferLock* lock) {
  if (!HeapXminCommitted(tuple)) {
    bool visible;
    if (!MvccXminCommitted(tuple, snapshot, lock, &visible)) return visible;
  } else if (!HeapXminFrozen(tuple) &&
             XidInMvccSnapshot(HeapTupleHeaderGetRawXmin(tuple), snapshot)) {
    return false;  // committed, but not yet when the snapshot was taken
  }
  // The inserter committed before the snapshot; what about the deleter?
  uint16_t infomask = tuple->t_infomask;
  if ((infomask & kHeapXmaxInvalid) || HeapXmaxIsLockedOnly(infomask)) return true;
  TransactionId xmax = HeapTupleHeaderGetRawXmax(tuple);
  if (!(infomask & kHeapXmaxCommitted)) {
    if (TransactionIdIsCurrentTransactionId(xmax)) {
      return HeapTupleHeaderGetCmax(tuple) >= snapshot.curcid;
    }
    if (XidInMvccSnapshot(xmax, snapshot)) return true;
    if (!TransactionIdDidCommit(xmax)) {
      SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
      return true;
    }
    SetHintBits(tuple, lock, kHeapXmaxCommitted, xmax);
    return false;
  }
  return XidInMvccSnapshot(xmax, snapshot);
}

// The xmax half shared by the Self and Dirty rules, once the inserter is known committed
// (or is us). `dirty` receives an in-progress deleter for Dirty snapshots.
bool SelfXmaxVisible(HeapTupleHeaderData* tuple, BufferLock* lock, const SnapshotData* dirty) {
  uint16_t infomask = tuple->t_infomask;
  if (infomask & kHeapXmaxInvalid) return true;
  if (infomask & kHeapXmaxCommitted) return HeapXmaxIsLockedOnly(infomask);
  if (HeapXmaxIsLockedOnly(infomask)) return true;
  TransactionId xmax = HeapTupleHeaderGetRawXmax(tuple);
  if (TransactionIdIsCurrentTransactionId(xmax)) return false;
  if (TransactionIdIsInProgress(xmax)) {
    if (dirty != nullptr) dirty->dirty_xmax = xmax;
    return true;
  }
  if (!TransactionIdDidCommit(xmax)) {
    SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
    return true;
  }
  SetHintBits(tuple, lock, kHeapXmaxCommitted, xmax);
  return false;
}

// HeapTupleSatisfiesSelf (dirty == nullptr) and HeapTupleSatisfiesDirty: all own changes
// are visible regardless of command id; other transactions' count once committed (Dirty
// also shows in-progress ones and reports them).
bool SatisfiesSelfOrDirty(HeapTupleHeaderData* tuple, BufferLock* lock, const SnapshotData* dirty) {
  if (dirty != nullptr) {
    dirty->dirty_xmin = kInvalidTransactionId;
    dirty->dirty_xmax = kInvalidTransactionId;
  }
  if (!HeapXminCommitted(tuple)) {
    TransactionId xmin = HeapTupleHeaderGetRawXmin(tuple);
    if (HeapXminInvalid(tuple)) return false;
    if (TransactionIdIsCurrentTransactionId(xmin)) {
      uint16_t infomask = tuple->t_infomask;
      if ((infomask & kHeapXmaxInvalid) || HeapXmaxIsLockedOnly(infomask)) return true;
      if (!TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetRawXmax(tuple))) {
        SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
        return true;
      }
      return false;
    }
    if (TransactionIdIsInProgress(xmin)) {
      if (dirty == nullptr) return false;
      dirty->dirty_xmin = xmin;
      return true;
    }
    if (!TransactionIdDidCommit(xmin)) {
      SetHintBits(tuple, lock, kHeapXminInvalid, kInvalidTransactionId);
      return false;
    }
    SetHintBits(tuple, lock, kHeapXminCommitted, xmin);
  }
  return SelfXmaxVisible(tuple, lock, dirty);
}

}  // namespace

bool HeapTupleSatisfiesVisibility(HeapTupleHeaderData* tuple, const SnapshotData& snapshot,
                                  BufferLock* lock) {
  switch (snapshot.kind) {
    case SnapshotKind::kMvcc:
      return SatisfiesMvcc(tuple, snapshot, lock);
    case SnapshotKind::kSelf:
      return SatisfiesSelfOrDirty(tuple, lock, nullptr);
    case SnapshotKind::kAny:
      return true;
    case SnapshotKind::kDirty:
      return SatisfiesSelfOrDirty(tuple, lock, &snapshot);
  }
  return false;
}

}  // namespace hyrax::storage
