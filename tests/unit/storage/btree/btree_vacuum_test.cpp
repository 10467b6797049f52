// Bulk delete (VACUUM's index pass): exactly the entries whose heap TIDs the callback
// names disappear, counts are reported, the tree stays valid (emptied pages remain), later
// inserts work, and the deletions replay after a crash.
#include <random>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeVacuumTest : public BtreeTest {
 protected:
  int PoolSize() override { return 128; }
};

TEST_F(BtreeVacuumTest, BulkDeleteRemovesExactlyTheRequestedTids) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  std::mt19937 rng(8);
  std::vector<int32_t> keys(20000);
  for (uint32_t n = 0; n < keys.size(); ++n) {
    keys[n] = static_cast<int32_t>(rng() % 5000);
    InsertInt4(index, keys[n], n);
  }
  // Every third entry, plus a whole key range so that some leaves empty out completely.
  std::set<uint32_t> dead;
  for (uint32_t n = 0; n < keys.size(); ++n) {
    if (n % 3 == 0 || (keys[n] >= 1000 && keys[n] < 1500)) dead.insert(n);
  }
  int calls = 0;
  const IndexBulkDeleteResult result = BtreeBulkDelete(index, [&](ItemPointerData tid) {
    ++calls;
    return dead.count(NumberOfTid(tid)) != 0;
  });
  EXPECT_EQ(calls, 20000);
  EXPECT_EQ(result.tuples_removed, static_cast<double>(dead.size()));
  EXPECT_EQ(result.num_index_tuples, static_cast<double>(keys.size() - dead.size()));
  EXPECT_EQ(result.num_pages, BufferManager::NumBlocks(index.locator, ForkNumber::kMain));
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");

  std::vector<uint32_t> remaining = ScanNumbers(index);
  std::set<uint32_t> remaining_set(remaining.begin(), remaining.end());
  EXPECT_EQ(remaining.size(), remaining_set.size());
  for (uint32_t n = 0; n < keys.size(); ++n) {
    ASSERT_EQ(remaining_set.count(n) != 0, dead.count(n) == 0) << "entry " << n;
  }
  // A range whose entries are all gone scans empty in both directions.
  EXPECT_TRUE(ScanNumbers(index, {Key(1, BtStrategy::kGreaterEqual, Int32GetDatum(1000)),
                                  Key(1, BtStrategy::kLess, Int32GetDatum(1500))})
                  .empty());
  EXPECT_TRUE(ScanNumbers(index,
                          {Key(1, BtStrategy::kGreaterEqual, Int32GetDatum(1000)),
                           Key(1, BtStrategy::kLess, Int32GetDatum(1500))},
                          ScanDirection::kBackward)
                  .empty());

  // New entries go into the emptied key range again.
  for (uint32_t n = 20000; n < 21000; ++n) InsertInt4(index, 1200, n);
  EXPECT_EQ(ScanNumbers(index, {Key(1, BtStrategy::kEqual, Int32GetDatum(1200))}).size(), 1000u);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");

  // The deletions are in the WAL.
  const std::vector<uint32_t> before_crash = ScanNumbers(index);
  CrashAndRecover();
  EXPECT_EQ(ScanNumbers(index), before_crash);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
}

TEST_F(BtreeVacuumTest, NothingDeadChangesNothing) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  for (uint32_t n = 0; n < 3000; ++n) InsertInt4(index, static_cast<int32_t>(n), n);
  const std::vector<std::string> before = SnapshotPages(index);
  const IndexBulkDeleteResult result =
      BtreeBulkDelete(index, [](ItemPointerData) { return false; });
  EXPECT_EQ(result.tuples_removed, 0.0);
  EXPECT_EQ(result.num_index_tuples, 3000.0);
  EXPECT_EQ(SnapshotPages(index), before);
}

}  // namespace
}  // namespace hyrax::storage::testing
