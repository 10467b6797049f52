// The WAL rule and the hint-bit rule: a dirty page whose LSN is X reaches the disk only
// after WAL was flushed up to X (on eviction and at checkpoints), and MarkDirtyHint leaves
// a page clean when its next change would need a full-page image.
#include <gtest/gtest.h>

#include "tests/unit/storage/buffer/buffer_test_fixture.h"

namespace hyrax::storage::testing {
namespace {

// Sets the page's LSN to fresh WAL and its marker, as a WAL-logged change would.
Lsn LoggedChange(const RelFileLocator& rel, BlockNumber block, uint64_t marker) {
  PinnedBuffer pin = BufferManager::Read(rel, ForkNumber::kMain, block);
  BufferLock lock(pin, BufferLockMode::kExclusive);
  const Lsn lsn = NextWalLsn();
  SetMarker(lock.page(), marker);
  page_layout::SetLsn(lock.page(), lsn);
  lock.MarkDirty();
  return lsn;
}

// Changes the marker under a share lock, as a hint-bit setter does.
void HintChange(const RelFileLocator& rel, BlockNumber block, uint64_t marker) {
  PinnedBuffer pin = BufferManager::Read(rel, ForkNumber::kMain, block);
  BufferLock lock(pin, BufferLockMode::kShare);
  SetMarker(lock.page(), marker);
  lock.MarkDirtyHint();
}

TEST_F(BufferTest, EvictionFlushesWalUpToPageLsnBeforeWriting) {
  AppendPages(rel_, 1, 0);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 1);
  const Lsn lsn = LoggedChange(rel_, 0, 123);
  ASSERT_LT(FlushedUpTo(), lsn);
  ASSERT_NE(DiskLsn(rel_, 0), lsn);
  EvictEverything();
  EXPECT_EQ(DiskLsn(rel_, 0), lsn);
  EXPECT_EQ(DiskMarker(rel_, 0), 123u);
  EXPECT_GE(FlushedUpTo(), lsn) << "the page is on disk, so its WAL must be";
}

TEST_F(BufferTest, CheckpointFlushesWalBeforeWritingEachPage) {
  AppendPages(rel_, 3, 0);
  LoggedChange(rel_, 0, 1);
  const Lsn highest = LoggedChange(rel_, 2, 3);
  ASSERT_LT(FlushedUpTo(), highest);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 3);
  EXPECT_GE(FlushedUpTo(), highest);
  EXPECT_EQ(DiskLsn(rel_, 2), highest);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 0) << "nothing dirty any more";
  EXPECT_EQ(Smgr::SyncAllPending(), 1) << "one file touched, synced once";
  EXPECT_EQ(Smgr::SyncAllPending(), 0);
}

TEST_F(BufferTest, HintOnPageNeedingFullPageImageLeavesItClean) {
  AppendPages(rel_, 1, 0);
  LoggedChange(rel_, 0, 10);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 1);
  AdvanceRedoPointer();  // a checkpoint: the page's LSN is now before the redo pointer
  const uint64_t dirtied = BufferManager::counters().shared_dirtied;
  HintChange(rel_, 0, 11);
  EXPECT_EQ(BufferManager::counters().shared_dirtied, dirtied);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 0) << "the hint alone does not dirty";
  EXPECT_EQ(DiskMarker(rel_, 0), 10u);
}

TEST_F(BufferTest, HintOnPageLoggedSinceCheckpointDirtiesIt) {
  AppendPages(rel_, 1, 0);
  AdvanceRedoPointer();
  LoggedChange(rel_, 0, 20);  // logged after the checkpoint
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 1);
  const uint64_t dirtied = BufferManager::counters().shared_dirtied;
  HintChange(rel_, 0, 21);
  EXPECT_EQ(BufferManager::counters().shared_dirtied - dirtied, 1u);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 1);
  EXPECT_EQ(DiskMarker(rel_, 0), 21u);
  EXPECT_TRUE(PageVerifyChecksum(DiskPage(rel_, 0).data(), 0));
}

}  // namespace
}  // namespace hyrax::storage::testing
