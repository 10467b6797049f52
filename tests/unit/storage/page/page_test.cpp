// Slotted-page operations: initialisation, adding items in every mode, free-space accounting
// (including the heap line-pointer limit), compaction and index-item deletion, checked
// against PostgreSQL's bufpage.c behaviour.
#include "storage/page/page.h"

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"

namespace hyrax::storage {
namespace {

class PageTest : public ::testing::Test {
 protected:
  void SetUp() override { PageInit(page_, 0); }

  OffsetNumber Add(const std::string& item, OffsetNumber offnum = kInvalidOffsetNumber,
                   bool overwrite = false, bool reuse_unused = false) {
    return PageAddItem(page_, item.data(), item.size(), offnum, overwrite, reuse_unused);
  }
  std::string Get(OffsetNumber offnum) {
    const ItemIdData* item = PageGetItemId(page_, offnum);
    return std::string(PageGetItem(page_, item), item->lp_len);
  }
  PageHeaderData* header() { return GetPageHeader(page_); }

  alignas(8) char page_[kBlockSize];
};

TEST_F(PageTest, InitSetsPostgresHeaderFields) {
  alignas(8) char page[kBlockSize];
  std::memset(page, 0x7f, sizeof(page));
  PageInit(page, 10);  // special space is MAXALIGNed to 16
  const PageHeaderData* h = GetPageHeader(page);
  EXPECT_EQ(h->pd_lsn, 0u);
  EXPECT_EQ(h->pd_lower, 24);
  EXPECT_EQ(h->pd_upper, kBlockSize - 16);
  EXPECT_EQ(h->pd_special, kBlockSize - 16);
  EXPECT_EQ(h->pd_pagesize_version, kBlockSize | 4);
  EXPECT_EQ(h->pd_flags, 0);
  EXPECT_EQ(PageGetMaxOffsetNumber(page), 0);
  EXPECT_FALSE(PageIsNew(page));
  EXPECT_EQ(page[kBlockSize - 1], 0) << "special space is zeroed";
}

TEST_F(PageTest, ZeroedPageIsNew) {
  std::memset(page_, 0, sizeof(page_));
  EXPECT_TRUE(PageIsNew(page_));
  EXPECT_EQ(PageGetFreeSpace(page_), 0u);
}

TEST_F(PageTest, AddedItemsReadBackAndConsumeAlignedSpacePlusLinePointer) {
  const size_t before = PageGetFreeSpace(page_);
  EXPECT_EQ(before, kBlockSize - 24 - 4u);
  EXPECT_EQ(Add("hello"), 1);
  EXPECT_EQ(Add("second item!"), 2);
  EXPECT_EQ(PageGetMaxOffsetNumber(page_), 2);
  EXPECT_EQ(Get(1), "hello");
  EXPECT_EQ(Get(2), "second item!");
  EXPECT_EQ(PageGetItemId(page_, 1)->lp_flags, kLpNormal);
  EXPECT_EQ(before - PageGetFreeSpace(page_), 8u + 4 + 16 + 4);
  EXPECT_EQ(header()->pd_upper, kBlockSize - 24);
  EXPECT_EQ(PageGetItemId(page_, 1)->lp_off, kBlockSize - 8u);
}

TEST_F(PageTest, AddFailsCleanlyWhenItemDoesNotFit) {
  std::string big(4000, 'x');
  EXPECT_EQ(Add(big), 1);
  EXPECT_EQ(Add(big), 2);
  const PageHeaderData saved = *header();
  EXPECT_EQ(Add(big), kInvalidOffsetNumber);
  EXPECT_EQ(header()->pd_lower, saved.pd_lower);
  EXPECT_EQ(header()->pd_upper, saved.pd_upper);
  // Free space excludes the new line pointer but not alignment (as PostgreSQL): an item whose
  // MAXALIGNed size is within it fits, a larger one does not.
  const size_t free_space = PageGetFreeSpace(page_);
  EXPECT_EQ(free_space % 8, 4u);
  EXPECT_EQ(Add(std::string(free_space + 1, 'y')), kInvalidOffsetNumber);
  EXPECT_NE(Add(std::string(free_space & ~size_t{7}, 'y')), kInvalidOffsetNumber);
  EXPECT_EQ(PageGetFreeSpace(page_), 0u);
}

TEST_F(PageTest, InsertAtOffsetShiftsLaterLinePointers) {
  Add("a");
  Add("c");
  EXPECT_EQ(Add("b", 2), 2);
  EXPECT_EQ(Get(1), "a");
  EXPECT_EQ(Get(2), "b");
  EXPECT_EQ(Get(3), "c");
  EXPECT_EQ(Add("d", 4), 4) << "appending at limit is allowed";
  EXPECT_EQ(Add("x", 6), kInvalidOffsetNumber) << "beyond limit is refused";
}

TEST_F(PageTest, OverwriteFillsUnusedSlotButNeverAUsedOne) {
  Add("a");
  Add("b");
  EXPECT_EQ(Add("z", 1, /*overwrite=*/true), kInvalidOffsetNumber);
  ItemIdData* item = PageGetItemId(page_, 2);
  item->lp_flags = kLpUnused;
  item->lp_len = 0;
  item->lp_off = 0;
  EXPECT_EQ(Add("B", 2, /*overwrite=*/true), 2);
  EXPECT_EQ(Get(2), "B");
  EXPECT_EQ(PageGetMaxOffsetNumber(page_), 2) << "overwrite does not add a line pointer";
  EXPECT_EQ(Add("c", 3, /*overwrite=*/true), 3) << "overwrite at limit appends";
}

TEST_F(PageTest, RepairFragmentationReclaimsSpaceAndKeepsOffsets) {
  for (int i = 0; i < 10; ++i) Add(std::string(100, static_cast<char>('a' + i)));
  const size_t full_free = PageGetFreeSpace(page_);
  for (OffsetNumber off : {2, 5, 9}) {
    ItemIdData* item = PageGetItemId(page_, off);
    item->lp_flags = kLpUnused;
  }
  // A dead line pointer without storage keeps its number but no space.
  ItemIdData* dead = PageGetItemId(page_, 7);
  dead->lp_flags = kLpDead;
  dead->lp_len = 0;
  dead->lp_off = 0;
  PageRepairFragmentation(page_);
  EXPECT_EQ(PageGetFreeSpace(page_), full_free + 4 * 104);
  EXPECT_EQ(PageGetMaxOffsetNumber(page_), 10);
  for (OffsetNumber off : {1, 3, 4, 6, 8, 10}) {
    EXPECT_EQ(Get(off), std::string(100, static_cast<char>('a' + off - 1))) << off;
  }
  EXPECT_EQ(PageGetItemId(page_, 7)->lp_flags, kLpDead);
  EXPECT_EQ(PageGetItemId(page_, 2)->lp_len, 0u);
  EXPECT_TRUE(header()->pd_flags & kPdHasFreeLines);

  // Heap-mode inserts reuse the first unused line pointer.
  EXPECT_EQ(Add("new", kInvalidOffsetNumber, false, /*reuse_unused=*/true), 2);
  EXPECT_EQ(Add("new", kInvalidOffsetNumber, false, /*reuse_unused=*/false), 11);
}

TEST_F(PageTest, RepairWithoutUnusedPointersClearsFreeLinesHint) {
  Add("a");
  header()->pd_flags |= kPdHasFreeLines;
  PageRepairFragmentation(page_);
  EXPECT_FALSE(header()->pd_flags & kPdHasFreeLines);
}

TEST_F(PageTest, StaleFreeLinesHintIsClearedByAdd) {
  Add("a");
  header()->pd_flags |= kPdHasFreeLines;
  EXPECT_EQ(Add("b", kInvalidOffsetNumber, false, true), 2);
  EXPECT_FALSE(header()->pd_flags & kPdHasFreeLines);
}

TEST_F(PageTest, HeapModeStopsAtMaxHeapTuplesPerPage) {
  for (int i = 0; i < kMaxHeapTuplesPerPage; ++i) {
    ASSERT_EQ(Add("", kInvalidOffsetNumber, false, true), i + 1);
  }
  EXPECT_GT(PageGetFreeSpace(page_), 0u);
  EXPECT_EQ(PageGetHeapFreeSpace(page_), 0u);
  EXPECT_EQ(Add("", kInvalidOffsetNumber, false, true), kInvalidOffsetNumber);
  EXPECT_NE(Add("", kInvalidOffsetNumber, false, false), kInvalidOffsetNumber)
      << "non-heap pages have no such limit";
}

TEST_F(PageTest, HeapFreeSpaceCountsAFreeLinePointerAtTheLimit) {
  for (int i = 0; i < kMaxHeapTuplesPerPage; ++i) Add("x", kInvalidOffsetNumber, false, true);
  PageGetItemId(page_, 100)->lp_flags = kLpUnused;
  PageRepairFragmentation(page_);
  EXPECT_EQ(PageGetHeapFreeSpace(page_), PageGetFreeSpace(page_));
  EXPECT_EQ(Add("y", kInvalidOffsetNumber, false, true), 100);
}

TEST_F(PageTest, IndexTupleDeleteClosesGapAndFixesOffsets) {
  PageInit(page_, 16);
  Add("first---");
  Add("second--------");
  Add("third");
  const size_t free_before = PageGetFreeSpace(page_);
  PageIndexTupleDelete(page_, 2);
  EXPECT_EQ(PageGetMaxOffsetNumber(page_), 2);
  EXPECT_EQ(Get(1), "first---");
  EXPECT_EQ(Get(2), "third");
  EXPECT_EQ(PageGetFreeSpace(page_), free_before + 16 + 4);
  EXPECT_EQ(header()->pd_special, kBlockSize - 16);
  PageIndexTupleDelete(page_, 1);
  PageIndexTupleDelete(page_, 1);
  EXPECT_EQ(header()->pd_upper, header()->pd_special);
  EXPECT_EQ(header()->pd_lower, 24);
}

TEST_F(PageTest, IndexTupleDeleteRejectsBadOffset) {
  Add("a");
  try {
    PageIndexTupleDelete(page_, 2);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "invalid index offnum: 2");
  }
}

TEST_F(PageTest, CorruptedPagePointersAreReported) {
  header()->pd_lower = 9000;
  try {
    Add("a");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDataCorrupted);
    EXPECT_EQ(e.message(), "corrupted page pointers: lower = 9000, upper = 8192, special = 8192");
  }
  EXPECT_THROW(PageRepairFragmentation(page_), Error);
}

}  // namespace
}  // namespace hyrax::storage
