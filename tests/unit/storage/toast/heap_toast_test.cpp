// The heap toaster end to end on a real engine: where values end up (compressed inline, out
// of line compressed or not) for each storage strategy, that readers always get plain
// varlenas back, that updates reuse unchanged TOAST values and delete replaced ones, that
// deleted and aborted values' chunks are dead to new snapshots, and that values survive a
// crash through WAL replay.
#include "storage/toast/heap_toast.h"

#include "common/error.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/syscache.h"
#include "storage/toast/toast_value.h"
#include "tests/unit/storage/toast/toast_test_env.h"

namespace hyrax::storage::toast_test {
namespace {

class HeapToastTest : public ToastTest {
 protected:
  void SetUp() override {
    relid_ = CreateTable("t", {{"id", kInt4, -1}, {"v", kText, -1}});
    StartTransactionCommand();
  }
  void TearDown() override {
    if (IsTransactionState()) CommitTransactionCommand();
  }
  void NextTransaction() {
    CommitTransactionCommand();
    StartTransactionCommand();
  }
  // Makes this transaction's changes so far visible to its next snapshot.
  void NextCommand() { CommandCounterIncrement(); }
  Oid CreateTableNow(const std::string& name, const std::vector<catalog::NewColumn>& columns) {
    CommitTransactionCommand();
    Oid relid = CreateTable(name, columns);
    StartTransactionCommand();
    return relid;
  }
  StoredRow OnlyRow(const HeapRelation& heap) {
    std::vector<StoredRow> rows = StoredRows(heap, GetTransactionSnapshot());
    EXPECT_EQ(rows.size(), 1u);
    return rows.empty() ? StoredRow{} : rows[0];
  }

  Oid relid_ = kInvalidOid;
};

TEST_F(HeapToastTest, MegabyteOfCompressibleTextIsCompressedAndMovedOutOfLine) {
  HeapRelation heap = Heap(relid_);
  std::string value = CompressibleText(1 << 20, 1);
  ItemPointerData tid = Insert(heap, 1, {value});
  NextTransaction();

  StoredRow row = OnlyRow(heap);
  EXPECT_LT(row.len, 64u) << "the main tuple only holds the TOAST pointer";
  EXPECT_NE(row.infomask & kHeapHasExternal, 0);
  const std::string& stored = row.raw[1];
  ASSERT_TRUE(VarIsExternalOnDisk(stored.data()));
  ASSERT_EQ(stored.size(), kToastPointerSize);
  ToastPointer ptr = ReadToastPointer(stored.data());
  EXPECT_EQ(ptr.va_rawsize, (1 << 20) + 4);
  EXPECT_TRUE(ptr.IsCompressed());
  EXPECT_EQ(ptr.CompressionMethod(), kToastPglzCompressionId);
  EXPECT_LT(ptr.ExtSize(), (1u << 20) / 4);
  EXPECT_EQ(ptr.va_toastrelid, heap.toast_oid);
  EXPECT_EQ(CountChunks(ToastOf(heap), GetTransactionSnapshot(), ptr.va_valueid),
            ChunksFor(ptr.ExtSize()));
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), value);
}

TEST_F(HeapToastTest, IncompressibleByteaGoesOutOfLineUncompressed) {
  Oid relid = CreateTableNow("b", {{"id", kInt4, -1}, {"data", kBytea, -1}});
  HeapRelation heap = Heap(relid);
  std::string value = RandomBytes(100 * 1000, 2);
  ItemPointerData tid = Insert(heap, 1, {value});
  NextTransaction();

  StoredRow row = OnlyRow(heap);
  ToastPointer ptr = ReadToastPointer(row.raw[1].data());
  ASSERT_TRUE(VarIsExternalOnDisk(row.raw[1].data()));
  EXPECT_FALSE(ptr.IsCompressed());
  EXPECT_EQ(ptr.ExtSize(), 100000u);
  EXPECT_EQ(ptr.va_rawsize, 100004);
  EXPECT_EQ(ptr.va_extinfo >> 30, 0u);
  EXPECT_EQ(CountChunks(ToastOf(heap), GetTransactionSnapshot(), ptr.va_valueid), 51u);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), value);
}

