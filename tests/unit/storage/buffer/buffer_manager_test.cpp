// The buffer pool in one process with 16 buffers: eviction writes dirty pages and re-reads
// them intact, pinned buffers are never evicted, extension and block counts, checksum
// verification on read, dropping and truncating without writing, per-relation flushing,
// statistics counters, the cleanup lock and the pin-leak check.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/storage/buffer/buffer_test_fixture.h"

namespace hyrax::storage::testing {
namespace {

TEST_F(BufferTest, EvictedDirtyPagesAreWrittenAndReadBackIntact) {
  AppendPages(rel_, 40, 1000);  // 40 pages through a 16-buffer pool
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kMain), 40u);
  EXPECT_EQ(DiskMarker(rel_, 0), 1000u) << "block 0 was evicted, hence written";
  const uint64_t reads_before = BufferManager::counters().shared_read;
  for (BlockNumber b = 0; b < 40; ++b) EXPECT_EQ(PoolMarker(rel_, b), 1000 + b) << b;
  EXPECT_GT(BufferManager::counters().shared_read, reads_before);
  // Modify through the pool again, evict, and check the change reached the disk.
  {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 3);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    SetMarker(lock.page(), 77);
    lock.MarkDirty();
  }
  EvictEverything();
  EXPECT_EQ(DiskMarker(rel_, 3), 77u);
  EXPECT_TRUE(PageVerifyChecksum(DiskPage(rel_, 3).data(), 3)) << "written with a checksum";
  EXPECT_EQ(PoolMarker(rel_, 3), 77u);
}

TEST_F(BufferTest, PinnedBuffersAreNeverEvicted) {
  std::vector<PinnedBuffer> pins;
  AppendPages(rel_, 16, 0);
  for (BlockNumber b = 0; b < 16; ++b)
    pins.push_back(BufferManager::Read(rel_, ForkNumber::kMain, b));
  Smgr::Extend(rel_, ForkNumber::kMain, 16, std::string(kBlockSize, '\0').data());
  try {
    BufferManager::Read(rel_, ForkNumber::kMain, 16);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    // PostgreSQL raises this with elog(ERROR): SQLSTATE XX000.
    EXPECT_EQ(e.code(), errcode::kInternalError);
    EXPECT_EQ(e.message(), "no unpinned buffers available");
  }
  for (BlockNumber b = 0; b < 16; ++b) {
    BufferLock lock(pins[b], BufferLockMode::kShare);
    EXPECT_EQ(Marker(lock.page()), b) << "pinned page kept its contents";
  }
  pins.pop_back();
  PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 16);
  EXPECT_EQ(pin.block(), 16u);
}

TEST_F(BufferTest, RepeatedPinsOfOneBlockShareOneBuffer) {
  AppendPages(rel_, 1, 5);
  PinnedBuffer a = BufferManager::Read(rel_, ForkNumber::kMain, 0);
  PinnedBuffer b = BufferManager::Read(rel_, ForkNumber::kMain, 0);
  EXPECT_EQ(a.id(), b.id());
  EXPECT_EQ(b.tag().locator, rel_);
  BufferLock cleanup;
  EXPECT_FALSE(BufferLock::ConditionalCleanupLock(a, &cleanup)) << "two pins held";
  b.Reset();
  EXPECT_TRUE(BufferLock::ConditionalCleanupLock(a, &cleanup));
  EXPECT_EQ(cleanup.mode(), BufferLockMode::kExclusive);
}

