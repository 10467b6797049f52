// The writer-side and vacuum-side tuple rules: PostgreSQL's HeapTupleSatisfiesUpdate (may
// this command modify the version?), HeapTupleSatisfiesVacuum (is it dead to everyone?) and
// HeapTupleHeaderIsOnlyLocked. No multixacts: xmax is always a single xid.
// storage/heap/README.md "Visibility".
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_visibility.h"
#include "storage/heap/hint_bits.h"
#include "storage/txn/transam.h"

namespace hyrax::storage {
namespace {

TmResult UpdatedOrDeleted(const HeapTuple& tuple) {
  return tuple.self == tuple.data->t_ctid ? TmResult::kDeleted : TmResult::kUpdated;
}

// The inserter is the current transaction (HeapTupleSatisfiesUpdate's first branch).
TmResult UpdateOwnInsert(const HeapTuple& tuple, CommandId curcid, BufferLock* lock) {
  HeapTupleHeaderData* tup = tuple.data;
  if (HeapTupleHeaderGetCmin(tup) >= curcid) return TmResult::kInvisible;  // inserted later
  uint16_t infomask = tup->t_infomask;
  if (infomask & kHeapXmaxInvalid) return TmResult::kOk;
  TransactionId xmax = HeapTupleHeaderGetRawXmax(tup);
  if (HeapXmaxIsLockedOnly(infomask)) {
    // Locked by someone (ourselves, or a gone locker): report a live lock holder.
    return TransactionIdIsInProgress(xmax) ? TmResult::kBeingModified : TmResult::kOk;
  }
  if (!TransactionIdIsCurrentTransactionId(xmax)) {
    // The deleting subtransaction aborted.
    SetHintBits(tup, lock, kHeapXmaxInvalid, kInvalidTransactionId);
    return TmResult::kOk;
  }
  return HeapTupleHeaderGetCmax(tup) >= curcid ? TmResult::kSelfModified : TmResult::kInvisible;
}

}  // namespace

TmResult HeapTupleSatisfiesUpdate(const HeapTuple& tuple, CommandId curcid, BufferLock* lock) {
  HeapTupleHeaderData* tup = tuple.data;
  if (!HeapXminCommitted(tup)) {
    TransactionId xmin = HeapTupleHeaderGetRawXmin(tup);
    if (HeapXminInvalid(tup)) return TmResult::kInvisible;
    if (TransactionIdIsCurrentTransactionId(xmin)) return UpdateOwnInsert(tuple, curcid, lock);
    if (TransactionIdIsInProgress(xmin)) return TmResult::kInvisible;
    if (!TransactionIdDidCommit(xmin)) {
      SetHintBits(tup, lock, kHeapXminInvalid, kInvalidTransactionId);
      return TmResult::kInvisible;
    }
    SetHintBits(tup, lock, kHeapXminCommitted, xmin);
  }
  // The inserter committed.
  uint16_t infomask = tup->t_infomask;
  if (infomask & kHeapXmaxInvalid) return TmResult::kOk;
  if (infomask & kHeapXmaxCommitted) {
    if (HeapXmaxIsLockedOnly(infomask)) return TmResult::kOk;
    return UpdatedOrDeleted(tuple);
  }
  TransactionId xmax = HeapTupleHeaderGetRawXmax(tup);
  if (TransactionIdIsCurrentTransactionId(xmax)) {
    if (HeapXmaxIsLockedOnly(infomask)) return TmResult::kBeingModified;
    return HeapTupleHeaderGetCmax(tup) >= curcid ? TmResult::kSelfModified : TmResult::kInvisible;
  }
  if (TransactionIdIsInProgress(xmax)) return TmResult::kBeingModified;
  if (!TransactionIdDidCommit(xmax)) {
    SetHintBits(tup, lock, kHeapXmaxInvalid, kInvalidTransactionId);
    return TmResult::kOk;
  }
  if (HeapXmaxIsLockedOnly(infomask)) {
    // A committed locker no longer holds anything.
    SetHintBits(tup, lock, kHeapXmaxInvalid, kInvalidTransactionId);
    return TmResult::kOk;
  }
  SetHintBits(tup, lock, kHeapXmaxCommitted, xmax);
  return UpdatedOrDeleted(tuple);
}

HtsvResult HeapTupleSatisfiesVacuum(HeapTupleHeaderData* tuple, TransactionId oldest_xmin,
                                    BufferLock* lock) {
  if (!HeapXminCommitted(tuple)) {
    TransactionId xmin = HeapTupleHeaderGetRawXmin(tuple);
    if (HeapXminInvalid(tuple)) return HtsvResult::kDead;
    if (TransactionIdIsCurrentTransactionId(xmin)) {
      uint16_t infomask = tuple->t_infomask;
      if ((infomask & kHeapXmaxInvalid) || HeapXmaxIsLockedOnly(infomask) ||
          HeapTupleHeaderIsOnlyLocked(tuple)) {
        return HtsvResult::kInsertInProgress;
      }
      if (TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetUpdateXid(tuple))) {
        return HtsvResult::kDeleteInProgress;
      }
      return HtsvResult::kInsertInProgress;  // the deleting subtransaction aborted
    }
    if (TransactionIdIsInProgress(xmin)) return HtsvResult::kInsertInProgress;
    if (!TransactionIdDidCommit(xmin)) {
      SetHintBits(tuple, lock, kHeapXminInvalid, kInvalidTransactionId);
      return HtsvResult::kDead;
    }
    SetHintBits(tuple, lock, kHeapXminCommitted, xmin);
  }
  uint16_t infomask = tuple->t_infomask;
  if (infomask & kHeapXmaxInvalid) return HtsvResult::kLive;
  TransactionId xmax = HeapTupleHeaderGetRawXmax(tuple);
  if (HeapXmaxIsLockedOnly(infomask)) {
    // Only locked: live whatever became of the locker; hint once the locker is gone.
    if (!(infomask & kHeapXmaxCommitted) && !TransactionIdIsInProgress(xmax)) {
      SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
    }
    return HtsvResult::kLive;
  }
  if (!(infomask & kHeapXmaxCommitted)) {
    if (TransactionIdIsInProgress(xmax)) return HtsvResult::kDeleteInProgress;
    if (!TransactionIdDidCommit(xmax)) {
      SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
      return HtsvResult::kLive;
    }
    SetHintBits(tuple, lock, kHeapXmaxCommitted, xmax);
  }
  // Deleted by a committed transaction: dead once no snapshot can still see it.
  return TransactionIdPrecedes(xmax, oldest_xmin) ? HtsvResult::kDead : HtsvResult::kRecentlyDead;
}

bool HeapTupleHeaderIsOnlyLocked(const HeapTupleHeaderData* tuple) {
  uint16_t infomask = tuple->t_infomask;
  if ((infomask & kHeapXmaxInvalid) || HeapXmaxIsLockedOnly(infomask)) return true;
  TransactionId xmax = HeapTupleHeaderGetRawXmax(tuple);
  if (TransactionIdIsCurrentTransactionId(xmax) || TransactionIdIsInProgress(xmax)) return false;
  // An updater that did not commit (aborted or crashed) leaves at most a lock.
  return !TransactionIdDidCommit(xmax);
}

}  // namespace hyrax::storage
