// Heap rows are visible by PostgreSQL's MVCC rules: own changes by command id (with combo
// cids), other transactions' changes once committed before the snapshot, aborted inserts
// never (and hinted as such); inserted rows come back through scans and fetches.
#include <algorithm>

#include "storage/heap/combo_cid.h"
#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::storage::testing {
namespace {

class HeapVisibilityTest : public HeapTestEnv {};

TEST_F(HeapVisibilityTest, InsertedRowsComeBackFromScanAndFetch) {
  std::vector<ItemPointerData> tids;
  Statement([&] {
    for (int id = 0; id < 500; ++id) tids.push_back(Insert(id, std::string(100, 'a' + id % 26)));
  });
  EXPECT_GT(BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain), 5u);
  Statement([&] {
    std::vector<int32_t> ids = ScanIds(GetTransactionSnapshot());
    ASSERT_EQ(ids.size(), 500u);
    for (int id = 0; id < 500; ++id) EXPECT_EQ(ids[id], id);
    HeapTuple tuple;
    ASSERT_TRUE(HeapFetch(rel_, GetTransactionSnapshot(), tids[321], &tuple));
    EXPECT_EQ(IdOf(tuple), 321);
    EXPECT_EQ(tuple.self, tids[321]);
    EXPECT_EQ(tuple.table_oid, kTestRel);
    bool isnull;
    EXPECT_EQ(DatumGetString(HeapGetAttr(tuple, 2, Desc(), &isnull)),
              std::string(100, 'a' + 321 % 26));
    // An empty slot is not found.
    ItemPointerData past_end = ItemPointerData::Make(tids[321].block(), 290);
    EXPECT_FALSE(HeapFetch(rel_, GetTransactionSnapshot(), past_end, &tuple));
  });
}

TEST_F(HeapVisibilityTest, RowTooBigIsRefusedWith54000) {
  Statement([&] {
    try {
      Insert(1, std::string(9000, 'x'));
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), errcode::kProgramLimitExceeded);
      EXPECT_EQ(e.message(), "row is too big: size 9032, maximum size 8160");
    }
  });
}

TEST_F(HeapVisibilityTest, OwnChangesAreVisibleByCommandIdWithComboCids) {
  Begin();
  ItemPointerData v1, v2;
  Statement([&] { v1 = Insert(1, "first"); });  // command 0
  CommandId insert_cid = 0;
  Statement([&] {  // command 1: update v1 -> v2
    HeapTuple newtup = MakeRow(1, "second");
    TmFailureData tmfd;
    ASSERT_EQ(HeapUpdate(rel_, v1, &newtup, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
    v2 = newtup.self;
  });
  Statement([&] {  // command 2: delete v2
    TmFailureData tmfd;
    ASSERT_EQ(HeapDelete(rel_, v2, GetCurrentCommandId(true), nullptr, true, &tmfd), TmResult::kOk);
  });
  Statement([&] {
    // v1 was inserted by command 0 and replaced by command 1: a combo cid.
    HeapTupleHeaderData h1 = RawHeader(v1);
    EXPECT_TRUE(h1.t_infomask & kHeapComboCid);
    EXPECT_EQ(HeapTupleHeaderGetCmin(&h1), insert_cid);
    EXPECT_EQ(HeapTupleHeaderGetCmax(&h1), 1u);
    EXPECT_EQ(h1.t_ctid, v2);
    HeapTupleHeaderData h2 = RawHeader(v2);
    EXPECT_TRUE(h2.t_infomask & kHeapComboCid);
    EXPECT_TRUE(h2.t_infomask & kHeapUpdated);
    EXPECT_EQ(HeapTupleHeaderGetCmin(&h2), 1u);
    EXPECT_EQ(HeapTupleHeaderGetCmax(&h2), 2u);
    EXPECT_EQ(combocid::ComboCidCount(), 2u);

    auto payloads_at = [&](CommandId curcid) {
      SnapshotData snapshot = SnapshotAt(curcid);
      std::vector<std::string> out;
      HeapScan scan(rel_, &snapshot);
      HeapTuple tuple;
      bool isnull;
      while (scan.Next(&tuple))
        out.push_back(DatumGetString(HeapGetAttr(tuple, 2, Desc(), &isnull)));
      return out;
    };
    EXPECT_TRUE(payloads_at(0).empty());  // before the insert
    EXPECT_EQ(payloads_at(1), std::vector<std::string>{"first"});
    EXPECT_EQ(payloads_at(2), std::vector<std::string>{"second"});
    EXPECT_TRUE(payloads_at(3).empty());  // after the delete

    // Deleting v2 again in a later command: already deleted by an earlier one.
    TmFailureData tmfd;
    try {
      HeapDelete(rel_, v2, GetCurrentCommandId(true), nullptr, true, &tmfd);
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), errcode::kObjectNotInPrerequisiteState);
      EXPECT_EQ(e.message(), "attempted to delete invisible tuple");
    }
  });
  Commit();
  EXPECT_EQ(combocid::ComboCidCount(), 0u);  // reset at transaction end
}

