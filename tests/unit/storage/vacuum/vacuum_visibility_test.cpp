// VACUUM and the visibility map: pages become all-visible (and all-frozen when frozen),
// later writes clear the bits and so does redo after a crash, all-visible pages are
// skipped unless the VACUUM is aggressive, and freezing marks old xmins frozen while the
// rows stay visible, also after crash recovery.
#include <set>

#include "tests/unit/storage/vacuum/vacuum_test_env.h"

namespace hyrax::storage::testing {
namespace {

class VacuumVisibilityTest : public VacuumTest {
 protected:
  uint8_t Status(BlockNumber block) { return VisibilityMap::GetStatus(rel_.locator, block); }
  std::multiset<int32_t> AllIds(int32_t count) {
    std::multiset<int32_t> ids;
    for (int32_t id = 0; id < count; ++id) ids.insert(id);
    return ids;
  }
};

TEST_F(VacuumVisibilityTest, VacuumMarksPagesAllVisibleAndWritesClearThem) {
  AddIndex();
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 1000);
  const BlockNumber pages = NumBlocks();
  ASSERT_GE(pages, 4u);
  const VacuumResult r = Vacuum();
  EXPECT_EQ(r.pages_set_all_visible, pages);
  EXPECT_EQ(r.pages_set_all_frozen, 0u) << "recent xids are not frozen by default";
  EXPECT_EQ(r.new_rel_allvisible, pages);
  EXPECT_EQ(PgClassRow().relallvisible, static_cast<int32_t>(pages));
  for (BlockNumber block = 0; block < pages; ++block) {
    EXPECT_EQ(Status(block), kVmAllVisible) << block;
    EXPECT_TRUE(PageFlagAllVisible(block)) << block;
  }

  ItemPointerData new_version;
  Transaction([&] { new_version = UpdateRow(tids[0], 0); });
  ASSERT_EQ(tids[0].block(), 0u);
  EXPECT_EQ(Status(0), 0);
  EXPECT_FALSE(PageFlagAllVisible(0));
  EXPECT_EQ(Status(new_version.block()), 0);
  Transaction([&] { DeleteRow(tids.rbegin()->second); });
  const BlockNumber last = tids.rbegin()->second.block();
  EXPECT_EQ(Status(last), 0);
  std::set<BlockNumber> cleared = {0, new_version.block(), last};
  for (BlockNumber block = 0; block < pages; ++block) {
    EXPECT_EQ(Status(block), cleared.count(block) ? 0 : kVmAllVisible) << block;
  }
  BlockNumber still_visible = pages;
  for (BlockNumber block : cleared) still_visible -= block < pages ? 1 : 0;
  EXPECT_EQ(VisibilityMap::CountAllVisible(rel_.locator), still_visible);

  // The next VACUUM restores the bits (the update's and the delete's dead versions go).
  const VacuumResult again = Vacuum();
  EXPECT_EQ(again.tuples_deleted, 2);
  EXPECT_EQ(VisibilityMap::CountAllVisible(rel_.locator), NumBlocks());
}

TEST_F(VacuumVisibilityTest, BitsSetByVacuumAreReplayedAfterCrash) {
  InsertRows(0, 1000);
  Checkpoint();
  Vacuum();
  const BlockNumber pages = NumBlocks();
  CrashAndRecover();  // the map pages were never written: only redo can set the bits
  for (BlockNumber block = 0; block < pages; ++block) {
    EXPECT_EQ(Status(block), kVmAllVisible) << block;
    EXPECT_TRUE(PageFlagAllVisible(block)) << block;
  }
}

TEST_F(VacuumVisibilityTest, BitsClearedByWritesStayClearedAfterCrash) {
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 1000);
  VacuumOptions freeze;
  freeze.freeze = true;
  Vacuum(freeze);
  const BlockNumber pages = NumBlocks();
  ASSERT_EQ(VisibilityMap::Count(rel_.locator).all_frozen, pages);
  Checkpoint();  // the map reaches disk with every bit set

  ASSERT_EQ(tids[0].block(), 0u);
  ItemPointerData on_page_1;
  for (const auto& [id, tid] : tids) {
    if (tid.block() == 1) on_page_1 = tid;
  }
  Transaction([&] { DeleteRow(tids[0]); });
  Transaction([&] {
    TmFailureData tmfd;
    EXPECT_EQ(HeapLockTuple(rel_, on_page_1, GetCurrentCommandId(true), LockTupleMode::kShare,
                            LockWaitPolicy::kBlock, nullptr, &tmfd),
              TmResult::kOk);
  });
  ASSERT_EQ(Status(0), 0);
  ASSERT_EQ(Status(1), kVmAllVisible);
  CrashAndRecover();  // the changed map page was lost: redo of the heap records clears it
  EXPECT_EQ(Status(0), 0);
  EXPECT_FALSE(PageFlagAllVisible(0));
  EXPECT_EQ(Status(1), kVmAllVisible);
  EXPECT_TRUE(PageFlagAllVisible(1));
  for (BlockNumber block = 2; block < pages; ++block) {
    EXPECT_EQ(Status(block), kVmAllVisible | kVmAllFrozen) << block;
  }
}