TEST_F(HeapToastTest, ThreeKilobytesOfCompressibleTextAreCompressedInline) {
  HeapRelation heap = Heap(relid_);
  std::string value = CompressibleText(3000, 3);
  ItemPointerData tid = Insert(heap, 1, {value});
  NextTransaction();

  StoredRow row = OnlyRow(heap);
  EXPECT_EQ(row.infomask & kHeapHasExternal, 0);
  EXPECT_LE(row.len, kToastTupleThreshold);
  ASSERT_TRUE(VarIsCompressed(row.raw[1].data()));
  EXPECT_EQ(CompressedRawSize(row.raw[1].data()), 3000u);
  EXPECT_EQ(CompressedMethod(row.raw[1].data()), kToastPglzCompressionId);
  EXPECT_EQ(CountChunks(ToastOf(heap), AnySnapshot()), 0u);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), value);
}

TEST_F(HeapToastTest, SmallRowsAreStoredAsGiven) {
  HeapRelation heap = Heap(relid_);
  std::string value = CompressibleText(1500, 4);  // compressible, but the row is small
  Insert(heap, 1, {value});
  NextCommand();
  StoredRow row = OnlyRow(heap);
  EXPECT_TRUE(VarIsPlain(row.raw[1].data()));
  EXPECT_EQ(row.raw[1].substr(4), value);
}

TEST_F(HeapToastTest, PlainStorageIsNeverToastedAndTooBigRowsFailWith54000) {
  HeapRelation heap = Heap(relid_, 2, 'p');
  std::string value = CompressibleText(5000, 5);
  ItemPointerData tid = Insert(heap, 1, {value});
  NextCommand();
  StoredRow row = OnlyRow(heap);
  EXPECT_TRUE(VarIsPlain(row.raw[1].data()));
  EXPECT_GT(row.len, 5000u);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), value);
  try {
    Insert(heap, 2, {std::string(9000, 'x')});
    FAIL() << "expected 54000";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kProgramLimitExceeded);
    EXPECT_EQ(e.message(), "row is too big: size 9032, maximum size 8160");
  }
}

TEST_F(HeapToastTest, PlainColumnsStayWhileOtherColumnsAreToasted) {
  Oid relid = CreateTableNow("pe", {{"id", kInt4, -1}, {"p", kText, -1}, {"x", kText, -1}});
  HeapRelation heap = Heap(relid, 2, 'p');
  std::string plain = RandomText(3000, 6);
  std::string big = RandomText(6000, 7);
  ItemPointerData tid = Insert(heap, 1, {plain, big});
  NextCommand();
  StoredRow row = OnlyRow(heap);
  EXPECT_TRUE(VarIsPlain(row.raw[1].data()));
  EXPECT_TRUE(VarIsExternalOnDisk(row.raw[2].data()));
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), plain);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 3), big);
}

TEST_F(HeapToastTest, ExternalStorageMovesValuesOutWithoutCompressing) {
  HeapRelation heap = Heap(relid_, 2, 'e');
  std::string value = CompressibleText(5000, 8);
  ItemPointerData tid = Insert(heap, 1, {value});
  NextCommand();
  StoredRow row = OnlyRow(heap);
  ASSERT_TRUE(VarIsExternalOnDisk(row.raw[1].data()));
  ToastPointer ptr = ReadToastPointer(row.raw[1].data());
  EXPECT_FALSE(ptr.IsCompressed());
  EXPECT_EQ(ptr.ExtSize(), 5000u);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), value);
}

