// The visibility map: PostgreSQL's bit layout, setting bits together with PD_ALL_VISIBLE in
// one WAL record (replayed after a crash), every heap write that can make a page
// not-all-visible clearing the bits (and redo clearing them again), locks clearing only
// ALL_FROZEN, truncation, and a relation without a map.
#include "storage/vm/visibility_map.h"

#include "common/page_layout.h"
#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::storage::testing {
namespace {

class VisibilityMapTest : public HeapTestEnv {
 protected:
  // Rows 0..n-1 in one committed statement; returns their tids.
  std::vector<ItemPointerData> InsertRows(int n, size_t payload_len = 20) {
    std::vector<ItemPointerData> tids;
    Statement([&] {
      for (int id = 0; id < n; ++id) tids.push_back(Insert(id, std::string(payload_len, 'v')));
    });
    return tids;
  }

  // Marks heap page `block` in the map (as VACUUM does once it checked every tuple).
  bool MarkPage(BlockNumber block, uint8_t flags) {
    PinnedBuffer vm_pin = VisibilityMap::Pin(rel_.locator, block, /*extend=*/true);
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, block);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    return VisibilityMap::Set(rel_.locator, block, &lock, vm_pin, kInvalidTransactionId, flags);
  }

  uint8_t Status(BlockNumber block) { return VisibilityMap::GetStatus(rel_.locator, block); }

  bool PageFlag(BlockNumber block) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, block);
    BufferLock lock(pin, BufferLockMode::kShare);
    return (GetPageHeader(lock.page())->pd_flags & kPdAllVisible) != 0;
  }

  Lsn PageLsn(ForkNumber fork, BlockNumber block) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, fork, block);
    BufferLock lock(pin, BufferLockMode::kShare);
    return page_layout::GetLsn(lock.page());
  }

  void CrashAndRestart() {
    wal::XLogFlush(wal::GetXLogInsertRecPtr());
    Crash();
    StartUp();
  }

  static void Checkpoint() {
    wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  }
};

TEST_F(VisibilityMapTest, LocateUsesPostgresMapLayout) {
  // Two bits per heap page, four pages per byte, 8168 map bytes after a 24-byte header.
  EXPECT_EQ(VisibilityMap::kHeapBlocksPerPage, 32672u);
  auto expect = [](BlockNumber heap_block, BlockNumber map_block, uint32_t byte, uint32_t shift) {
    const VmAddress addr = VisibilityMap::Locate(heap_block);
    EXPECT_EQ(addr.map_block, map_block) << heap_block;
    EXPECT_EQ(addr.byte, byte) << heap_block;
    EXPECT_EQ(addr.shift, shift) << heap_block;
  };
  expect(0, 0, 0, 0);
  expect(1, 0, 0, 2);
  expect(3, 0, 0, 6);
  expect(4, 0, 1, 0);
  expect(32671, 0, 8167, 6);
  expect(32672, 1, 0, 0);
  expect(32672 * 3 + 9, 3, 2, 2);
}

TEST_F(VisibilityMapTest, RelationWithoutMapReadsAsNothingVisible) {
  InsertRows(3);
  EXPECT_FALSE(Smgr::Exists(rel_.locator, ForkNumber::kVisibilityMap));
  EXPECT_EQ(Status(0), 0);
  EXPECT_FALSE(VisibilityMap::IsAllVisible(rel_.locator, 0));
  EXPECT_EQ(VisibilityMap::CountAllVisible(rel_.locator), 0u);
  VisibilityMap::ClearForRedo(rel_.locator, 0, kVmValidBits);  // nothing to clear: no error
  EXPECT_FALSE(VisibilityMap::Pin(rel_.locator, 0, /*extend=*/false).valid());
}

TEST_F(VisibilityMapTest, SetMarksMapAndPageWithOneRecordLsn) {
  InsertRows(10);
  ASSERT_TRUE(MarkPage(0, kVmAllVisible));
  EXPECT_EQ(Status(0), kVmAllVisible);
  EXPECT_TRUE(PageFlag(0));
  // The map page carries the record's LSN, so it cannot be written before the record.
  const Lsn map_lsn = PageLsn(ForkNumber::kVisibilityMap, 0);
  EXPECT_GT(map_lsn, 0u);
  EXPECT_EQ(map_lsn, PageLsn(ForkNumber::kMain, 0));
  EXPECT_LE(map_lsn, wal::GetXLogInsertRecPtr());
  // Already set: nothing to do, nothing logged.
  EXPECT_FALSE(MarkPage(0, kVmAllVisible));
  EXPECT_EQ(PageLsn(ForkNumber::kVisibilityMap, 0), map_lsn);
  // Adding ALL_FROZEN is a change.
  EXPECT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  EXPECT_EQ(Status(0), kVmAllVisible | kVmAllFrozen);
  VisibilityMap::Counts counts = VisibilityMap::Count(rel_.locator);
  EXPECT_EQ(counts.all_visible, 1u);
  EXPECT_EQ(counts.all_frozen, 1u);
}

TEST_F(VisibilityMapTest, CachedPinFollowsTheRightMapPage) {
  std::vector<ItemPointerData> tids = InsertRows(400, 200);
  const BlockNumber pages = BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain);
  ASSERT_GE(pages, 5u);
  for (BlockNumber block = 0; block < pages; block += 2)
    ASSERT_TRUE(MarkPage(block, kVmAllVisible));
  PinnedBuffer cached;
  for (BlockNumber block = 0; block < pages; ++block) {
    EXPECT_EQ(VisibilityMap::IsAllVisible(rel_.locator, block, &cached), block % 2 == 0) << block;
  }
  EXPECT_TRUE(cached.valid());
  EXPECT_EQ(VisibilityMap::CountAllVisible(rel_.locator), (pages + 1) / 2);
}