TEST_F(VacuumVisibilityTest, AllVisiblePagesAreSkippedUnlessAggressive) {
  InsertRows(0, 4000);
  const BlockNumber pages = NumBlocks();
  ASSERT_GT(pages, 50u);  // so that one scanned page is under 2% (reltuples is kept)
  const VacuumResult first = Vacuum();
  EXPECT_EQ(first.scanned_pages, pages);

  const VacuumResult skipping = Vacuum();
  EXPECT_EQ(skipping.scanned_pages, 1u) << "only the last page is read";
  EXPECT_FALSE(skipping.aggressive);
  EXPECT_EQ(skipping.new_relfrozenxid, kInvalidTransactionId)
      << "relfrozenxid cannot advance past pages that were not looked at";
  EXPECT_EQ(skipping.new_rel_tuples, 4000.0) << "reltuples keeps its old value";

  VacuumOptions no_skipping;
  no_skipping.disable_page_skipping = true;
  EXPECT_EQ(Vacuum(no_skipping).scanned_pages, pages);

  VacuumOptions freeze;
  freeze.freeze = true;
  const VacuumResult aggressive = Vacuum(freeze);
  EXPECT_TRUE(aggressive.aggressive);
  EXPECT_EQ(aggressive.scanned_pages, pages) << "all-visible but unfrozen pages must be read";
  EXPECT_EQ(aggressive.pages_set_all_frozen, pages);

  const VacuumResult frozen_skip = Vacuum(freeze);
  EXPECT_EQ(frozen_skip.scanned_pages, 1u) << "all-frozen pages are skipped even then";
  EXPECT_EQ(ScanIds(), AllIds(4000));
}

TEST_F(VacuumVisibilityTest, FreezeMarksXminsFrozenAndRowsStayVisible) {
  std::map<int32_t, ItemPointerData> tids = InsertRows(0, 800);
  const TransactionId inserter = RawHeader(tids[0]).t_xmin;
  const BlockNumber pages = NumBlocks();
  Checkpoint();
  const VacuumResult plain = Vacuum();  // full-page images of the heap pages are taken here
  EXPECT_EQ(plain.tuples_frozen, 0);
  EXPECT_EQ(VisibilityMap::Count(rel_.locator).all_frozen, 0u);
  for (const auto& [id, tid] : tids) ASSERT_FALSE(XminFrozen(tid)) << id;

  VacuumOptions freeze;
  freeze.freeze = true;
  const VacuumResult r = Vacuum(freeze);
  EXPECT_EQ(r.tuples_frozen, 800);
  EXPECT_EQ(r.freeze_limit, r.oldest_xmin);
  EXPECT_EQ(r.pages_set_all_frozen, pages);
  EXPECT_EQ(r.new_relfrozenxid, r.oldest_xmin);
  EXPECT_EQ(PgClassRow().relfrozenxid, r.oldest_xmin);
  for (const auto& [id, tid] : tids) {
    const HeapTupleHeaderData header = RawHeader(tid);
    ASSERT_TRUE(HeapXminFrozen(&header)) << id;
    EXPECT_EQ(header.t_xmin, inserter) << "the raw xmin is kept";
  }
  EXPECT_EQ(ScanIds(), AllIds(800));

  // The freeze records carry no page images (the pages were logged since the checkpoint),
  // so recovery must repeat the freezing itself.
  CrashAndRecover();
  for (const auto& [id, tid] : tids) ASSERT_TRUE(XminFrozen(tid)) << id;
  EXPECT_EQ(VisibilityMap::Count(rel_.locator).all_frozen, pages);
  EXPECT_EQ(ScanIds(), AllIds(800));
}

TEST_F(VacuumVisibilityTest, FreezeMinAgeKeepsYoungXidsUnfrozen) {
  std::map<int32_t, ItemPointerData> old_rows = InsertRows(0, 300);
  const TransactionId old_xid = RawHeader(old_rows[0]).t_xmin;
  // Burn xids so that the first batch is older than the freeze age and the second is not.
  for (int n = 0; n < 20; ++n) Transaction([] { GetCurrentTransactionId(); });
  std::map<int32_t, ItemPointerData> young_rows = InsertRows(300, 300);
  const TransactionId young_xid = RawHeader(young_rows[300]).t_xmin;
  VacuumOptions options;
  options.freeze_min_age = 10;
  const VacuumResult r = Vacuum(options);
  EXPECT_TRUE(TransactionIdPrecedes(old_xid, r.freeze_limit));
  EXPECT_FALSE(TransactionIdPrecedes(young_xid, r.freeze_limit));
  EXPECT_EQ(r.tuples_frozen, 300);
  for (const auto& [id, tid] : old_rows) EXPECT_TRUE(XminFrozen(tid)) << id;
  for (const auto& [id, tid] : young_rows) EXPECT_FALSE(XminFrozen(tid)) << id;
}

}  // namespace
}  // namespace hyrax::storage::testing
