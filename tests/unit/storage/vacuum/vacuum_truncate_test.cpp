// Truncation: empty pages at the end of the relation are cut off with its maps, only when
// AccessExclusiveLock is free at once, the cut survives a crash, later inserts extend the
// relation again, and another backend whose cached insertion page was cut off moves on.
#include "tests/unit/storage/vacuum/vacuum_test_env.h"

namespace hyrax::storage::testing {
namespace {

class VacuumTruncateTest : public VacuumTest {
 protected:
  static constexpr BlockNumber kKeptPages = 10;

  // Fills about 20 pages and deletes every row from page kKeptPages on.
  std::multiset<int32_t> FillAndEmptyTheTail() {
    std::map<int32_t, ItemPointerData> tids = InsertRows(0, 1200);
    EXPECT_GE(NumBlocks(), 2 * kKeptPages);
    std::multiset<int32_t> kept;
    Transaction([&] {
      for (const auto& [id, tid] : tids) {
        if (tid.block() >= kKeptPages) {
          DeleteRow(tid);
        } else {
          kept.insert(id);
        }
      }
    });
    return kept;
  }
};

TEST_F(VacuumTruncateTest, EmptyTailPagesAreCutOff) {
  AddIndex();
  const std::multiset<int32_t> kept = FillAndEmptyTheTail();
  const BlockNumber pages = NumBlocks();
  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.removed_pages, pages - kKeptPages);
  EXPECT_EQ(r.new_rel_pages, kKeptPages);
  EXPECT_EQ(NumBlocks(), kKeptPages);
  EXPECT_EQ(PgClassRow().relpages, static_cast<int32_t>(kKeptPages));
  EXPECT_EQ(VisibilityMap::CountAllVisible(rel_.locator), kKeptPages);
  EXPECT_EQ(ScanIds(), kept);
  ExpectIndexesMatchHeap(kept);

  // Inserts extend the relation again from the new end.
  std::multiset<int32_t> expected = kept;
  for (int32_t id = 5000; id < 5600; ++id) expected.insert(id);
  InsertRows(5000, 600);
  EXPECT_GT(NumBlocks(), kKeptPages);
  EXPECT_EQ(ScanIds(), expected);
  ExpectIndexesMatchHeap(expected);
}

TEST_F(VacuumTruncateTest, TruncationSurvivesACrash) {
  AddIndex();
  const std::multiset<int32_t> kept = FillAndEmptyTheTail();
  Checkpoint();  // the full-length file and its pages are on disk
  Vacuum();
  ASSERT_EQ(NumBlocks(), kKeptPages);
  CrashAndRecover();
  EXPECT_EQ(NumBlocks(), kKeptPages) << "replaying older records must not bring pages back";
  EXPECT_EQ(ScanIds(), kept);
  ExpectIndexesMatchHeap(kept);
  InsertRows(7000, 100);
  EXPECT_EQ(ScanIds().size(), kept.size() + 100);
}

TEST_F(VacuumTruncateTest, NoTruncationWhileAnotherTransactionUsesTheTable) {
  FillAndEmptyTheTail();
  const BlockNumber pages = NumBlocks();
  const pid_t child = ForkChild([&] {
    StartTransactionCommand();
    LockRelationOid(relid_, LockMode::kAccessShare);  // a reader: VACUUM must not wait for it
    scratch_->step[0].Post();
    while (!scratch_->step[1].Wait()) {
    }
    CommitTransactionCommand();
  });
  while (!scratch_->step[0].Wait()) {
  }
  const VacuumResult r = Vacuum();
  scratch_->step[1].Post();
  ASSERT_EQ(WaitChild(child), 0);
  EXPECT_EQ(r.removed_pages, 0u);
  EXPECT_EQ(NumBlocks(), pages);
  // Next time the lock is free.
  EXPECT_EQ(Vacuum().removed_pages, pages - kKeptPages);
}

TEST_F(VacuumTruncateTest, TruncateOptionOffKeepsThePages) {
  FillAndEmptyTheTail();
  const BlockNumber pages = NumBlocks();
  VacuumOptions options;
  options.truncate = false;
  EXPECT_EQ(Vacuum(options).removed_pages, 0u);
  EXPECT_EQ(NumBlocks(), pages);
}

TEST_F(VacuumTruncateTest, AnotherBackendsInsertionPageInTheCutTailIsForgotten) {
  const std::multiset<int32_t> kept = FillAndEmptyTheTail();
  const pid_t child = ForkChild([&] {
    // Caches a tail page as this backend's insertion target, then leaves nothing there.
    Transaction([&] {
      const ItemPointerData tid = InsertRow(-1);
      scratch_->value[0] = static_cast<int32_t>(tid.block());
      CommandCounterIncrement();
      DeleteRow(tid);
    });
    scratch_->step[0].Post();
    while (!scratch_->step[1].Wait()) {
    }
    // The cached page no longer exists: the insert must go elsewhere rather than fail with
    // "could not read block".
    Transaction([&] { InsertRow(-2); });
  });
  while (!scratch_->step[0].Wait()) {
  }
  ASSERT_GE(scratch_->value[0].load(), static_cast<int32_t>(kKeptPages));
  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.new_rel_pages, kKeptPages);
  scratch_->step[1].Post();
  ASSERT_EQ(WaitChild(child), 0);
  std::multiset<int32_t> expected = kept;
  expected.insert(-2);
  EXPECT_EQ(ScanIds(), expected);
}

}  // namespace
}  // namespace hyrax::storage::testing
