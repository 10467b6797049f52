// Finding a value's chunk rows until the (chunk_id, chunk_seq) B+tree index exists: a
// per-backend map per TOAST table from chunk_id to its chunk rows' ctids, built by one scan,
// extended by this backend's inserts, rebuilt when a caller finds it stale. Entries are hints
// that callers re-check. TODO(#4): replace with an index scan. storage/toast/README.md
// "Finding chunks".
#pragma once

#include <cstdint>
#include <vector>

#include "common/ids.h"
#include "common/relfile.h"
#include "storage/heap/heap_am.h"

namespace hyrax::storage {

struct ToastChunkRef {
  int32_t seq = 0;
  ItemPointerData tid;
};

// The chunk rows recorded for `value_id` in TOAST table `toast`, ordered by seq (rows of
// any visibility, possibly stale). Builds the map on first use; with `rebuild`, rescans
// the table first. Throws what a heap scan throws.
std::vector<ToastChunkRef> ToastLookupChunks(const HeapRelation& toast, Oid value_id, bool rebuild);
// Whether any chunk row with chunk_id `value_id` is known (building the map on first use):
// new value ids must not collide with stored ones, even dead ones.
bool ToastValueIdKnown(const HeapRelation& toast, Oid value_id);
// Records a chunk row this backend just inserted (a no-op when the map is not built).
void ToastRememberChunk(const HeapRelation& toast, Oid value_id, int32_t seq, ItemPointerData tid);
// Drops the map of a TOAST table (dropped or truncated), or of all of them.
void ToastForgetChunkIndex(const RelFileLocator& locator);
void ToastForgetAllChunkIndexes();

}  // namespace hyrax::storage