TEST_F(HeapVisibilityTest, ChangeOfTheSameCommandIsSelfModified) {
  Begin();
  ItemPointerData tid;
  Statement([&] { tid = Insert(7); });
  Statement([&] {
    CommandId cid = GetCurrentCommandId(true);
    TmFailureData tmfd;
    HeapTuple newtup = MakeRow(8);
    ASSERT_EQ(HeapUpdate(rel_, tid, &newtup, cid, nullptr, true, &tmfd), TmResult::kOk);
    EXPECT_EQ(HeapDelete(rel_, tid, cid, nullptr, true, &tmfd), TmResult::kSelfModified);
    EXPECT_EQ(tmfd.cmax, cid);
    EXPECT_EQ(tmfd.ctid, newtup.self);
    // The current command sees neither its own insert (cmin >= curcid) nor its own
    // update of the older row (cmax >= curcid).
    SnapshotData snapshot = SnapshotAt(cid);
    EXPECT_EQ(ScanIds(&snapshot), std::vector<int32_t>{7});
  });
  Commit();
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{8}); });
}

TEST_F(HeapVisibilityTest, ChangesOfARolledBackSubtransactionDisappear) {
  ItemPointerData kept, deleted_in_sub;
  Begin();
  Statement([&] {
    kept = Insert(1);
    deleted_in_sub = Insert(2);
  });
  Statement([&] { DefineSavepoint("s1"); });
  Statement([&] {
    Insert(3);
    TmFailureData tmfd;
    ASSERT_EQ(HeapDelete(rel_, deleted_in_sub, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  });
  Statement([&] {
    std::vector<int32_t> ids = ScanIds(GetTransactionSnapshot());
    EXPECT_EQ(ids, (std::vector<int32_t>{1, 3}));
  });
  Statement([&] { RollbackToSavepoint("s1"); });
  Statement([&] {
    // The subtransaction's insert is gone, its delete undone (xmax is an aborted subxact).
    EXPECT_EQ(ScanIds(GetTransactionSnapshot()), (std::vector<int32_t>{1, 2}));
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(rel_, deleted_in_sub, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  });
  Commit();
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1}); });
  EXPECT_TRUE(RawHeader(kept).t_infomask & kHeapXminCommitted);
}

TEST_F(HeapVisibilityTest, OtherTransactionsRowsAppearOnlyOnceCommitted) {
  pid_t child = ForkChild([&] {
    Begin();
    Statement([&] { Insert(42); });
    scratch_->step[0].Post();  // inserted, not committed
    scratch_->step[1].Wait();
    Commit();
    scratch_->step[2].Post();
  });
  scratch_->step[0].Wait();
  Begin(IsolationLevel::kRepeatableRead);
  SnapshotData before_commit;
  Statement([&] {
    before_commit = *GetTransactionSnapshot();
    EXPECT_TRUE(ScanIds(GetTransactionSnapshot()).empty());
    SnapshotData dirty;
    dirty.kind = SnapshotKind::kDirty;
    EXPECT_EQ(ScanIds(&dirty), std::vector<int32_t>{42});  // in-progress inserts show
    EXPECT_TRUE(TransactionIdIsValid(dirty.dirty_xmin));
    SnapshotData self;
    self.kind = SnapshotKind::kSelf;
    EXPECT_TRUE(ScanIds(&self).empty());
  });
  scratch_->step[1].Post();
  scratch_->step[2].Wait();
  Statement([&] {
    // REPEATABLE READ keeps its first snapshot; a fresh one sees the commit.
    EXPECT_TRUE(ScanIds(GetTransactionSnapshot()).empty());
    EXPECT_TRUE(ScanIds(&before_commit).empty());
    EXPECT_EQ(ScanIds(GetLatestSnapshot()), std::vector<int32_t>{42});
  });
  Commit();
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{42}); });
  EXPECT_EQ(WaitChild(child), 0);
}

TEST_F(HeapVisibilityTest, AbortedInsertIsInvisibleAndHintedInvalid) {
  ItemPointerData aborted_tid, committed_tid;
  Statement([&] { committed_tid = Insert(1); });
  Begin();
  Statement([&] { aborted_tid = Insert(2); });
  Rollback();
  EXPECT_EQ(RawHeader(aborted_tid).t_infomask & (kHeapXminCommitted | kHeapXminInvalid), 0);
  Statement([&] {
    EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1});
    HeapTuple tuple;
    EXPECT_FALSE(HeapFetch(rel_, GetTransactionSnapshot(), aborted_tid, &tuple));
  });
  // The scan recorded both final statuses as hint bits.
  EXPECT_TRUE(RawHeader(aborted_tid).t_infomask & kHeapXminInvalid);
  EXPECT_FALSE(RawHeader(aborted_tid).t_infomask & kHeapXminCommitted);
  EXPECT_TRUE(RawHeader(committed_tid).t_infomask & kHeapXminCommitted);
}

