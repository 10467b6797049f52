// Tuple visibility (PostgreSQL's heapam_visibility.c): whether a tuple version is visible
// to a snapshot, whether it may be updated, and whether it is dead to everyone (VACUUM).
// Sets hint bits (xmin/xmax committed/invalid) as a side effect when the caller passes the
// buffer lock; hint-bit writes go through BufferLock::MarkDirtyHint.
#pragma once

#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_tuple.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {

// `lock` may be nullptr (tuple copied out of the page: no hint bits are set).
bool HeapTupleSatisfiesVisibility(HeapTupleHeaderData* tuple, const SnapshotData& snapshot,
                                  BufferLock* lock);

// For UPDATE/DELETE/SELECT FOR UPDATE: may the current command modify this version?
// Maps to TmResult in heap_am.h (kOk, kInvisible, kSelfModified, kUpdated/kDeleted,
// kBeingModified).
enum class TmResult;
TmResult HeapTupleSatisfiesUpdate(HeapTupleHeaderData* tuple, CommandId curcid, BufferLock* lock);

enum class HtsvResult { kDead, kLive, kRecentlyDead, kInsertInProgress, kDeleteInProgress };
// Against the horizon `oldest_xmin` (ProcArray::GetOldestXmin()).
HtsvResult HeapTupleSatisfiesVacuum(HeapTupleHeaderData* tuple, TransactionId oldest_xmin,
                                    BufferLock* lock);

// cmin / cmax of a tuple touched by the current transaction (resolving combo cids).
CommandId HeapTupleHeaderGetCmin(const HeapTupleHeaderData* tuple);
CommandId HeapTupleHeaderGetCmax(const HeapTupleHeaderData* tuple);

}  // namespace hyrax::storage
