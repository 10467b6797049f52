// Snapshot management (PostgreSQL's snapmgr.c, simplified): the statement/transaction
// snapshot, the "latest" snapshot for re-checks and the catalog snapshot, all owned by this
// process; MyProc's xmin is set when the first of them is taken and recomputed when some are
// dropped, so ProcArray::GetOldestXmin never passes a snapshot still in use.
#include "storage/txn/snapshot.h"

#include <algorithm>

#include "common/assert.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/txn_internal.h"
#include "storage/txn/xact.h"

namespace hyrax::storage {

namespace {

struct SnapshotState {
  SnapshotData current;  // statement snapshot (READ COMMITTED) or transaction snapshot
  bool current_valid = false;
  bool first_snapshot_taken = false;  // this transaction took a snapshot (SET TRANSACTION)
  SnapshotData latest;                // GetLatestSnapshot(): overwritten by each call
  bool latest_valid = false;
  SnapshotData catalog;
  bool catalog_valid = false;
};

SnapshotState g_state;

void TakeSnapshot(SnapshotData* snapshot) {
  ProcArray::GetSnapshotData(snapshot);
  snapshot->curcid = GetCurrentCommandId(false);
}

// Moves MyProc's xmin to the oldest xmin our remaining snapshots need (or clears it). Only
// ever advances it, which needs no lock (PostgreSQL's SnapshotResetXmin).
void ResetXmin() {
  ProcSlot* me = ProcArray::MyProc();
  if (me == nullptr) return;
  me->xmin.store(GetMyOldestSnapshotXmin());
}

}  // namespace

bool XidInMvccSnapshot(TransactionId xid, const SnapshotData& snapshot) {
  if (TransactionIdPrecedes(xid, snapshot.xmin)) return false;
  if (TransactionIdFollowsOrEquals(xid, snapshot.xmax)) return true;
  if (!snapshot.suboverflowed) {
    if (std::binary_search(snapshot.subxip.begin(), snapshot.subxip.end(), xid)) return true;
  } else {
    // Some subxids are missing from subxip: judge a subtransaction by its top level.
    xid = SubTrans::GetTopmost(xid);
    if (TransactionIdPrecedes(xid, snapshot.xmin)) return false;
  }
  return std::binary_search(snapshot.xip.begin(), snapshot.xip.end(), xid);
}

Snapshot GetTransactionSnapshot() {
  HYRAX_CHECK(IsTransactionState(), "cannot take a snapshot outside a valid transaction");
  if (!g_state.first_snapshot_taken) {
    // The catalog snapshot must not be older than the transaction snapshot.
    InvalidateCatalogSnapshot();
    TakeSnapshot(&g_state.current);
    g_state.current_valid = true;
    g_state.first_snapshot_taken = true;
    return &g_state.current;
  }
  if (!g_state.current_valid) {  // READ COMMITTED, first call of a new statement
    TakeSnapshot(&g_state.current);
    g_state.current_valid = true;
  } else {
    g_state.current.curcid = GetCurrentCommandId(false);
  }
  return &g_state.current;
}

Snapshot GetLatestSnapshot() {
  HYRAX_CHECK(IsTransactionState(), "cannot take a snapshot outside a valid transaction");
  TakeSnapshot(&g_state.latest);
  g_state.latest_valid = true;
  return &g_state.latest;
}

Snapshot GetCatalogSnapshot() {
  if (!g_state.catalog_valid) {
    TakeSnapshot(&g_state.catalog);
    g_state.catalog_valid = true;
  }
  return &g_state.catalog;
}

void InvalidateCatalogSnapshot() {
  if (!g_state.catalog_valid) return;
  g_state.catalog_valid = false;
  ResetXmin();
}

void UpdateActiveSnapshotCommandId() {
  CommandId cid = GetCurrentCommandId(false);
  if (g_state.current_valid) g_state.current.curcid = cid;
  if (g_state.latest_valid) g_state.latest.curcid = cid;
}

void EndStatementSnapshot() {
  g_state.latest_valid = false;
  if (!IsolationUsesXactSnapshot()) {
    g_state.current_valid = false;
    // PostgreSQL drops the catalog snapshot between statements too, so xmin can advance.
    g_state.catalog_valid = false;
  }
  ResetXmin();
}

TransactionId GetMyOldestSnapshotXmin() {
  TransactionId oldest = kInvalidTransactionId;
  auto consider = [&](bool valid, const SnapshotData& snapshot) {
    if (!valid) return;
    if (!TransactionIdIsValid(oldest) || TransactionIdPrecedes(snapshot.xmin, oldest)) {
      oldest = snapshot.xmin;
    }
  };
  consider(g_state.current_valid, g_state.current);
  consider(g_state.latest_valid, g_state.latest);
  consider(g_state.catalog_valid, g_state.catalog);
  return oldest;
}

namespace txn_internal {

bool FirstSnapshotTaken() {
  return g_state.first_snapshot_taken;
}

void AtEOXactSnapshot() {
  g_state.current_valid = false;
  g_state.latest_valid = false;
  g_state.catalog_valid = false;
  g_state.first_snapshot_taken = false;
}

}  // namespace txn_internal

}  // namespace hyrax::storage
