// The full-page-image decision: a page changed for the first time after a checkpoint's
// redo pointer gets an image, later changes do not; kRegbufNoImage / kRegbufWillInit /
// kRegbufForceImage and full_page_writes = off override the rule.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "common/page_layout.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/insert/record_builder.h"
#include "wal/record/wal_reader.h"
#include "wal/wal_stats.h"

namespace hyrax::wal::testing {
namespace {

std::vector<char> PageWithLsn(Lsn lsn) {
  std::vector<char> page(kBlockSize, 0);
  page_layout::SetLsn(page.data(), lsn);
  uint16_t lower = 64;
  uint16_t upper = 8000;
  std::memcpy(page.data() + page_layout::kLowerOffset, &lower, sizeof(lower));
  std::memcpy(page.data() + page_layout::kUpperOffset, &upper, sizeof(upper));
  return page;
}

// Inserts a one-block record for `page` and reports whether it carried an image.
bool InsertTakesImage(std::vector<char>& page, uint8_t flags = kRegbufStandard) {
  Lsn start = GetXLogInsertRecPtr();
  BlockRef ref;
  ref.locator = RelFileLocator{kDefaultTablespaceOid, 1, 1234};
  ref.block = 0;
  char data = 'd';
  XLogBeginInsert();
  XLogRegisterBlock(0, ref, page.data(), flags);
  XLogRegisterBlockData(0, &data, 1);
  Lsn end = XLogInsert(kTestRmgr, 0);
  page_layout::SetLsn(page.data(), end);
  XLogFlush(end);
  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  EXPECT_NE(rec, nullptr) << reader.end_reason();
  return rec != nullptr && rec->block(0).has_image;
}

class FullPageImageTest : public WalTest {};

TEST_F(FullPageImageTest, FirstChangeAfterCheckpointTakesImageLaterChangesDoNot) {
  std::vector<char> page = PageWithLsn(0);
  EXPECT_TRUE(XLogPageNeedsImage(0));
  EXPECT_TRUE(InsertTakesImage(page));  // LSN 0 <= redo
  EXPECT_FALSE(XLogPageNeedsImage(page_layout::GetLsn(page.data())));
  EXPECT_FALSE(InsertTakesImage(page));  // changed since the redo pointer

  CreateCheckpoint(kCheckpointForce);
  EXPECT_GE(GetRedoRecPtr(), page_layout::GetLsn(page.data()));
  EXPECT_TRUE(XLogPageNeedsImage(page_layout::GetLsn(page.data())));
  uint64_t fpi_before = GetWalStats().fpi;
  EXPECT_TRUE(InsertTakesImage(page));
  EXPECT_EQ(GetWalStats().fpi, fpi_before + 1);
  EXPECT_FALSE(InsertTakesImage(page));
}

TEST_F(FullPageImageTest, FlagsOverrideTheRedoPointerRule) {
  std::vector<char> old_page = PageWithLsn(0);
  EXPECT_FALSE(InsertTakesImage(old_page, kRegbufNoImage));
  page_layout::SetLsn(old_page.data(), 0);
  EXPECT_FALSE(InsertTakesImage(old_page, kRegbufWillInit));
  // A page changed after the redo pointer still gets an image when forced.
  EXPECT_TRUE(InsertTakesImage(old_page, kRegbufForceImage));
  EXPECT_TRUE(InsertTakesImage(old_page, kRegbufForceImage));
}

TEST_F(FullPageImageTest, FullPageWritesOffTakesNoImages) {
  g_full_page_writes = false;
  std::vector<char> page = PageWithLsn(0);
  EXPECT_FALSE(XLogPageNeedsImage(0));
  EXPECT_FALSE(InsertTakesImage(page));
  g_full_page_writes = true;
  page_layout::SetLsn(page.data(), 0);
  EXPECT_TRUE(InsertTakesImage(page));
}

// The re-check XLogInsert does under the insert lock when a checkpoint moved the redo
// pointer after assembly: fpw_lsn says which redo pointers invalidate the decision.
TEST_F(FullPageImageTest, AssemblyReportsWhenAMovedRedoPointerRequiresAnImage) {
  std::vector<char> page = PageWithLsn(150);
  BlockRef ref;
  ref.block = 3;
  RecordBuilder& builder = RecordBuilder::Instance();
  builder.Begin();
  builder.RegisterBlock(0, ref, page.data(), kRegbufStandard);
  builder.Assemble(kTestRmgr, 0, kInvalidTransactionId, 100, true);
  EXPECT_EQ(builder.num_images(), 0);
  EXPECT_EQ(builder.fpw_lsn(), 150u);  // a redo pointer >= 150 invalidates this layout
  uint32_t without_image = builder.tot_len();
  builder.Assemble(kTestRmgr, 0, kInvalidTransactionId, 150, true);
  EXPECT_EQ(builder.num_images(), 1);
  EXPECT_GT(builder.tot_len(), without_image);
  builder.Reset();
}

}  // namespace
}  // namespace hyrax::wal::testing