TEST_F(HeapToastTest, MainStorageCompressesInlineAndMovesOutOnlyAsALastResort) {
  // 20 random 300-byte blocks, each twice, compress to about 7 KB: over the 2 KB target, so
  // 'x' moves the value out of line, but 'm' keeps it in the row because it fits a page.
  std::string value;
  for (uint32_t b = 0; b < 20; ++b) {
    std::string block = RandomText(300, 100 + b);
    value += block + block;
  }
  ItemPointerData main_tid = Insert(Heap(relid_, 2, 'm'), 1, {value});
  ItemPointerData ext_tid = Insert(Heap(relid_), 2, {value});
  // Incompressible and over a page: even 'm' goes out of line (uncompressed).
  std::string random = RandomText(10000, 10);
  ItemPointerData last_tid = Insert(Heap(relid_, 2, 'm'), 3, {random});
  NextTransaction();

  HeapRelation heap = Heap(relid_);
  for (const StoredRow& row : StoredRows(heap, GetTransactionSnapshot())) {
    const char* stored = row.raw[1].data();
    if (row.tid == main_tid) {
      EXPECT_TRUE(VarIsCompressed(stored));
      EXPECT_GT(row.len, kToastTupleThreshold);
    } else if (row.tid == ext_tid) {
      ASSERT_TRUE(VarIsExternalOnDisk(stored));
      EXPECT_TRUE(ReadToastPointer(stored).IsCompressed());
    } else {
      EXPECT_EQ(row.tid, last_tid);
      ASSERT_TRUE(VarIsExternalOnDisk(stored));
      EXPECT_FALSE(ReadToastPointer(stored).IsCompressed());
    }
  }
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), main_tid, 2), value);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), ext_tid, 2), value);
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), last_tid, 2), random);
}

TEST_F(HeapToastTest, UpdateOfAnotherColumnKeepsTheToastPointer) {
  HeapRelation heap = Heap(relid_);
  std::string value = RandomText(50000, 11);
  ItemPointerData tid = Insert(heap, 1, {value});
  NextTransaction();
  std::string pointer = OnlyRow(heap).raw[1];
  size_t chunks_before = CountChunks(ToastOf(heap), AnySnapshot());

  // The executor hands the update the detoasted value, as it read it.
  ItemPointerData new_tid = Update(heap, tid, 2, {value});
  NextTransaction();

  StoredRow row = OnlyRow(heap);
  EXPECT_EQ(row.tid, new_tid);
  EXPECT_EQ(row.raw[1], pointer) << "same TOAST pointer, value not rewritten";
  EXPECT_EQ(CountChunks(ToastOf(heap), AnySnapshot()), chunks_before) << "no chunk written";
  ToastPointer ptr = ReadToastPointer(pointer.data());
  EXPECT_EQ(CountChunks(ToastOf(heap), GetTransactionSnapshot(), ptr.va_valueid),
            ChunksFor(ptr.ExtSize()))
      << "and none deleted";
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), new_tid, 2), value);
}

TEST_F(HeapToastTest, UpdateAndDeleteRemoveReplacedValuesWhileOldSnapshotsStillReadThem) {
  HeapRelation heap = Heap(relid_);
  std::string v1 = RandomText(30000, 12);
  std::string v2 = RandomText(30000, 13);  // same size, different bytes
  ItemPointerData tid = Insert(heap, 1, {v1});
  NextTransaction();
  Oid v1_id = ReadToastPointer(OnlyRow(heap).raw[1].data()).va_valueid;

  // A snapshot taken before the update (same command id: the update is invisible to it).
  SnapshotData before = *GetTransactionSnapshot();
  ItemPointerData new_tid = Update(heap, tid, 1, {v2});
  EXPECT_EQ(ReadValue(heap, &before, tid, 2), v1) << "the old version reads its deleted chunks";
  NextTransaction();

  Oid v2_id = ReadToastPointer(OnlyRow(heap).raw[1].data()).va_valueid;
  EXPECT_NE(v2_id, v1_id);
  HeapRelation toast = ToastOf(heap);
  EXPECT_EQ(CountChunks(toast, GetTransactionSnapshot(), v1_id), 0u);
  EXPECT_EQ(CountChunks(toast, GetTransactionSnapshot(), v2_id), ChunksFor(30000));
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), new_tid, 2), v2);

  Delete(heap, new_tid);
  NextTransaction();
  EXPECT_EQ(CountChunks(toast, GetTransactionSnapshot(), v2_id), 0u);
  EXPECT_EQ(CountChunks(toast, GetTransactionSnapshot()), 0u);
}

TEST_F(HeapToastTest, UpdateToNullDeletesTheOldValue) {
  HeapRelation heap = Heap(relid_);
  ItemPointerData tid = Insert(heap, 1, {RandomText(10000, 14)});
  NextTransaction();
  Update(heap, tid, 1, {std::nullopt});
  NextTransaction();
  EXPECT_EQ(CountChunks(ToastOf(heap), GetTransactionSnapshot()), 0u);
}

