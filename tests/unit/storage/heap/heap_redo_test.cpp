// Crash recovery replays every heap record type (insert, multi-insert, delete, same-page and
// other-page update, lock, prune, page init) and reproduces the pages the original
// operations produced, byte for byte after masking what PostgreSQL's
// wal_consistency_checking masks too (hint bits, command ids, prune/page-full hints).
#include "storage/heap/heap_wal.h"
#include "tests/unit/storage/heap/heap_test_env.h"
#include "wal/record/decoded_record.h"
#include "wal/rmgr/rmgr.h"

namespace hyrax::storage::testing {
namespace {

class HeapRedoTest : public HeapTestEnv {
 protected:
  TmResult Update(ItemPointerData tid, int32_t id, const std::string& payload = "u") {
    HeapTuple newtup = MakeRow(id, payload);
    TmFailureData tmfd;
    return HeapUpdate(rel_, tid, &newtup, GetCurrentCommandId(true), nullptr, true, &tmfd);
  }
  TmResult Delete(ItemPointerData tid) {
    TmFailureData tmfd;
    return HeapDelete(rel_, tid, GetCurrentCommandId(true), nullptr, true, &tmfd);
  }

  // A mix of every operation; returns the tids inserted.
  std::vector<ItemPointerData> Workload(int first_id) {
    std::vector<ItemPointerData> tids;
    Statement([&] {
      for (int id = first_id; id < first_id + 150; ++id)
        tids.push_back(Insert(id, std::string(90, 'i')));
    });
    std::vector<HeapTuple> rows;
    Statement([&] {
      for (int id = first_id + 150; id < first_id + 250; ++id) rows.push_back(MakeRow(id, "multi"));
      std::vector<HeapTuple*> ptrs;
      for (auto& row : rows) ptrs.push_back(&row);
      HeapMultiInsert(rel_, ptrs, GetCurrentCommandId(true));
    });
    Begin();
    Statement([&] {
      for (int idx = 0; idx < 150; idx += 7) EXPECT_EQ(Delete(tids[idx]), TmResult::kOk);
    });
    Statement([&] {
      // The first pages are full: these versions move to another page.
      EXPECT_EQ(Update(tids[1], first_id + 1), TmResult::kOk);
      EXPECT_EQ(Update(tids[2], first_id + 2, std::string(7000, 'b')), TmResult::kOk);
      // The last page has room: a same-page update.
      HeapTuple newtup = MakeRow(first_id + 249, "same page");
      TmFailureData update_tmfd;
      EXPECT_EQ(HeapUpdate(rel_, rows.back().self, &newtup, GetCurrentCommandId(true), nullptr,
                           true, &update_tmfd),
                TmResult::kOk);
      EXPECT_EQ(newtup.self.block(), rows.back().self.block());
      HeapTuple locked;
      TmFailureData tmfd;
      EXPECT_EQ(HeapLockTuple(rel_, tids[3], GetCurrentCommandId(false), LockTupleMode::kShare,
                              LockWaitPolicy::kBlock, &locked, &tmfd),
                TmResult::kOk);
      EXPECT_EQ(HeapLockTuple(rel_, rows[5].self, GetCurrentCommandId(false),
                              LockTupleMode::kExclusive, LockWaitPolicy::kBlock, &locked, &tmfd),
                TmResult::kOk);
    });
    Commit();
    Begin();
    Statement([&] { EXPECT_EQ(Update(tids[4], first_id + 4), TmResult::kOk); });
    Rollback();  // an aborted update leaves its xmax behind
    return tids;
  }

  // Deletes every row of block 0 except `keep`, then prunes the page (as VACUUM would: the
  // page need not be low on space).
  void PruneFirstPage(int keep) {
    Statement([&] {
      HeapScan scan(rel_, GetTransactionSnapshot());
      std::vector<ItemPointerData> on_first_page;
      HeapTuple tuple;
      while (scan.Next(&tuple)) {
        if (tuple.self.block() == 0) on_first_page.push_back(tuple.self);
      }
      for (size_t idx = keep; idx < on_first_page.size(); ++idx) {
        EXPECT_EQ(Delete(on_first_page[idx]), TmResult::kOk);
      }
    });
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, 0);
    BufferLock cleanup;
    ASSERT_TRUE(BufferLock::ConditionalCleanupLock(pin, &cleanup));
    EXPECT_GT(HeapPagePrune(rel_, pin, &cleanup, ProcArray::GetOldestXmin()), 40);
  }
};

TEST_F(HeapRedoTest, CrashRecoveryReproducesEveryPage) {
  Workload(0);
  // Pages now reach disk with a checkpoint: the next change of each page logs an image.
  wal::CreateCheckpoint(wal::kCheckpointForce);
  Workload(1000);
  // Some pages reach disk ahead of later records: redo must skip what they already have.
  BufferManager::FlushAllForCheckpoint();
  Workload(2000);
  PruneFirstPage(3);
  // Scans prune too: capture the pages only after the last one, with all WAL durable.
  std::vector<int32_t> expected_ids;
  Statement([&] { expected_ids = ScanIds(GetTransactionSnapshot()); });
  wal::XLogFlush(wal::GetXLogInsertRecPtr());
  std::vector<std::vector<char>> expected = MaskedPages();
  ASSERT_GT(expected.size(), 10u);
  {
    // The first page was pruned: dead line pointers, reclaimed space.
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, 0);
    BufferLock lock(pin, BufferLockMode::kShare);
    EXPECT_EQ(PageGetItemId(lock.page(), 1)->lp_flags, kLpDead);    // deleted
    EXPECT_EQ(PageGetItemId(lock.page(), 2)->lp_flags, kLpDead);    // replaced by an update
    EXPECT_EQ(PageGetItemId(lock.page(), 4)->lp_flags, kLpNormal);  // kept
    EXPECT_GT(PageGetHeapFreeSpace(lock.page()), 6000u);
  }

  Crash();
  wal::StartupResult result = StartUp();
  EXPECT_TRUE(result.performed_recovery);
  EXPECT_GT(result.records_replayed, 100);
  ExpectSamePages(expected, MaskedPages());
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), expected_ids); });
}

TEST_F(HeapRedoTest, NewPagesAreRebuiltFromInitRecordsWithoutImages) {
  // Right after bootstrap nothing is on disk: every page starts with a kInitPage record.
  Statement([&] {
    for (int id = 0; id < 400; ++id) Insert(id, std::string(50, 'n'));
  });
  Statement([&] { EXPECT_EQ(Update(ItemPointerData::Make(0, 1), 9999), TmResult::kOk); });
  std::vector<std::vector<char>> expected = MaskedPages();
  Crash();
  StartUp();
  ExpectSamePages(expected, MaskedPages());
  // Recovery's end-of-recovery checkpoint wrote everything: a second crash replays nothing
  // new and the pages stay identical.
  Crash();
  StartUp();
  ExpectSamePages(expected, MaskedPages());
}

TEST_F(HeapRedoTest, RegisterHeapRmgrInstallsRedoAndDescribe) {
  const wal::RmgrOps* ops = wal::GetRmgr(wal::RmgrId::kHeap);
  ASSERT_NE(ops, nullptr);
  EXPECT_STREQ(ops->name, "Heap");
  EXPECT_NE(ops->redo, nullptr);
  EXPECT_NE(ops->describe, nullptr);
}

}  // namespace
}  // namespace hyrax::storage::testing
