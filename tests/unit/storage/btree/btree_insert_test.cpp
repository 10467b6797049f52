// Insertion through the buffer pool: the first insert creates a leaf root, splits grow the
// tree, and after 100k random insertions a full scan returns every entry exactly once in
// key order (heap TID breaking ties), backward too, with the verifier clean.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeInsertTest : public BtreeTest {
 protected:
  int PoolSize() override { return 1024; }
};

TEST_F(BtreeInsertTest, EmptyIndexHasOnlyMetapageAndScansEmpty) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  EXPECT_EQ(BufferManager::NumBlocks(index.locator, ForkNumber::kMain), 1u);
  EXPECT_TRUE(ScanNumbers(index).empty());
  EXPECT_TRUE(ScanNumbers(index, {}, ScanDirection::kBackward).empty());
  EXPECT_EQ(BtreeVerify(index), std::vector<std::string>{});
  InsertInt4(index, 5, 1);
  EXPECT_EQ(BufferManager::NumBlocks(index.locator, ForkNumber::kMain), 2u);
  EXPECT_EQ(BtreeTreeHeight(index), 0u);
  EXPECT_EQ(ScanNumbers(index), std::vector<uint32_t>{1});
}

TEST_F(BtreeInsertTest, DuplicateKeysAreOrderedByHeapTid) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  // Enough equal keys to need several leaf pages: splits cut between equal keys.
  std::vector<uint32_t> numbers(3000);
  for (uint32_t n = 0; n < numbers.size(); ++n) numbers[n] = n;
  std::shuffle(numbers.begin(), numbers.end(), std::mt19937(7));
  for (uint32_t n : numbers) InsertInt4(index, 42, n);
  InsertInt4(index, 41, 5000);
  InsertInt4(index, 43, 5001);
  std::vector<uint32_t> expected{5000};
  for (uint32_t n = 0; n < 3000; ++n) expected.push_back(n);
  expected.push_back(5001);
  EXPECT_EQ(ScanNumbers(index), expected);
  EXPECT_EQ(ScanNumbers(index, {Key(1, BtStrategy::kEqual, Int32GetDatum(42))}).size(), 3000u);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_GE(BtreeTreeHeight(index), 1u);
}

TEST_F(BtreeInsertTest, HundredThousandRandomInsertsScanInOrderAndVerify) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  // INCLUDE padding makes leaf entries big (few per page) while pivots stay small.
  const IndexRelationInfo index = MakeIndex({Int4Column()}, {TextColumn()});
  CreateEmptyIndex(index);
  constexpr int kCount = 100000;
  std::vector<int32_t> keys(kCount);
  for (int n = 0; n < kCount; ++n) keys[n] = n;
  std::shuffle(keys.begin(), keys.end(), std::mt19937(42));
  const Datum pad = CStringGetTextDatum(std::string(150, 'p'));
  for (int n = 0; n < kCount; ++n) {
    const Datum values[2] = {Int32GetDatum(keys[n]), pad};
    const bool isnull[2] = {false, false};
    // Entry number = key, so the scan order is checkable through the TIDs.
    BtreeInsert(index, values, isnull, TidFor(static_cast<uint32_t>(keys[n])),
                IndexUniqueCheck::kNo, nullptr);
  }
  EXPECT_GE(BtreeTreeHeight(index), 2u) << "expected at least three levels";
  const std::vector<uint32_t> forward = ScanNumbers(index);
  ASSERT_EQ(forward.size(), static_cast<size_t>(kCount));
  for (int n = 0; n < kCount; ++n) ASSERT_EQ(forward[n], static_cast<uint32_t>(n));
  std::vector<uint32_t> backward = ScanNumbers(index, {}, ScanDirection::kBackward);
  std::reverse(backward.begin(), backward.end());
  EXPECT_EQ(backward, forward);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_EQ(CountIncompleteSplits(index), 0);

  // Index-only access to the entries: the INCLUDE column comes back.
  BtreeScan scan(index);
  scan.set_want_index_tuple(true);
  scan.Rescan({Key(1, BtStrategy::kEqual, Int32GetDatum(77777))});
  ItemPointerData tid;
  ASSERT_TRUE(scan.Next(ScanDirection::kForward, &tid));
  Datum values[2];
  bool isnull[2];
  scan.GetIndexTuple(values, isnull);
  EXPECT_EQ(DatumGetInt32(values[0]), 77777);
  EXPECT_EQ(DatumGetString(values[1]), std::string(150, 'p'));
  EXPECT_FALSE(scan.Next(ScanDirection::kForward, &tid));
}

TEST_F(BtreeInsertTest, AscendingInsertsFillRightmostPagesToFillfactor) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  for (int n = 0; n < 20000; ++n) InsertInt4(index, n, static_cast<uint32_t>(n));
  // Rightmost splits leave the left half at the fillfactor (90%): 20000 entries of 20 bytes
  // need about 55 leaves then, against about 100 with even splits.
  const BlockNumber pages = BufferManager::NumBlocks(index.locator, ForkNumber::kMain);
  EXPECT_LT(pages, 70u);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_EQ(ScanNumbers(index).size(), 20000u);
}

}  // namespace
}  // namespace hyrax::storage::testing
