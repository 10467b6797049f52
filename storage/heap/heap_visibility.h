// Tuple visibility (PostgreSQL's heapam_visibility.c): whether a tuple version is visible
// to a snapshot, whether it may be updated, and whether it is dead to everyone (VACUUM).
// Sets hint bits (xmin/xmax committed/invalid) as a side effect when the caller passes the
// buffer lock; hint-bit writes go through BufferLock::MarkDirtyHint. The rules are written
// out in storage/heap/README.md "Visibility".
#pragma once

#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_tuple.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {

// Whether `tuple` is visible to `snapshot` (dispatching on snapshot.kind: MVCC, Self, Any,
// Dirty; a Dirty snapshot's dirty_xmin/dirty_xmax receive the in-progress inserter/deleter).
// `lock` may be nullptr (tuple copied out of the page: no hint bits are set); otherwise it
// is the share or exclusive content lock of the page holding `tuple`.
bool HeapTupleSatisfiesVisibility(HeapTupleHeaderData* tuple, const SnapshotData& snapshot,
                                  BufferLock* lock);

// For UPDATE/DELETE/SELECT FOR UPDATE: may command `curcid` of the current transaction
// modify this version? Returns kOk, kInvisible, kSelfModified, kUpdated / kDeleted (a
// committed transaction changed it; told apart by t_ctid == tuple.self) or kBeingModified
// (another transaction, or our own lock, holds xmax and is in progress).
// Requires: tuple.self is the tuple's location; `lock` as above (normally exclusive).
enum class TmResult;
TmResult HeapTupleSatisfiesUpdate(const HeapTuple& tuple, CommandId curcid, BufferLock* lock);

enum class HtsvResult { kDead, kLive, kRecentlyDead, kInsertInProgress, kDeleteInProgress };
// Against the horizon `oldest_xmin` (ProcArray::GetOldestXmin()): kDead when no snapshot
// can see the tuple any more (aborted insert, or deleted before the horizon).
HtsvResult HeapTupleSatisfiesVacuum(HeapTupleHeaderData* tuple, TransactionId oldest_xmin,
                                    BufferLock* lock);

// True when xmax does not (or no longer can) mean a deletion: invalid, lock-only, or an
// updater that aborted (PostgreSQL's HeapTupleHeaderIsOnlyLocked).
bool HeapTupleHeaderIsOnlyLocked(const HeapTupleHeaderData* tuple);

// cmin / cmax of a tuple touched by the current transaction (resolving combo cids).
// Requires: the tuple's xmin (cmin) or xmax (cmax) is the current transaction.
CommandId HeapTupleHeaderGetCmin(const HeapTupleHeaderData* tuple);
CommandId HeapTupleHeaderGetCmax(const HeapTupleHeaderData* tuple);
// Before the current transaction stores xmax/cmax on `tuple`: when the tuple was inserted
// by the current transaction (its cmin is still needed), replaces *cmax with a combo cid
// standing for (cmin, cmax) and sets *is_combo (PostgreSQL's HeapTupleHeaderAdjustCmax).
// Call outside critical sections (it may allocate). Combo cids live until the top-level
// transaction ends.
void HeapTupleHeaderAdjustCmax(const HeapTupleHeaderData* tuple, CommandId* cmax, bool* is_combo);

}  // namespace hyrax::storage
