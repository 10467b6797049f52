// Fixture for the TOAST tests: a whole engine (EngineTestEnv) plus helpers to create tables,
// insert / update / delete rows through the heap, look at values in their stored form and
// count chunk rows in a TOAST table under a given snapshot.
#pragma once

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/memory_context.h"
#include "common/varlena.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/relcache.h"
#include "storage/heap/heap_am.h"
#include "storage/toast/toast_format.h"
#include "storage/toast/toast_relation.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"
#include "tests/support/unit/engine_test_env.h"

namespace hyrax::storage::toast_test {

inline constexpr Oid kInt4 = 23;
inline constexpr Oid kText = 25;
inline constexpr Oid kBytea = 17;
inline constexpr Oid kVarchar = 1043;
inline constexpr Oid kNumeric = 1700;

// Bytes pglz cannot compress.
inline std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}
// Random letters and digits: valid text that does not compress either.
inline std::string RandomText(size_t n, uint32_t seed) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::mt19937 rng(seed);
  std::string out(n, ' ');
  for (char& c : out) c = kAlphabet[rng() % 62];
  return out;
}
// Text that compresses well (words from a small vocabulary).
inline std::string CompressibleText(size_t n, uint32_t seed) {
  static const char* const kWords[] = {"toast ", "hyrax ", "chunk ", "value ",
                                       "pglz ",  "page ",  "tuple ", "heap "};
  std::mt19937 rng(seed);
  std::string out;
  out.reserve(n + 8);
  while (out.size() < n) out += kWords[rng() % 8];
  out.resize(n);
  return out;
}

// One stored row, with its values as the heap stores them.
struct StoredRow {
  ItemPointerData tid;
  uint32_t len = 0;
  uint16_t infomask = 0;
  std::vector<std::string> raw;  // each attribute's stored bytes ("" for NULL)
};

class ToastTest : public ::testing::Test {
 protected:
  // Creates (and commits) table `name` with columns (name, type) in order.
  Oid CreateTable(const std::string& name, const std::vector<catalog::NewColumn>& columns) {
    StartTransactionCommand();
    catalog::NewRelation spec;
    spec.name = name;
    spec.columns = columns;
    Oid relid = catalog::CreateHeapRelation(spec);
    CommitTransactionCommand();
    return relid;
  }

  // The table's heap, optionally with the storage of column `attnum` changed (as ALTER
  // TABLE ... SET STORAGE would).
  HeapRelation Heap(Oid relid, int attnum = 0, char storage = '\0') {
    catalog::RelationPtr rel = catalog::RelationIdGetRelation(relid);
    HeapRelation heap = rel->heap;
    if (attnum > 0) {
      auto desc = std::make_shared<TupleDesc>(*rel->desc);
      desc->mutable_attr(attnum - 1).storage = storage;
      heap.desc = desc;
    }
    return heap;
  }

  // Forms a row (int4 id, then varlena values; nullopt = NULL) in the current context.
  HeapTuple MakeRow(const HeapRelation& heap, int32_t id,
                    const std::vector<std::optional<std::string>>& values) {
    std::vector<Datum> datums{Int32GetDatum(id)};
    std::vector<char> nulls{0};
    for (const auto& v : values) {
      datums.push_back(v ? MakeVarlenaDatum(*v) : 0);
      nulls.push_back(v ? 0 : 1);
    }
    return HeapFormTuple(*heap.desc, datums.data(), reinterpret_cast<bool*>(nulls.data()));
  }

  ItemPointerData Insert(const HeapRelation& heap, int32_t id,
                         const std::vector<std::optional<std::string>>& values) {
    MemoryContextScope scope(&ctx_);
    HeapTuple tuple = MakeRow(heap, id, values);
    HeapInsert(heap, &tuple, GetCurrentCommandId(true));
    return tuple.self;
  }

