// MVCC snapshots: which transactions' effects are visible. Taken from the proc array under
// ProcArrayLock (PostgreSQL's GetSnapshotData). READ COMMITTED takes one per statement,
// REPEATABLE READ one per transaction; catalog lookups use a catalog snapshot refreshed
// whenever invalidation messages arrive.
#pragma once

#include <cstdint>
#include <vector>

#include "common/ids.h"

namespace hyrax::storage {

enum class SnapshotKind : uint8_t {
  kMvcc,   // the normal kind
  kSelf,   // sees own changes including the current command (used by constraint checks)
  kAny,    // every tuple (debugging / pageinspect-style tools)
  kDirty,  // also in-progress inserts (unique checks)
};

struct SnapshotData {
  SnapshotKind kind = SnapshotKind::kMvcc;
  TransactionId xmin = kInvalidTransactionId;  // all xids < xmin are finished
  TransactionId xmax = kInvalidTransactionId;  // all xids >= xmax are invisible
  std::vector<TransactionId> xip;              // in progress at snapshot time (sorted)
  std::vector<TransactionId> subxip;           // their known subtransaction xids (sorted)
  bool suboverflowed = false;                  // some subxids missing: consult pg_subtrans
  CommandId curcid = kFirstCommandId;          // own changes with cid < curcid are visible
  // For kDirty snapshots: filled by the visibility check with the in-progress xmin/xmax.
  mutable TransactionId dirty_xmin = kInvalidTransactionId;
  mutable TransactionId dirty_xmax = kInvalidTransactionId;
};

using Snapshot = const SnapshotData*;

// True when `xid` counts as still running for `snapshot` (in xip/subxip or >= xmax).
bool XidInMvccSnapshot(TransactionId xid, const SnapshotData& snapshot);

// The snapshot for the current statement: a fresh one in READ COMMITTED, the transaction's
// first one otherwise. Valid until the end of the statement (READ COMMITTED) or the
// transaction. curcid is the current command id.
Snapshot GetTransactionSnapshot();
// A fresh snapshot regardless of isolation level (READ COMMITTED re-checks, FK checks).
Snapshot GetLatestSnapshot();
// Snapshot for catalog scans; refreshed after invalidations are processed.
Snapshot GetCatalogSnapshot();
void InvalidateCatalogSnapshot();
// Updates curcid of the active snapshots after CommandCounterIncrement.
void UpdateActiveSnapshotCommandId();
// Marks the end of a statement: in READ COMMITTED the next GetTransactionSnapshot() takes
// a new snapshot.
void EndStatementSnapshot();
// The process's xmin horizon: the oldest xmin any snapshot of this backend still needs.
TransactionId GetMyOldestSnapshotXmin();

}  // namespace hyrax::storage