TEST_F(HeapToastTest, AbortedInsertLeavesItsChunksInvisible) {
  HeapRelation heap = Heap(relid_);
  Insert(heap, 1, {RandomText(100000, 15)});
  AbortCurrentTransaction();
  StartTransactionCommand();
  HeapRelation toast = ToastOf(heap);
  EXPECT_EQ(CountChunks(toast, AnySnapshot()), ChunksFor(100000)) << "written, then aborted";
  EXPECT_EQ(CountChunks(toast, GetTransactionSnapshot()), 0u);
  EXPECT_TRUE(StoredRows(heap, GetTransactionSnapshot()).empty());

  // Later values get fresh value ids and read back.
  std::string value = RandomText(20000, 16);
  ItemPointerData tid = Insert(heap, 2, {value});
  NextTransaction();
  EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tid, 2), value);
  EXPECT_EQ(CountChunks(toast, GetTransactionSnapshot()), ChunksFor(20000));
}

TEST_F(HeapToastTest, ValuesSurviveACrash) {
  HeapRelation heap = Heap(relid_);
  std::string compressible = CompressibleText(1 << 20, 17);
  std::string random = RandomText(100000, 18);
  ItemPointerData tid1 = Insert(heap, 1, {compressible});
  ItemPointerData tid2 = Insert(heap, 2, {random});
  CommitTransactionCommand();

  env_.CrashAndRecover();

  StartTransactionCommand();
  HeapRelation recovered = Heap(relid_);
  EXPECT_EQ(ReadValue(recovered, GetTransactionSnapshot(), tid1, 2), compressible);
  EXPECT_EQ(ReadValue(recovered, GetTransactionSnapshot(), tid2, 2), random);
}

TEST_F(HeapToastTest, MultiInsertToastsEachRow) {
  HeapRelation heap = Heap(relid_);
  MemoryContextScope scope(&ctx_);
  std::vector<std::string> values = {RandomText(9000, 19), "small", CompressibleText(3000, 20)};
  std::vector<HeapTuple> tuples;
  for (size_t i = 0; i < values.size(); ++i) {
    tuples.push_back(MakeRow(heap, static_cast<int32_t>(i), {values[i]}));
  }
  std::vector<HeapTuple*> ptrs;
  for (HeapTuple& t : tuples) ptrs.push_back(&t);
  HeapMultiInsert(heap, ptrs, GetCurrentCommandId(true));
  NextTransaction();
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(ReadValue(heap, GetTransactionSnapshot(), tuples[i].self, 2), values[i]);
  }
  EXPECT_EQ(CountChunks(ToastOf(heap), GetTransactionSnapshot()), ChunksFor(9000));
}

TEST_F(HeapToastTest, PointerWithoutChunksIsReportedAsCorruption) {
  HeapRelation heap = Heap(relid_);
  Insert(heap, 1, {RandomText(10000, 21)});
  NextTransaction();
  ToastPointer bogus = ReadToastPointer(OnlyRow(heap).raw[1].data());
  bogus.va_valueid += 1000000;  // no chunk has this id
  try {
    ToastFetchDatum(bogus);
    FAIL() << "expected XX001";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDataCorrupted);
    EXPECT_EQ(e.message(), "missing chunk number 0 for toast value " +
                               std::to_string(bogus.va_valueid) + " in pg_toast_" +
                               std::to_string(relid_));
  }
}

TEST_F(HeapToastTest, CatalogRowsAreToastedIntoTheCatalogsToastTable) {
  catalog::PgProc proc = *catalog::Syscache().ProcByOid(1242);  // boolin
  proc.oid = 90000;
  proc.proname = "hyrax_big_function";
  proc.prolang = 14;
  proc.prosrc = RandomText(20000, 22);
  catalog::InsertCatalogRow(proc);
  NextTransaction();
  auto found = catalog::Syscache().ProcByOid(90000);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->prosrc, proc.prosrc);
  HeapRelation pg_toast_1255 = ToastHeapById(2836);
  EXPECT_EQ(CountChunks(pg_toast_1255, GetTransactionSnapshot()), ChunksFor(20000));
}

}  // namespace
}  // namespace hyrax::storage::toast_test