  ItemPointerData Update(const HeapRelation& heap, ItemPointerData tid, int32_t id,
                         const std::vector<std::optional<std::string>>& values) {
    MemoryContextScope scope(&ctx_);
    HeapTuple tuple = MakeRow(heap, id, values);
    TmFailureData tmfd;
    EXPECT_EQ(HeapUpdate(heap, tid, &tuple, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
    return tuple.self;
  }

  void Delete(const HeapRelation& heap, ItemPointerData tid) {
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(heap, tid, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  }

  // Every row visible to `snapshot`, with stored values.
  std::vector<StoredRow> StoredRows(const HeapRelation& heap, Snapshot snapshot) {
    std::vector<StoredRow> rows;
    HeapScan scan(heap, snapshot);
    HeapTuple tuple;
    const TupleDesc& desc = *heap.desc;
    std::vector<Datum> values(desc.natts());
    std::vector<char> nulls(desc.natts());
    while (scan.Next(&tuple)) {
      StoredRow row{tuple.self, tuple.len, tuple.data->t_infomask, {}};
      HeapDeformTupleRaw(tuple, desc, values.data(), reinterpret_cast<bool*>(nulls.data()));
      for (int i = 0; i < desc.natts(); ++i) {
        if (nulls[i]) {
          row.raw.emplace_back();
        } else if (desc.attr(i).len == -1) {
          const char* p = DatumGetPointer<const char>(values[i]);
          row.raw.emplace_back(p, VarSizeAny(p));
        } else {
          row.raw.emplace_back(reinterpret_cast<const char*>(&values[i]), sizeof(Datum));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // The detoasted value of attribute `attnum` of the row at `tid` (HeapFetch + deform), as
  // the executor would see it; nullopt when the row is invisible.
  std::optional<std::string> ReadValue(const HeapRelation& heap, Snapshot snapshot,
                                       ItemPointerData tid, int attnum) {
    MemoryContextScope scope(&ctx_);
    HeapTuple tuple;
    if (!HeapFetch(heap, snapshot, tid, &tuple)) return std::nullopt;
    std::vector<Datum> values(heap.desc->natts());
    std::vector<char> nulls(heap.desc->natts());
    HeapDeformTuple(tuple, *heap.desc, values.data(), reinterpret_cast<bool*>(nulls.data()));
    const char* p = DatumGetPointer<const char>(values[attnum - 1]);
    EXPECT_TRUE(VarIsPlain(p)) << "the executor must only see plain varlenas";
    bool isnull;
    Datum single = HeapGetAttr(tuple, attnum, *heap.desc, &isnull);
    EXPECT_EQ(DatumGetString(single), DatumGetString(values[attnum - 1]));
    return DatumGetString(values[attnum - 1]);
  }

  // Chunk rows of TOAST table `toast` visible to `snapshot`, per chunk_id (kInvalidOid: all).
  size_t CountChunks(const HeapRelation& toast, Snapshot snapshot, Oid value_id = kInvalidOid) {
    HeapScan scan(toast, snapshot);
    HeapTuple tuple;
    size_t n = 0;
    while (scan.Next(&tuple)) {
      bool isnull;
      Oid id = DatumGetObjectId(HeapGetAttr(tuple, kToastChunkIdAttr, ToastTupleDesc(), &isnull));
      if (value_id == kInvalidOid || id == value_id) ++n;
    }
    return n;
  }

  static const SnapshotData* AnySnapshot() {
    static const SnapshotData any{SnapshotKind::kAny};
    return &any;
  }

  HeapRelation ToastOf(const HeapRelation& heap) { return ToastHeapOf(heap); }

  hyrax::testing::EngineTestEnv env_;
  MemoryContext ctx_{"toast test"};
};

inline size_t ChunksFor(size_t stored_bytes) {
  return (stored_bytes + kToastMaxChunkSize - 1) / kToastMaxChunkSize;
}

}  // namespace hyrax::storage::toast_test