TEST_F(BufferTest, CleanupLockFailsWhileAnotherProcessHoldsAPin) {
  AppendPages(rel_, 1, 5);
  int to_parent[2];
  int to_child[2];
  ASSERT_EQ(pipe(to_parent), 0);
  ASSERT_EQ(pipe(to_child), 0);
  pid_t pid = fork();
  if (pid == 0) {
    int code = 0;
    {
      PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 0);
      char byte = 1;
      if (write(to_parent[1], &byte, 1) != 1) code = 2;
      if (read(to_child[0], &byte, 1) != 1) code = 3;
    }
    char done = 2;
    if (write(to_parent[1], &done, 1) != 1) code = 4;
    _exit(code);
  }
  char byte = 0;
  ASSERT_EQ(read(to_parent[0], &byte, 1), 1);
  PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 0);
  BufferLock lock;
  EXPECT_FALSE(BufferLock::ConditionalCleanupLock(pin, &lock));
  EXPECT_FALSE(lock.held());
  ASSERT_EQ(write(to_child[1], &byte, 1), 1);
  ASSERT_EQ(read(to_parent[0], &byte, 1), 1);  // the child has unpinned
  EXPECT_TRUE(BufferLock::ConditionalCleanupLock(pin, &lock));
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_F(BufferTest, ReadPastEndOfFileFails) {
  AppendPages(rel_, 2, 0);
  try {
    BufferManager::Read(rel_, ForkNumber::kMain, 5);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDataCorrupted);
    EXPECT_EQ(e.message(),
              "could not read block 5 in file \"base/5/16384\": read only 0 of 8192 bytes");
  }
  // The failed read left no broken buffer behind.
  Smgr::Extend(rel_, ForkNumber::kMain, 5, std::string(kBlockSize, '\0').data());
  PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 5);
  BufferLock lock(pin, BufferLockMode::kShare);
  EXPECT_TRUE(PageIsNew(lock.page()));
}

TEST_F(BufferTest, CorruptPageFailsChecksumUnlessZeroOnError) {
  AppendPages(rel_, 2, 40);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 2);
  BufferManager::DropRelation(rel_);
  std::string page = DiskPage(rel_, 1);
  page[5000] ^= 0x10;
  Smgr::Write(rel_, ForkNumber::kMain, 1, page.data());
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      BufferManager::Read(rel_, ForkNumber::kMain, 1);
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), errcode::kDataCorrupted);
      EXPECT_EQ(e.message(), "invalid page in block 1 of relation base/5/16384");
    }
  }
  PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 1, ReadMode::kZeroOnError);
  BufferLock lock(pin, BufferLockMode::kShare);
  EXPECT_TRUE(PageIsNew(lock.page()));
  EXPECT_EQ(PoolMarker(rel_, 0), 40u) << "the intact block is unaffected";
}

TEST_F(BufferTest, ZeroAndLockReturnsZeroedExclusivelyLockedPage) {
  AppendPages(rel_, 1, 9);
  BufferLock lock;
  PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 0, ReadMode::kZeroAndLock, &lock);
  ASSERT_TRUE(lock.held());
  EXPECT_EQ(lock.mode(), BufferLockMode::kExclusive);
  EXPECT_TRUE(PageIsNew(lock.page()));
  EXPECT_THROW(BufferManager::Read(rel_, ForkNumber::kMain, 0, ReadMode::kZeroAndLock), Error);
}

TEST_F(BufferTest, DropRelationDiscardsDirtyPagesWithoutWriting) {
  AppendPages(rel_, 3, 500);
  RelFileLocator other{kDefaultTablespaceOid, 6, 16384};
  Smgr::Create(other, ForkNumber::kMain, false);
  AppendPages(other, 2, 600);
  BufferManager::DropRelation(rel_);
  EXPECT_EQ(DiskMarker(rel_, 1), 0u) << "never written";
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 2) << "only the other relation is left";
  EXPECT_EQ(DiskMarker(other, 1), 601u);
  {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 1);
    BufferLock lock(pin, BufferLockMode::kShare);
    EXPECT_TRUE(PageIsNew(lock.page())) << "re-read from disk";
  }
  BufferManager::DropDatabase(6);
  const uint64_t reads = BufferManager::counters().shared_read;
  EXPECT_EQ(PoolMarker(other, 1), 601u);
  EXPECT_EQ(BufferManager::counters().shared_read - reads, 1u) << "dropped, so read again";
}

TEST_F(BufferTest, DropRelationRefusesWhileThisProcessHoldsAPin) {
  AppendPages(rel_, 1, 1);
  PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 0);
  EXPECT_THROW(BufferManager::DropRelation(rel_), Error);
}