TEST_F(VisibilityMapTest, InsertDeleteAndUpdateClearTheBits) {
  std::vector<ItemPointerData> tids = InsertRows(10);
  ASSERT_EQ(tids.back().block(), 0u);

  ASSERT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  Statement([&] { EXPECT_EQ(Insert(100).block(), 0u); });
  EXPECT_EQ(Status(0), 0) << "insert";
  EXPECT_FALSE(PageFlag(0));

  ASSERT_TRUE(MarkPage(0, kVmAllVisible));
  Statement([&] {
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(rel_, tids[1], GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  });
  EXPECT_EQ(Status(0), 0) << "delete";
  EXPECT_FALSE(PageFlag(0));

  ASSERT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  Statement([&] {
    HeapTuple row = MakeRow(2, "updated");
    TmFailureData tmfd;
    EXPECT_EQ(HeapUpdate(rel_, tids[2], &row, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  });
  EXPECT_EQ(Status(0), 0) << "update";
  EXPECT_FALSE(PageFlag(0));
}

TEST_F(VisibilityMapTest, UpdateToAnotherPageClearsBothPages) {
  // Block 0 full of rows, block 1 holding one: mark both, then update a row of block 0 with
  // a version too big for block 0's remaining space.
  std::vector<ItemPointerData> tids;
  Statement([&] {
    for (int id = 0;; ++id) {
      tids.push_back(Insert(id, std::string(500, 'f')));
      if (tids.back().block() == 1) break;
    }
  });
  ASSERT_TRUE(MarkPage(0, kVmAllVisible));
  ASSERT_TRUE(MarkPage(1, kVmAllVisible));
  ItemPointerData new_tid;
  Statement([&] {
    HeapTuple row = MakeRow(0, std::string(2000, 'n'));
    TmFailureData tmfd;
    EXPECT_EQ(HeapUpdate(rel_, tids[0], &row, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
    new_tid = row.self;
  });
  ASSERT_EQ(new_tid.block(), 1u);
  EXPECT_EQ(Status(0), 0);
  EXPECT_EQ(Status(1), 0);
  EXPECT_FALSE(PageFlag(0));
  EXPECT_FALSE(PageFlag(1));
}

TEST_F(VisibilityMapTest, RowLockClearsOnlyAllFrozen) {
  std::vector<ItemPointerData> tids = InsertRows(5);
  ASSERT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  Statement([&] {
    HeapTuple locked;
    TmFailureData tmfd;
    EXPECT_EQ(HeapLockTuple(rel_, tids[3], GetCurrentCommandId(true), LockTupleMode::kShare,
                            LockWaitPolicy::kBlock, &locked, &tmfd),
              TmResult::kOk);
  });
  EXPECT_EQ(Status(0), kVmAllVisible);
  EXPECT_TRUE(PageFlag(0));
}

TEST_F(VisibilityMapTest, SetBitsAreReplayedAfterCrash) {
  InsertRows(10);
  Checkpoint();
  ASSERT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  CrashAndRestart();
  EXPECT_EQ(Status(0), kVmAllVisible | kVmAllFrozen);
  EXPECT_TRUE(PageFlag(0));
}

TEST_F(VisibilityMapTest, RedoClearsBitsTheHeapRecordsCleared) {
  std::vector<ItemPointerData> tids = InsertRows(10);
  ASSERT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  Checkpoint();  // the map page reaches disk with its bits set
  Statement([&] {
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(rel_, tids[4], GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  });
  ASSERT_EQ(Status(0), 0);
  CrashAndRestart();  // the cleared map page was never written: only redo can clear it
  EXPECT_EQ(Status(0), 0);
  EXPECT_FALSE(PageFlag(0));
}

TEST_F(VisibilityMapTest, RedoOfARowLockClearsOnlyAllFrozen) {
  std::vector<ItemPointerData> tids = InsertRows(10);
  ASSERT_TRUE(MarkPage(0, kVmAllVisible | kVmAllFrozen));
  Checkpoint();
  Statement([&] {
    TmFailureData tmfd;
    EXPECT_EQ(HeapLockTuple(rel_, tids[4], GetCurrentCommandId(true), LockTupleMode::kExclusive,
                            LockWaitPolicy::kBlock, nullptr, &tmfd),
              TmResult::kOk);
  });
  CrashAndRestart();
  EXPECT_EQ(Status(0), kVmAllVisible);
  EXPECT_TRUE(PageFlag(0));
}

TEST_F(VisibilityMapTest, TruncateForgetsTheBitsOfRemovedPages) {
  InsertRows(200, 200);
  const BlockNumber pages = BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain);
  ASSERT_GE(pages, 6u);
  for (BlockNumber block = 0; block < 6; ++block) ASSERT_TRUE(MarkPage(block, kVmAllVisible));
  VisibilityMap::Truncate(rel_.locator, 3);
  for (BlockNumber block = 0; block < 6; ++block) {
    EXPECT_EQ(Status(block), block < 3 ? kVmAllVisible : 0) << block;
  }
  EXPECT_EQ(BufferManager::NumBlocks(rel_.locator, ForkNumber::kVisibilityMap), 1u);
  VisibilityMap::Truncate(rel_.locator, 0);
  EXPECT_EQ(BufferManager::NumBlocks(rel_.locator, ForkNumber::kVisibilityMap), 0u);
  EXPECT_EQ(Status(0), 0);
}

}  // namespace
}  // namespace hyrax::storage::testing
