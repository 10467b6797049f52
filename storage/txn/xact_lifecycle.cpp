// Top-level transaction start, commit, abort and cleanup (PostgreSQL's StartTransaction,
// CommitTransaction, AbortTransaction, CleanupTransaction, RecordTransactionCommit/Abort).
// Commit order: kPreCommit callbacks, commit record, WAL flush (synchronous_commit), clog,
// proc array, kCommit callbacks, file removals, lock release. README.md ("Commit").
#include <algorithm>

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_activity.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/txn_internal.h"
#include "storage/txn/xact_record.h"
#include "storage/txn/xact_state.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage::xact_internal {

namespace {

TransactionId LatestXid(TransactionId xid, const std::vector<TransactionId>& children) {
  TransactionId latest = xid;
  for (TransactionId child : children) {
    if (TransactionIdPrecedes(latest, child)) latest = child;
  }
  return latest;
}

// Writes the commit record and marks the transaction committed in clog. Returns the
// transaction's latest xid (kInvalidTransactionId when it never had one: nothing is logged).
TransactionId RecordTransactionCommit(const std::vector<RelFileLocator>& rels) {
  TransactionState& s = TopState();
  if (!TransactionIdIsValid(s.xid)) return kInvalidTransactionId;
  XactRecord record;
  record.xact_time = txn_internal::NowTimestampTz();
  record.subxids = s.child_xids;
  record.rels = rels;
  CriticalSection crit;
  wal::CheckpointStartDelay delay_checkpoint;  // until clog says committed
  Lsn lsn = LogXactRecord(kXlogXactCommit, s.xid, record);
  Lsn async_lsn = kInvalidLsn;
  if (g_synchronous_commit) {
    wal::XLogFlush(lsn);
  } else {
    async_lsn = lsn;  // clog pages must wait for this WAL before reaching disk
  }
  // Children first as subcommitted, then the parent, then the children (PostgreSQL's
  // TransactionIdCommitTree), so no reader sees a child committed before its parent.
  for (TransactionId child : s.child_xids) {
    Clog::SetStatus(child, XidStatus::kSubCommitted, async_lsn);
  }
  Clog::SetStatus(s.xid, XidStatus::kCommitted, async_lsn);
  for (TransactionId child : s.child_xids) {
    Clog::SetStatus(child, XidStatus::kCommitted, async_lsn);
  }
  return LatestXid(s.xid, s.child_xids);
}

// Writes the abort record (not flushed: losing it only loses an abort) and marks clog.
TransactionId RecordTransactionAbort(TransactionState& s, const std::vector<RelFileLocator>& rels) {
  if (!TransactionIdIsValid(s.xid)) return kInvalidTransactionId;
  if (Clog::GetStatus(s.xid) == XidStatus::kCommitted) {
    Panic(fmt::format("cannot abort transaction {}, it was already committed", s.xid).c_str());
  }
  XactRecord record;
  record.xact_time = txn_internal::NowTimestampTz();
  record.subxids = s.child_xids;
  record.rels = rels;
  CriticalSection crit;
  LogXactRecord(kXlogXactAbort, s.xid, record);
  for (TransactionId child : s.child_xids) Clog::SetStatus(child, XidStatus::kAborted);
  Clog::SetStatus(s.xid, XidStatus::kAborted);
  return LatestXid(s.xid, s.child_xids);
}

// What commit and abort share after the outcome is recorded.
void ReleaseTransactionResources() noexcept {
  LockManager::ReleaseAll(/*including_session_locks=*/false);
  LockManager::SetOwnerNestLevel(1);
  txn_internal::AtEOXactSnapshot();
  if (ProcSlot* me = ProcArray::MyProc()) {
    ActivityWriteScope write(me);
    me->xact_start = 0;
  }
}

}  // namespace

void StartTransaction() {
  TransactionState& s = TopState();
  HYRAX_CHECK(s.state == TransState::kDefault, "StartTransaction while a transaction is open");
  s.state = TransState::kStart;
  s.xid = kInvalidTransactionId;
  s.child_xids.clear();
  s.chain = false;  // a COMMIT AND CHAIN that failed before ending the block leaves it set
  ResetTransactionVariables(txn_internal::NowTimestampTz());
  LockManager::SetOwnerNestLevel(1);
  if (ProcSlot* me = ProcArray::MyProc()) {
    ActivityWriteScope write(me);
    me->xact_start = GetCurrentTransactionStartTimestamp();
  }
  s.state = TransState::kInProgress;
}

void CommitTransaction() {
  TransactionState& s = TopState();
  HYRAX_CHECK(s.state == TransState::kInProgress && !IsSubTransaction(),
              "CommitTransaction in a wrong transaction state");
  // May throw: the caller then aborts the transaction instead.
  CallXactCallbacksMayThrow(XactEvent::kPreCommit);

  InterruptHoldoff holdoff;
  s.state = TransState::kCommit;
  std::vector<RelFileLocator> rels = TakePendingDeletes(/*is_commit=*/true, 1);
  TransactionId latest_xid = RecordTransactionCommit(rels);
  txn_internal::ProcArrayEndTransaction(latest_xid);
  CallXactCallbacks(XactEvent::kCommit);
  DoPendingDeletes(rels);
  ReleaseTransactionResources();
  s.xid = kInvalidTransactionId;
  s.child_xids.clear();
  s.state = TransState::kDefault;
}

void AbortTransaction() {
  TransactionState& s = TopState();
  if (s.state == TransState::kDefault || s.state == TransState::kAbort) return;
  InterruptHoldoff holdoff;
  wal::XLogResetInsertion();  // an error may have interrupted a record being built
  s.state = TransState::kAbort;
  std::vector<RelFileLocator> rels = TakePendingDeletes(/*is_commit=*/false, 1);
  TransactionId latest_xid = RecordTransactionAbort(s, rels);
  txn_internal::ProcArrayEndTransaction(latest_xid);
  CallXactCallbacks(XactEvent::kAbort);
  DoPendingDeletes(rels);
  ReleaseTransactionResources();
}

void CleanupTransaction() {
  TransactionState& s = TopState();
  s.xid = kInvalidTransactionId;
  s.child_xids.clear();
  s.state = TransState::kDefault;
}

}  // namespace hyrax::storage::xact_internal