TEST_F(HeapVisibilityTest, InserterThatCrashedCountsAsAbortedAfterRecovery) {
  Statement([&] { Insert(1); });
  pid_t child = ForkChild([&] {
    Begin();
    ItemPointerData tid;
    Statement([&] { tid = Insert(2); });
    scratch_->value[0] = static_cast<int32_t>(tid.block());
    scratch_->value[1] = tid.offset();
    scratch_->value[2] = static_cast<int32_t>(GetCurrentTransactionId());
    wal::XLogFlush(wal::GetXLogInsertRecPtr());  // the insert is durable, no commit record
    _exit(0);                                    // dies mid-transaction
  });
  EXPECT_EQ(WaitChild(child), 0);
  ItemPointerData tid = ItemPointerData::Make(static_cast<BlockNumber>(scratch_->value[0].load()),
                                              static_cast<OffsetNumber>(scratch_->value[1].load()));
  auto crashed_xid = static_cast<TransactionId>(scratch_->value[2].load());
  Crash();
  StartUp();
  EXPECT_TRUE(TransactionIdPrecedes(crashed_xid, ReadNextTransactionId()));
  Statement([&] {
    EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1});
    HeapTupleHeaderData header = RawHeader(tid);
    EXPECT_EQ(header.t_xmin, crashed_xid);
    EXPECT_TRUE(header.t_infomask & kHeapXminInvalid);  // hinted by the scan
    EXPECT_EQ(HeapTupleSatisfiesVacuum(&header, ProcArray::GetOldestXmin(), nullptr),
              HtsvResult::kDead);
  });
}

TEST_F(HeapVisibilityTest, MultiInsertFillsPagesAndRespectsFillfactor) {
  rel_.fillfactor = 50;
  std::vector<HeapTuple> rows;
  Statement([&] {
    for (int id = 0; id < 300; ++id) rows.push_back(MakeRow(id, std::string(60, 'm')));
    std::vector<HeapTuple*> ptrs;
    for (auto& row : rows) ptrs.push_back(&row);
    HeapMultiInsert(rel_, ptrs, GetCurrentCommandId(true));
  });
  // 300 rows of 96 bytes (+4 line pointer) at 50%: about 40 per page.
  BlockNumber nblocks = BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain);
  EXPECT_GE(nblocks, 7u);
  for (BlockNumber block = 0; block < nblocks; ++block) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, block);
    BufferLock lock(pin, BufferLockMode::kShare);
    EXPECT_GE(PageGetHeapFreeSpace(lock.page()), kBlockSize / 2 - 200u);
  }
  Statement([&] {
    std::vector<int32_t> ids = ScanIds(GetTransactionSnapshot());
    ASSERT_EQ(ids.size(), 300u);
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    HeapTuple tuple;
    ASSERT_TRUE(HeapFetch(rel_, GetTransactionSnapshot(), rows[123].self, &tuple));
    EXPECT_EQ(IdOf(tuple), 123);
  });
}

TEST_F(HeapVisibilityTest, ScanDoesNotVisitPagesAddedAfterItStarted) {
  Statement([&] { Insert(1, std::string(4000, 'a')); });
  Statement([&] {
    SnapshotData any;
    any.kind = SnapshotKind::kAny;
    HeapScan scan(rel_, &any);
    EXPECT_EQ(scan.num_blocks(), 1u);
    for (int id = 2; id < 6; ++id) Insert(id, std::string(4000, 'a'));  // pages 0, 1, 1, 2
    HeapTuple tuple;
    std::vector<int32_t> seen;
    while (scan.Next(&tuple)) seen.push_back(IdOf(tuple));
    EXPECT_EQ(seen, (std::vector<int32_t>{1, 2}));
    EXPECT_FALSE(scan.Next(&tuple));  // stays at the end
    scan.Rescan();
    EXPECT_EQ(scan.num_blocks(), 3u);
    seen.clear();
    while (scan.Next(&tuple)) seen.push_back(IdOf(tuple));
    EXPECT_EQ(seen, (std::vector<int32_t>{1, 2, 3, 4, 5}));
    scan.SetBlockRange(1, 1);
    seen.clear();
    while (scan.Next(&tuple)) seen.push_back(IdOf(tuple));
    EXPECT_EQ(seen, (std::vector<int32_t>{3, 4}));
  });
}

}  // namespace
}  // namespace hyrax::storage::testing
