// Subtransactions (savepoints): start, commit (RELEASE), abort (ROLLBACK TO or error) and
// cleanup (PostgreSQL's StartSubTransaction ... CleanupSubTransaction). A subtransaction
// gets an xid only when it first writes; at RELEASE its xid is marked subcommitted and
// handed with its children, locks and pending deletes to the parent; at abort it is marked
// aborted (with an abort record) and its locks are released. README.md ("Subtransactions").
#include <algorithm>

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/clog.h"
#include "storage/txn/txn_internal.h"
#include "storage/txn/xact_record.h"
#include "storage/txn/xact_state.h"
#include "wal/insert/xlog_insert.h"

namespace hyrax::storage::xact_internal {

void StartSubTransaction() {
  TransactionState& s = CurrentState();
  HYRAX_CHECK(s.state == TransState::kDefault && s.parent != nullptr,
              "StartSubTransaction in a wrong transaction state");
  s.state = TransState::kStart;
  LockManager::SetOwnerNestLevel(s.nest_level);
  s.state = TransState::kInProgress;
}

void CommitSubTransaction() {
  TransactionState& s = CurrentState();
  HYRAX_CHECK(s.state == TransState::kInProgress && s.parent != nullptr,
              "CommitSubTransaction in a wrong transaction state");
  CallXactCallbacksMayThrow(XactEvent::kSubCommit);
  s.state = TransState::kCommit;
  TransactionState& parent = *s.parent;
  if (TransactionIdIsValid(s.xid)) {
    Clog::SetStatus(s.xid, XidStatus::kSubCommitted);
    parent.child_xids.push_back(s.xid);
  }
  parent.child_xids.insert(parent.child_xids.end(), s.child_xids.begin(), s.child_xids.end());
  std::sort(parent.child_xids.begin(), parent.child_xids.end());
  for (PendingDelete& pending : PendingDeletes()) {
    if (pending.nest_level >= s.nest_level) pending.nest_level = parent.nest_level;
  }
  LockManager::AtSubCommit(s.nest_level);
  SetReadOnly(s.prev_read_only);
  s.state = TransState::kDefault;
  PopTransaction();
}

void AbortSubTransaction() {
  TransactionState& s = CurrentState();
  if (s.state == TransState::kAbort) return;
  InterruptHoldoff holdoff;
  wal::XLogResetInsertion();
  s.state = TransState::kAbort;
  SetReadOnly(s.prev_read_only);
  // Files created here go now; drops scheduled here are forgotten.
  std::vector<RelFileLocator> rels = TakePendingDeletes(/*is_commit=*/false, s.nest_level);
  if (TransactionIdIsValid(s.xid)) {
    XactRecord record;
    record.xact_time = txn_internal::NowTimestampTz();
    record.subxids = s.child_xids;
    record.rels = rels;
    std::vector<TransactionId> ended = s.child_xids;
    ended.push_back(s.xid);
    {
      CriticalSection crit;
      LogXactRecord(kXlogXactAbort, s.xid, record);
      for (TransactionId xid : ended) Clog::SetStatus(xid, XidStatus::kAborted);
    }
    TransactionId latest = *std::max_element(ended.begin(), ended.end(), TransactionIdPrecedes);
    txn_internal::ProcArrayRemoveSubxids(ended, latest);
  }
  CallXactCallbacks(XactEvent::kSubAbort);
  DoPendingDeletes(rels);
  LockManager::AtSubAbort(s.nest_level);
}

void CleanupSubTransaction() {
  TransactionState& s = CurrentState();
  HYRAX_CHECK(s.parent != nullptr, "CleanupSubTransaction at top level");
  s.state = TransState::kDefault;
  PopTransaction();
  LockManager::SetOwnerNestLevel(CurrentState().nest_level);
}

}  // namespace hyrax::storage::xact_internal
