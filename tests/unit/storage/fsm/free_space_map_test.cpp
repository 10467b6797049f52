// Free space map: finds pages with enough space (PostgreSQL's categories), wraps around
// from the backend's hint, spans several leaf pages, corrects a root that over-reports,
// survives a corrupt map page, is created on demand and truncated with the relation.
#include "storage/fsm/free_space_map.h"

#include <string>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/storage/buffer/buffer_test_fixture.h"

namespace hyrax::storage::testing {
namespace {

constexpr BlockNumber kPerLeaf = 8168;  // heap pages per FSM leaf page

class FreeSpaceMapTest : public BufferTest {
 protected:
  // The root's bound for a leaf (FSM block 0, byte 24 + leaf), as stored in the pool.
  uint8_t RootBound(uint32_t leaf) {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kFsm, 0);
    BufferLock lock(pin, BufferLockMode::kShare);
    return static_cast<uint8_t>(lock.page()[24 + leaf]);
  }
};

TEST_F(FreeSpaceMapTest, MissingMapFindsNothingAndIsNotCreatedBySearching) {
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 100), kInvalidBlockNumber);
  EXPECT_FALSE(Smgr::Exists(rel_, ForkNumber::kFsm));
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 0, 500);
  EXPECT_TRUE(Smgr::Exists(rel_, ForkNumber::kFsm));
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kFsm), 2u) << "root and one leaf";
}

TEST_F(FreeSpaceMapTest, FindsAPageWithEnoughSpace) {
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 0, 100);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 1, 3000);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 2, 8000);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 2000), 1u);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 5000), 2u);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 8100), kInvalidBlockNumber);
  // Free space is stored rounded down to multiples of 32: 3000 bytes -> category 93 (2976).
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 2, 0);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 2976), 1u);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 2977), kInvalidBlockNumber);
}

TEST_F(FreeSpaceMapTest, FullyEmptyPageSatisfiesTheLargestRequest) {
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 4, 8160);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 8160), 4u);
  EXPECT_THROW(FreeSpaceMap::GetPageWithFreeSpace(rel_, 8161), Error);
}

TEST_F(FreeSpaceMapTest, RecordAndGetMovesOnWhenAPageTurnsOutFull) {
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 3, 4000);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 7, 4000);
  BlockNumber first = FreeSpaceMap::GetPageWithFreeSpace(rel_, 1000);
  ASSERT_TRUE(first == 3 || first == 7);
  const BlockNumber second = FreeSpaceMap::RecordAndGetPageWithFreeSpace(rel_, first, 10, 1000);
  EXPECT_EQ(second, first == 3 ? 7u : 3u);
  EXPECT_EQ(FreeSpaceMap::RecordAndGetPageWithFreeSpace(rel_, second, 10, 1000),
            kInvalidBlockNumber);
}

TEST_F(FreeSpaceMapTest, SearchWrapsAroundFromTheHint) {
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 2, 4000);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 9, 4000);
  // Starting after block 9, the only other candidate is found by wrapping around.
  EXPECT_EQ(FreeSpaceMap::RecordAndGetPageWithFreeSpace(rel_, 9, 0, 1000), 2u);
}

TEST_F(FreeSpaceMapTest, PagesInLaterLeavesAreFound) {
  const BlockNumber far = 2 * kPerLeaf + 17;
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, far, 6000);
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kFsm), 4u);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 5000), far);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, kPerLeaf - 1, 6000);
  EXPECT_EQ(FreeSpaceMap::RecordAndGetPageWithFreeSpace(rel_, far, 0, 5000), kPerLeaf - 1);
}

TEST_F(FreeSpaceMapTest, RootThatOverReportsIsCorrectedBySearch) {
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, kPerLeaf + 5, 6000);  // leaf 1
  EXPECT_EQ(RootBound(1), 187);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, kPerLeaf + 5, 64);  // decreases stay lazy
  EXPECT_EQ(RootBound(1), 187);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 1000), kInvalidBlockNumber);
  EXPECT_EQ(RootBound(1), 2) << "the search lowered the bound to the leaf's real maximum";
}

TEST_F(FreeSpaceMapTest, CorruptMapPageReadsAsEmpty) {
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 1, 4000);
  BufferManager::FlushAllForCheckpoint();
  BufferManager::DropRelation(rel_);
  std::string leaf(kBlockSize, '\0');
  Smgr::Read(rel_, ForkNumber::kFsm, 1, leaf.data());
  leaf[100] ^= 1;  // a torn write: the checksum no longer matches
  Smgr::Write(rel_, ForkNumber::kFsm, 1, leaf.data());
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 1000), kInvalidBlockNumber);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 1, 4000);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 1000), 1u) << "the map heals on use";
}

TEST_F(FreeSpaceMapTest, TruncateForgetsPagesAtAndBeyondTheCut) {
  for (BlockNumber b = 0; b < 20; ++b) FreeSpaceMap::RecordPageWithFreeSpace(rel_, b, 100);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 15, 5000);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, kPerLeaf + 1, 5000);
  ASSERT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kFsm), 3u);
  FreeSpaceMap::Truncate(rel_, 10);
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kFsm), 2u);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 1000), kInvalidBlockNumber);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 50), 0u);
  FreeSpaceMap::Truncate(rel_, 0);
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kFsm), 0u);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 50), kInvalidBlockNumber);
  FreeSpaceMap::RecordPageWithFreeSpace(rel_, 3, 900);
  EXPECT_EQ(FreeSpaceMap::GetPageWithFreeSpace(rel_, 800), 3u);
}

TEST_F(FreeSpaceMapTest, ConcurrentRecordersAllLand) {
  RunWorkers(4, [&](int worker) {
    for (BlockNumber b = static_cast<BlockNumber>(worker); b < 400; b += 4) {
      FreeSpaceMap::RecordPageWithFreeSpace(rel_, b * 50, 32 * (b % 200 + 1));
    }
    return 0;
  });
  BlockNumber found = FreeSpaceMap::GetPageWithFreeSpace(rel_, 32 * 200);
  EXPECT_EQ(found % 50, 0u);
  EXPECT_EQ(found / 50 % 200, 199u) << "only blocks with category 200 qualify";
}

}  // namespace
}  // namespace hyrax::storage::testing
