// Internals shared between the files of storage/txn (proc array, snapshots, xid allocation
// and the transaction machinery). Not for use outside storage/txn.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "common/ids.h"

namespace hyrax::storage::txn_internal {

// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01 00:00:00 UTC).
inline constexpr int64_t kPostgresEpochOffsetUs = 946684800LL * 1000000LL;

// Current time as PostgreSQL's TimestampTz (µs since 2000-01-01).
inline int64_t NowTimestampTz() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(now).count() -
         kPostgresEpochOffsetUs;
}

// ---- proc_array.cpp ----

// Publishes a newly assigned subtransaction xid in MyProc()'s subxid cache (or sets its
// overflow flag). Requires: XidGenLock held (so the xid is visible before later xids).
void ProcArrayAddSubxid(TransactionId subxid);
// Ends MyProc()'s transaction: clears xid, xmin and subxids and advances latestCompletedXid
// to `latest_xid` (the largest xid of the transaction, subxids included).
void ProcArrayEndTransaction(TransactionId latest_xid);
// Sub-abort: removes `xids` from MyProc()'s subxid cache; advances latestCompletedXid.
void ProcArrayRemoveSubxids(const std::vector<TransactionId>& xids, TransactionId latest_xid);
// After recovery: every xid before `next_xid` has completed.
void ProcArraySetNextXid(TransactionId next_xid);

// ---- snapshot.cpp ----

// True once the current transaction took its first snapshot (SET TRANSACTION checks).
bool FirstSnapshotTaken();
// Forgets every snapshot of the ending transaction (MyProc's xmin is cleared by the proc
// array at the same time).
void AtEOXactSnapshot();

// ---- transam.cpp ----

// Forgets the cached xid status (a new shared memory segment means new xids).
void ResetStatusCache();

// ---- varsup.cpp ----

// Redo saw `xid`: the next xid handed out must follow it.
void AdvanceNextXidPast(TransactionId xid);

}  // namespace hyrax::storage::txn_internal
