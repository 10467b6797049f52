// Waiting for a concurrent modifier of a tuple (PostgreSQL's heap_acquire_tuplock +
// XactLockTableWait + xmax_infomask_changed re-check), shared by delete, update and row
// locking. storage/heap/README.md "Update, delete and lock protocol".
#include "common/error.h"
#include "storage/heap/heap_internal.h"
#include "storage/heap/heap_visibility.h"
#include "storage/heap/hint_bits.h"
#include "storage/txn/transam.h"

namespace hyrax::storage::heapam {
namespace {

// Heavyweight lock mode standing for each tuple lock strength (PostgreSQL's
// tupleLockExtraInfo): only conflicting strengths queue behind each other.
LockMode HeavyweightMode(LockTupleMode mode) {
  switch (mode) {
    case LockTupleMode::kKeyShare:
      return LockMode::kAccessShare;
    case LockTupleMode::kShare:
      return LockMode::kRowShare;
    case LockTupleMode::kNoKeyExclusive:
      return LockMode::kExclusive;
    case LockTupleMode::kExclusive:
      return LockMode::kAccessExclusive;
  }
  return LockMode::kAccessExclusive;
}

// True when the bits that describe xmax changed (PostgreSQL's xmax_infomask_changed).
bool XmaxInfomaskChanged(uint16_t new_infomask, uint16_t old_infomask) {
  constexpr uint16_t kInteresting = kHeapXmaxIsMulti | kHeapXmaxLockOnly | kHeapLockMask;
  return (new_infomask & kInteresting) != (old_infomask & kInteresting);
}

// Records the final status of the xmax we waited for (PostgreSQL's UpdateXmaxHintBits).
void UpdateXmaxHintBits(HeapTupleHeaderData* tuple, BufferLock* lock, TransactionId xid) {
  if (tuple->t_infomask & (kHeapXmaxCommitted | kHeapXmaxInvalid)) return;
  if (!HeapXmaxIsLockedOnly(tuple->t_infomask) && TransactionIdDidCommit(xid)) {
    SetHintBits(tuple, lock, kHeapXmaxCommitted, xid);
  } else {
    SetHintBits(tuple, lock, kHeapXmaxInvalid, kInvalidTransactionId);
  }
}

}  // namespace

TupleLockGuard::~TupleLockGuard() {
  if (!held_) return;
  try {
    UnlockTuple(relid_, tid_.block(), tid_.offset(), HeavyweightMode(mode_));
  } catch (...) {  // destructors never throw; transaction end releases the lock anyway
  }
}

bool TupleLockGuard::Acquire(LockWaitPolicy policy, const HeapRelation& rel) {
  if (held_) return true;
  LockMode hw_mode = HeavyweightMode(mode_);
  if (policy == LockWaitPolicy::kBlock) {
    LockTuple(relid_, tid_.block(), tid_.offset(), hw_mode);
  } else if (!ConditionalLockTuple(relid_, tid_.block(), tid_.offset(), hw_mode)) {
    if (policy == LockWaitPolicy::kSkip) return false;
    throw MakeError(errcode::kLockNotAvailable, "could not obtain lock on row in relation \"{}\"",
                    rel.name);
  }
  held_ = true;
  return true;
}

WaitOutcome WaitForModifier(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                            const HeapTuple& tuple, LockWaitPolicy policy,
                            TupleLockGuard* tuple_lock) {
  TransactionId xwait = HeapTupleHeaderGetRawXmax(tuple.data);
  uint16_t infomask = tuple.data->t_infomask;
  lock->Unlock();
  // The tuple lock makes later arrivals queue behind us instead of racing for the tuple
  // when xwait ends.
  bool got_it = tuple_lock->Acquire(policy, rel);
  if (got_it) {
    if (policy == LockWaitPolicy::kBlock) {
      XactLockTableWait(xwait);
    } else if (!ConditionalXactLockTableWait(xwait)) {
      if (policy == LockWaitPolicy::kError) {
        throw MakeError(errcode::kLockNotAvailable,
                        "could not obtain lock on row in relation \"{}\"", rel.name);
      }
      got_it = false;
    }
  }
  *lock = BufferLock(pin, BufferLockMode::kExclusive);
  if (!got_it) return WaitOutcome::kWouldBlock;
  // xwait is done, but if it only locked the tuple somebody else may have updated it
  // meanwhile: start over when xmax changed.
  if (XmaxInfomaskChanged(tuple.data->t_infomask, infomask) ||
      HeapTupleHeaderGetRawXmax(tuple.data) != xwait) {
    return WaitOutcome::kRecheck;
  }
  UpdateXmaxHintBits(tuple.data, lock, xwait);
  return WaitOutcome::kProceed;
}

TmResult CheckModifiable(const HeapRelation& rel, const PinnedBuffer& pin, BufferLock* lock,
                         const HeapTuple& tuple, CommandId cid, Snapshot crosscheck, bool wait,
                         TupleLockGuard* tuple_lock, const char* verb) {
  for (;;) {
    TmResult result = HeapTupleSatisfiesUpdate(tuple, cid, lock);
    if (result == TmResult::kInvisible) {
      throw MakeError(errcode::kObjectNotInPrerequisiteState, "attempted to {} invisible tuple",
                      verb);
    }
    if (result == TmResult::kBeingModified && wait) {
      // Our own row lock is no obstacle; another transaction's change must end first.
      if (!TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetRawXmax(tuple.data))) {
        if (WaitForModifier(rel, pin, lock, tuple, LockWaitPolicy::kBlock, tuple_lock) ==
            WaitOutcome::kRecheck) {
          continue;
        }
      }
      result = ResultAfterWait(tuple);
    }
    // REPEATABLE READ: a version our transaction snapshot cannot see was committed by
    // someone else after it was taken.
    if (crosscheck != nullptr && result == TmResult::kOk &&
        !HeapTupleSatisfiesVisibility(tuple.data, *crosscheck, lock)) {
      result = TmResult::kUpdated;
    }
    return result;
  }
}

TmResult ResultAfterWait(const HeapTuple& tuple) {
  const HeapTupleHeaderData* tup = tuple.data;
  if ((tup->t_infomask & kHeapXmaxInvalid) || HeapXmaxIsLockedOnly(tup->t_infomask) ||
      HeapTupleHeaderIsOnlyLocked(tup)) {
    return TmResult::kOk;
  }
  return tuple.self == tup->t_ctid ? TmResult::kDeleted : TmResult::kUpdated;
}

void FillFailureData(const HeapTuple& tuple, TmResult result, TmFailureData* tmfd) {
  if (tmfd == nullptr) return;
  tmfd->ctid = tuple.data->t_ctid;
  tmfd->xmax = HeapTupleHeaderGetUpdateXid(tuple.data);
  tmfd->cmax =
      result == TmResult::kSelfModified ? HeapTupleHeaderGetCmax(tuple.data) : kInvalidCommandId;
  tmfd->traversed = false;
}

}  // namespace hyrax::storage::heapam
