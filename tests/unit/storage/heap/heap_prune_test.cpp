// Opportunistic pruning reclaims the space of rows dead to every snapshot (and only
// those), keeps the surviving rows at their ctids, and tells the FSM, so that another
// backend's inserts reuse the space.
#include "storage/fsm/free_space_map.h"
#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::storage::testing {
namespace {

class HeapPruneTest : public HeapTestEnv {
 protected:
  // Fills block 0 with rows 0..n-1 (the last rows spill to block 1); returns block 0's tids.
  std::vector<ItemPointerData> FillFirstPage() {
    std::vector<ItemPointerData> tids;
    Statement([&] {
      for (int id = 0;; ++id) {
        ItemPointerData tid = Insert(id, std::string(200, 'p'));
        if (tid.block() != 0) break;
        tids.push_back(tid);
      }
    });
    return tids;
  }
  // Deletes every row of `tids` except the ones at positions divisible by 10.
  void DeleteMost(const std::vector<ItemPointerData>& tids) {
    Statement([&] {
      for (size_t idx = 0; idx < tids.size(); ++idx) {
        if (idx % 10 == 0) continue;
        TmFailureData tmfd;
        ASSERT_EQ(HeapDelete(rel_, tids[idx], GetCurrentCommandId(true), nullptr, true, &tmfd),
                  TmResult::kOk);
      }
    });
  }
  size_t FirstPageFreeSpace() {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, 0);
    BufferLock lock(pin, BufferLockMode::kShare);
    return PageGetHeapFreeSpace(lock.page());
  }
};

TEST_F(HeapPruneTest, PruningFreesDeadRowsAndKeepsVisibleOnesAtTheirCtids) {
  std::vector<ItemPointerData> tids = FillFirstPage();
  ASSERT_GT(tids.size(), 30u);
  DeleteMost(tids);
  size_t free_before = FirstPageFreeSpace();
  EXPECT_LT(free_before, static_cast<size_t>(kBlockSize) / 10);
  Statement([&] { ScanIds(GetTransactionSnapshot()); });  // visiting the page prunes it
  size_t free_after = FirstPageFreeSpace();
  EXPECT_GT(free_after, free_before + (tids.size() * 8 / 10) * 232);

  Statement([&] {
    for (size_t idx = 0; idx < tids.size(); ++idx) {
      HeapTuple tuple;
      bool found = HeapFetch(rel_, GetTransactionSnapshot(), tids[idx], &tuple);
      ASSERT_EQ(found, idx % 10 == 0) << idx;
      if (!found) continue;
      EXPECT_EQ(IdOf(tuple), static_cast<int32_t>(idx));
      bool isnull;
      EXPECT_EQ(DatumGetString(HeapGetAttr(tuple, 2, Desc(), &isnull)), std::string(200, 'p'));
    }
  });
  PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, 0);
  BufferLock lock(pin, BufferLockMode::kShare);
  EXPECT_EQ(PageGetItemId(lock.page(), tids[1].offset())->lp_flags, kLpDead);
  EXPECT_EQ(PageGetItemId(lock.page(), tids[10].offset())->lp_flags, kLpNormal);
  EXPECT_EQ(GetPageHeader(lock.page())->pd_prune_xid, kInvalidTransactionId);
}

TEST_F(HeapPruneTest, RowsAnOldSnapshotStillSeesAreNotPruned) {
  std::vector<ItemPointerData> tids = FillFirstPage();
  pid_t child = ForkChild([&] {
    Begin(IsolationLevel::kRepeatableRead);
    Statement([&] { EXPECT_GT(ScanIds(GetTransactionSnapshot()).size(), tids.size()); });
    scratch_->step[0].Post();  // holding a snapshot from before the deletes
    scratch_->step[1].Wait();
    Statement([&] { EXPECT_GT(ScanIds(GetTransactionSnapshot()).size(), tids.size()); });
    Commit();
  });
  scratch_->step[0].Wait();
  DeleteMost(tids);
  size_t free_before = FirstPageFreeSpace();
  Statement([&] { ScanIds(GetTransactionSnapshot()); });
  EXPECT_EQ(FirstPageFreeSpace(), free_before);  // recently dead: kept
  scratch_->step[1].Post();
  EXPECT_EQ(WaitChild(child), 0);
  Statement([&] { ScanIds(GetTransactionSnapshot()); });
  EXPECT_GT(FirstPageFreeSpace(), free_before + 4000);  // now dead to everyone
}

TEST_F(HeapPruneTest, AnotherBackendReusesPrunedSpaceThroughTheFsm) {
  std::vector<ItemPointerData> tids = FillFirstPage();
  DeleteMost(tids);
  Statement([&] { ScanIds(GetTransactionSnapshot()); });
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_.locator, 1000), 0u);
  // This backend's target block is the last page; a new backend asks the FSM.
  pid_t child = ForkChild([&] {
    Statement([&] {
      ItemPointerData tid = Insert(5000, std::string(1000, 'r'));
      EXPECT_EQ(tid.block(), 0u);
    });
  });
  EXPECT_EQ(WaitChild(child), 0);
}

TEST_F(HeapPruneTest, AbortedInsertsArePrunedOncePageIsMarkedPrunable) {
  Begin();
  std::vector<ItemPointerData> tids = FillFirstPage();
  // An insert alone does not mark the page prunable (as PostgreSQL); a delete does.
  Statement([&] {
    TmFailureData tmfd;
    ASSERT_EQ(HeapDelete(rel_, tids[0], GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  });
  Rollback();
  Statement([&] { EXPECT_TRUE(ScanIds(GetTransactionSnapshot()).empty()); });
  EXPECT_GT(FirstPageFreeSpace(), static_cast<size_t>(kBlockSize) * 8 / 10);
}

}  // namespace
}  // namespace hyrax::storage::testing