TEST_F(BufferTest, TruncateForkDropsBuffersPastTheNewEnd) {
  AppendPages(rel_, 5, 10);
  BufferManager::TruncateFork(rel_, ForkNumber::kMain, 2);
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kMain), 2u);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 2);
  EXPECT_EQ(DiskMarker(rel_, 1), 11u);
  EXPECT_THROW(BufferManager::Read(rel_, ForkNumber::kMain, 3), Error);
}

TEST_F(BufferTest, FlushRelationWritesOnlyThatRelation) {
  RelFileLocator other{kDefaultTablespaceOid, 5, 20000};
  Smgr::Create(other, ForkNumber::kMain, false);
  AppendPages(rel_, 3, 100);
  AppendPages(other, 3, 200);
  BufferManager::FlushRelation(rel_);
  EXPECT_EQ(DiskMarker(rel_, 2), 102u);
  EXPECT_EQ(DiskMarker(other, 2), 0u);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 3);
  EXPECT_EQ(DiskMarker(other, 2), 202u);
}

TEST_F(BufferTest, CountersTrackHitsReadsDirtiedAndWritten) {
  const BufferManager::Counters start = BufferManager::counters();
  AppendPages(rel_, 2, 0);  // 2 extensions: written (PostgreSQL 15 counts them so), dirtied
  BufferManager::Counters now = BufferManager::counters();
  EXPECT_EQ(now.shared_written - start.shared_written, 2u);
  EXPECT_EQ(now.shared_dirtied - start.shared_dirtied, 2u);
  PoolMarker(rel_, 0);
  PoolMarker(rel_, 0);
  EXPECT_EQ(BufferManager::counters().shared_hit - now.shared_hit, 2u);
  EXPECT_EQ(BufferManager::counters().shared_read, now.shared_read);
  BufferManager::FlushAllForCheckpoint();
  EXPECT_EQ(BufferManager::counters().shared_written - now.shared_written, 2u);
  BufferManager::DropRelation(rel_);
  now = BufferManager::counters();
  PoolMarker(rel_, 1);
  EXPECT_EQ(BufferManager::counters().shared_read - now.shared_read, 1u);
  {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 1);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    lock.MarkDirty();
    lock.MarkDirty();
  }
  EXPECT_EQ(BufferManager::counters().shared_dirtied - now.shared_dirtied, 1u)
      << "an already dirty page is not counted again";
}

TEST_F(BufferTest, ConcurrentExtendersGetDistinctBlocks) {
  RunWorkers(4, [&](int worker) {
    for (int i = 0; i < 20; ++i) {
      BufferLock lock;
      PinnedBuffer pin = BufferManager::Extend(rel_, ForkNumber::kMain, &lock);
      PageInit(lock.page(), 0);
      SetMarker(lock.page(), static_cast<uint64_t>(worker) + 1);
      lock.MarkDirty();
    }
    return 0;
  });
  ASSERT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kMain), 80u);
  int per_worker[5] = {};
  for (BlockNumber b = 0; b < 80; ++b) {
    uint64_t m = PoolMarker(rel_, b);
    ASSERT_TRUE(m >= 1 && m <= 4) << "block " << b << " marker " << m;
    ++per_worker[m];
  }
  for (int w = 1; w <= 4; ++w) EXPECT_EQ(per_worker[w], 20);
}

TEST_F(BufferTest, LeakedPinsAreReported) {
#ifndef NDEBUG
  GTEST_SKIP() << "CheckForLeakedPins asserts in debug builds";
#endif
  EXPECT_EQ(BufferManager::CheckForLeakedPins(), 0);
  AppendPages(rel_, 2, 0);
  PinnedBuffer a = BufferManager::Read(rel_, ForkNumber::kMain, 0);
  PinnedBuffer b = BufferManager::Read(rel_, ForkNumber::kMain, 1);
  EXPECT_EQ(BufferManager::CheckForLeakedPins(), 2);
  a.Reset();
  b.Reset();
  EXPECT_EQ(BufferManager::CheckForLeakedPins(), 0);
}

}  // namespace
}  // namespace hyrax::storage::testing
