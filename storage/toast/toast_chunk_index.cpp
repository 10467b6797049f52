// The per-backend chunk map standing in for the TOAST index (see toast_chunk_index.h).
// Process-local: one process per session, no locking.
#include "storage/toast/toast_chunk_index.h"

#include <algorithm>
#include <unordered_map>

#include "common/memory_context.h"
#include "storage/heap/heap_tuple.h"
#include "storage/toast/toast_relation.h"
#include "storage/txn/snapshot.h"

namespace hyrax::storage {
namespace {

using ChunkMap = std::unordered_map<Oid, std::vector<ToastChunkRef>>;

std::unordered_map<RelFileLocator, ChunkMap, RelFileLocatorHash>& Indexes() {
  static std::unordered_map<RelFileLocator, ChunkMap, RelFileLocatorHash> indexes;
  return indexes;
}

bool BySeq(const ToastChunkRef& a, const ToastChunkRef& b) {
  return a.seq < b.seq;
}

// Every chunk row, whatever its visibility: dead rows may still be needed by old
// snapshots, and aborted ones must keep their value id from being reused.
ChunkMap ScanChunks(const HeapRelation& toast) {
  static const SnapshotData any{SnapshotKind::kAny};
  const TupleDesc& desc = ToastTupleDesc();
  ChunkMap map;
  HeapScan scan(toast, &any);
  HeapTuple tuple;
  while (scan.Next(&tuple)) {
    bool isnull;
    Oid value_id = DatumGetObjectId(HeapGetAttr(tuple, kToastChunkIdAttr, desc, &isnull));
    int32_t seq = DatumGetInt32(HeapGetAttr(tuple, kToastChunkSeqAttr, desc, &isnull));
    map[value_id].push_back({seq, tuple.self});
  }
  for (auto& entry : map) std::sort(entry.second.begin(), entry.second.end(), BySeq);
  return map;
}

ChunkMap& IndexOf(const HeapRelation& toast, bool rebuild) {
  auto& indexes = Indexes();
  auto it = indexes.find(toast.locator);
  if (it == indexes.end()) {
    it = indexes.emplace(toast.locator, ScanChunks(toast)).first;
  } else if (rebuild) {
    it->second = ScanChunks(toast);
  }
  return it->second;
}

}  // namespace

std::vector<ToastChunkRef> ToastLookupChunks(const HeapRelation& toast, Oid value_id,
                                             bool rebuild) {
  ChunkMap& map = IndexOf(toast, rebuild);
  auto it = map.find(value_id);
  if (it == map.end()) return {};
  return it->second;
}

bool ToastValueIdKnown(const HeapRelation& toast, Oid value_id) {
  return IndexOf(toast, /*rebuild=*/false).count(value_id) != 0;
}

void ToastRememberChunk(const HeapRelation& toast, Oid value_id, int32_t seq, ItemPointerData tid) {
  auto& indexes = Indexes();
  auto it = indexes.find(toast.locator);
  if (it == indexes.end()) return;  // a later build will find the row
  auto& refs = it->second[value_id];
  // Chunks are inserted in seq order, so appending keeps the order.
  refs.push_back({seq, tid});
  if (refs.size() > 1 && BySeq(refs.back(), refs[refs.size() - 2])) {
    std::sort(refs.begin(), refs.end(), BySeq);
  }
}

void ToastForgetChunkIndex(const RelFileLocator& locator) {
  Indexes().erase(locator);
}

void ToastForgetAllChunkIndexes() {
  Indexes().clear();
}

}  // namespace hyrax::storage
