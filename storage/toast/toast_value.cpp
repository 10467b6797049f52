// Saving, fetching and deleting one out-of-line value (see toast_value.h). Chunk rows are
// found through the chunk map of toast_chunk_index.h; every row found is re-checked (its
// chunk_id and chunk_seq), and a map that proves stale is rebuilt once before a problem is
// reported as corruption. storage/toast/README.md "Chunks", "Finding chunks" and "MVCC".
#include "storage/toast/toast_value.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "common/memory_context.h"
#include "storage/heap/heap_tuple.h"
#include "storage/toast/toast_chunk_index.h"
#include "storage/toast/toast_relation.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/transam.h"

namespace hyrax::storage {
namespace {

// Chunk rows inserted per HeapMultiInsert call (four fill a page).
constexpr size_t kChunksPerBatch = 32;

const SnapshotData& AnySnapshot() {
  static const SnapshotData any{SnapshotKind::kAny};
  return any;
}

// The TOAST rule (PostgreSQL's HeapTupleSatisfiesToast, with clog consulted instead of
// trusting value ids alone): a chunk counts unless its inserter aborted or crashed. Deleted
// chunks still count: the owning row's visibility, decided by the caller's snapshot, is
// what makes a value readable.
bool ToastChunkVisible(const HeapTupleHeaderData* tup) {
  if (HeapXminInvalid(tup)) return false;
  if (HeapXminCommitted(tup)) return true;
  TransactionId xmin = HeapTupleHeaderGetRawXmin(tup);
  if (!TransactionIdIsValid(xmin)) return false;
  if (TransactionIdIsCurrentTransactionId(xmin) || TransactionIdIsInProgress(xmin)) return true;
  return TransactionIdDidCommit(xmin);
}

int32_t ChunkCount(uint32_t extsize) {
  return static_cast<int32_t>((extsize + kToastMaxChunkSize - 1) / kToastMaxChunkSize);
}

Oid NewValueId(const HeapRelation& toast) {
  for (;;) {
    Oid value_id = GetNewObjectId();
    if (!ToastValueIdKnown(toast, value_id)) return value_id;
  }
}

// One chunk row read back: its fields in stored form, or nothing when the ctid does not hold
// a chunk of `value_id` with sequence number `seq` (a stale map entry).
struct ChunkRow {
  HeapTuple tuple;
  const char* data = nullptr;
  bool visible = false;
};
std::optional<ChunkRow> ReadChunk(const HeapRelation& toast, BlockNumber nblocks, Oid value_id,
                                  const ToastChunkRef& ref) {
  if (ref.tid.block() >= nblocks) return std::nullopt;
  ChunkRow row;
  if (!HeapFetch(toast, &AnySnapshot(), ref.tid, &row.tuple)) return std::nullopt;
  Datum values[3];
  bool isnull[3];
  HeapDeformTupleRaw(row.tuple, ToastTupleDesc(), values, isnull);
  if (isnull[0] || isnull[1] || DatumGetObjectId(values[0]) != value_id ||
      DatumGetInt32(values[1]) != ref.seq) {
    return std::nullopt;
  }
  row.data = isnull[2] ? nullptr : DatumGetPointer<const char>(values[2]);
  row.visible = ToastChunkVisible(row.tuple.data);
  return row;
}

// Copies the value's visible chunks into `dest`; returns the problem found, if any.
std::optional<Error> CopyChunks(const HeapRelation& toast, const ToastPointer& ptr,
                                const std::vector<ToastChunkRef>& refs, char* dest) {
  uint32_t extsize = ptr.ExtSize();
  int32_t nchunks = ChunkCount(extsize);
  Oid value_id = ptr.va_valueid;
  const std::string& rel = toast.name;
  BlockNumber nblocks = BufferManager::NumBlocks(toast.locator, ForkNumber::kMain);
  MemoryContext tmp("toast fetch");
  int32_t expected = 0;
  for (const ToastChunkRef& ref : refs) {
    tmp.Reset();  // the previous chunk's copy
    MemoryContextScope scope(&tmp);
    std::optional<ChunkRow> row = ReadChunk(toast, nblocks, value_id, ref);
    if (!row) {
      return MakeError(errcode::kDataCorrupted, "missing chunk number {} for toast value {} in {}",
                       expected, value_id, rel);
    }
    if (!row->visible) continue;
    int32_t seq = ref.seq;
    if (seq != expected) {
      if (seq > expected) {
        return MakeError(errcode::kDataCorrupted,
                         "missing chunk number {} for toast value {} in {}", expected, value_id,
                         rel);
      }
      return MakeError(errcode::kDataCorrupted,
                       "unexpected chunk number {} (expected {}) for toast value {} in {}", seq,
                       expected, value_id, rel);
    }
    if (seq >= nchunks) {
      return MakeError(errcode::kDataCorrupted,
                       "unexpected chunk number {} (out of range {}..{}) for toast value {} in {}",
                       seq, 0, nchunks - 1, value_id, rel);
    }
    if (row->data == nullptr || VarIsExternal(row->data) || VarIsCompressed(row->data)) {
      return MakeError(errcode::kDataCorrupted,
                       "found toasted toast chunk for toast value {} in {}", value_id, rel);
    }
    size_t size = VarSizeAnyExhdr(row->data);
    size_t want = seq < nchunks - 1 ? kToastMaxChunkSize
                                    : extsize - static_cast<size_t>(seq) * kToastMaxChunkSize;
    if (size != want) {
      return MakeError(errcode::kDataCorrupted,
                       "unexpected chunk size {} (expected {}) in chunk {} of {} for toast value "
                       "{} in {}",
                       size, want, seq, nchunks, value_id, rel);
    }
    std::memcpy(dest + static_cast<size_t>(seq) * kToastMaxChunkSize, VarDataAny(row->data), size);
    ++expected;
  }
  if (expected != nchunks) {
    return MakeError(errcode::kDataCorrupted, "missing chunk number {} for toast value {} in {}",
                     expected, value_id, rel);
  }
  return std::nullopt;
}

// Where the stored bytes of `value` start, how many there are, and the pointer describing
// them (PostgreSQL's toast_save_datum cases).
struct SaveSource {
  const char* data;
  uint32_t len;
  ToastPointer ptr;
};
SaveSource DescribeSource(const char* value) {
  SaveSource src{};
  if (VarIsShort(value)) {
    src.data = value + 1;
    src.len = static_cast<uint32_t>(VarSizeShort(value) - 1);
    src.ptr.va_rawsize = static_cast<int32_t>(src.len + kVarHeaderSize);  // as if not short
    src.ptr.va_extinfo = src.len;
  } else if (VarIsCompressed(value)) {
    // The chunks hold va_tcinfo and the compressed data; rawsize is the decompressed size.
    src.data = value + kVarHeaderSize;
    src.len = VarSize(value) - kVarHeaderSize;
    src.ptr.va_rawsize = static_cast<int32_t>(CompressedRawSize(value) + kVarHeaderSize);
    src.ptr.va_extinfo = src.len | (CompressedMethod(value) << 30);
  } else {
    HYRAX_CHECK(VarIsPlain(value), "cannot move an external value out of line again");
    src.data = value + kVarHeaderSize;
    src.len = VarSize(value) - kVarHeaderSize;
    src.ptr.va_rawsize = static_cast<int32_t>(VarSize(value));
    src.ptr.va_extinfo = src.len;
  }
  return src;
}

}  // namespace

Datum ToastSaveDatum(const HeapRelation& toast, const char* value, CommandId cid) {
  SaveSource src = DescribeSource(value);
  src.ptr.va_valueid = NewValueId(toast);
  src.ptr.va_toastrelid = toast.oid;
  const TupleDesc& desc = ToastTupleDesc();
  int32_t nchunks = ChunkCount(src.len);
  MemoryContext tmp("toast save");
  for (int32_t first = 0; first < nchunks; first += kChunksPerBatch) {
    MemoryContextScope scope(&tmp);
    int32_t last = std::min<int32_t>(nchunks, first + kChunksPerBatch);
    std::vector<HeapTuple> tuples;
    tuples.reserve(static_cast<size_t>(last - first));
    for (int32_t seq = first; seq < last; ++seq) {
      size_t off = static_cast<size_t>(seq) * kToastMaxChunkSize;
      size_t chunk_len = std::min<size_t>(kToastMaxChunkSize, src.len - off);
      Varlena* chunk = AllocVarlena(static_cast<uint32_t>(chunk_len));
      std::memcpy(VarData(chunk), src.data + off, chunk_len);
      Datum values[3] = {ObjectIdGetDatum(src.ptr.va_valueid), Int32GetDatum(seq),
                         PointerGetDatum(chunk)};
      bool isnull[3] = {false, false, false};
      tuples.push_back(HeapFormTuple(desc, values, isnull));
    }
    std::vector<HeapTuple*> batch;
    for (HeapTuple& t : tuples) batch.push_back(&t);
    HeapMultiInsert(toast, batch, cid);
    for (size_t i = 0; i < tuples.size(); ++i) {
      ToastRememberChunk(toast, src.ptr.va_valueid, first + static_cast<int32_t>(i),
                         tuples[i].self);
    }
    tmp.Reset();
  }
  auto* pointer = static_cast<char*>(Palloc(kToastPointerSize));
  WriteToastPointer(pointer, src.ptr);
  return PointerGetDatum(pointer);
}

Varlena* ToastFetchDatum(const ToastPointer& ptr) {
  HeapRelation toast = ToastHeapById(ptr.va_toastrelid);
  uint32_t extsize = ptr.ExtSize();
  Varlena* result = AllocVarlena(extsize);
  if (ptr.IsCompressed()) {
    // The chunks start with va_tcinfo: the result is an inline compressed value.
    uint32_t header = ((extsize + kVarHeaderSize) << 2) | 0x02;
    std::memcpy(result, &header, sizeof(header));
  }
  std::optional<Error> problem;
  for (bool rebuild : {false, true}) {
    std::vector<ToastChunkRef> refs = ToastLookupChunks(toast, ptr.va_valueid, rebuild);
    problem = CopyChunks(toast, ptr, refs, VarData(result));
    if (!problem) return result;
  }
  throw *problem;
}

void ToastDeleteDatum(const ToastPointer& ptr, CommandId cid) {
  HeapRelation toast = ToastHeapById(ptr.va_toastrelid);
  size_t nchunks = static_cast<size_t>(ChunkCount(ptr.ExtSize()));
  std::vector<ItemPointerData> victims;
  MemoryContext tmp("toast delete");
  for (bool rebuild : {false, true}) {
    MemoryContextScope scope(&tmp);
    BlockNumber nblocks = BufferManager::NumBlocks(toast.locator, ForkNumber::kMain);
    victims.clear();
    bool stale = false;
    for (const ToastChunkRef& ref : ToastLookupChunks(toast, ptr.va_valueid, rebuild)) {
      std::optional<ChunkRow> row = ReadChunk(toast, nblocks, ptr.va_valueid, ref);
      if (!row) {
        stale = true;
      } else if (row->visible) {
        victims.push_back(ref.tid);
      }
    }
    tmp.Reset();
    if (!stale && victims.size() == nchunks) break;
  }
  for (ItemPointerData tid : victims) {
    TmFailureData tmfd;
    TmResult result = HeapDelete(toast, tid, cid, nullptr, /*wait=*/true, &tmfd);
    HYRAX_CHECK(
        result == TmResult::kOk || result == TmResult::kSelfModified,
        "TOAST chunk of value " + std::to_string(ptr.va_valueid) + " was deleted concurrently");
  }
}

}  // namespace hyrax::storage
