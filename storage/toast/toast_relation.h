// TOAST tables as heaps: their fixed row layout (chunk_id oid, chunk_seq int4, chunk_data
// bytea, all storage 'p', so chunk rows are never toasted themselves), the heap of a
// table's TOAST table, and the TOAST table a pointer's va_toastrelid names.
// storage/toast/README.md "Chunks".
#pragma once

#include "common/ids.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::storage {

// Attribute numbers of a TOAST table.
inline constexpr int kToastChunkIdAttr = 1;
inline constexpr int kToastChunkSeqAttr = 2;
inline constexpr int kToastChunkDataAttr = 3;

// The row layout of every TOAST table (process-lifetime object).
const TupleDesc& ToastTupleDesc();

// The TOAST table of `rel` (rel.toast_oid, rel.toast_locator) as a heap without toasting.
// Requires: rel.toast_oid != kInvalidOid.
HeapRelation ToastHeapOf(const HeapRelation& rel);

// The TOAST table with OID `toast_oid`: a system catalog's is known without catalog access
// (its files are named by its fixed OID), any other comes from the relcache. The caller's
// lock on the owning table keeps it from being dropped (no lock is taken on it).
// Throws XX000 "could not open relation with OID N" when there is no such relation.
HeapRelation ToastHeapById(Oid toast_oid);

}  // namespace hyrax::storage
