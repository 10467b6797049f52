// Storage manager: PostgreSQL's file naming, block I/O round trips, errors for missing files
// and short reads, 1 GB segments (sparse files past block 131072), truncation, unlinking,
// the sync-request queue (de-duplication, full queue, deleted files) and stale descriptors.
#include "storage/smgr/smgr.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/error.h"
#include "common/shmem/shmem.h"
#include "tests/unit/storage/buffer/storage_test_env.h"

namespace hyrax::storage {
namespace {

constexpr BlockNumber kSegBlocks = 131072;

class SmgrTest : public ::testing::Test {
 protected:
  void SetUp() override { InitShmem(); }
  void TearDown() override {
    Smgr::CloseAll();
    shmem::DestroySegment();
    g_sync_queue_entries = 16384;
  }
  static void InitShmem() {
    shmem::CreateSegment(Smgr::ShmemSize());
    Smgr::ShmemInit();
  }

  static std::string Block(char fill) { return std::string(kBlockSize, fill); }
  static std::string ReadBlock(const RelFileLocator& rel, BlockNumber block,
                               ForkNumber fork = ForkNumber::kMain) {
    std::string buf(kBlockSize, '\0');
    Smgr::Read(rel, fork, block, buf.data());
    return buf;
  }
  static off_t FileSize(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? st.st_size : -1;
  }

  testing::TempDataDir dir_;
  RelFileLocator rel_{kDefaultTablespaceOid, 5, 16384};
};

TEST_F(SmgrTest, PathsFollowPostgresLayout) {
  EXPECT_EQ(Smgr::RelationPath(rel_, ForkNumber::kMain), "base/5/16384");
  EXPECT_EQ(Smgr::RelationPath(rel_, ForkNumber::kFsm), "base/5/16384_fsm");
  EXPECT_EQ(Smgr::RelationPath(rel_, ForkNumber::kVisibilityMap), "base/5/16384_vm");
  EXPECT_EQ(Smgr::RelationPath(rel_, ForkNumber::kInit), "base/5/16384_init");
  RelFileLocator shared{kGlobalTablespaceOid, kInvalidOid, 1262};
  EXPECT_EQ(Smgr::RelationPath(shared, ForkNumber::kMain), "global/1262");
}

TEST_F(SmgrTest, CreateMakesEmptyFileAndRefusesDuplicatesOutsideRedo) {
  EXPECT_FALSE(Smgr::Exists(rel_, ForkNumber::kMain));
  Smgr::Create(rel_, ForkNumber::kMain, false);
  EXPECT_TRUE(Smgr::Exists(rel_, ForkNumber::kMain));
  EXPECT_FALSE(Smgr::Exists(rel_, ForkNumber::kFsm));
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), 0u);
  try {
    Smgr::Create(rel_, ForkNumber::kMain, false);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDuplicateFile);
    EXPECT_EQ(e.message(), "could not create file \"base/5/16384\": File exists");
  }
  EXPECT_NO_THROW(Smgr::Create(rel_, ForkNumber::kMain, true));
}

TEST_F(SmgrTest, ExtendedBlocksReadBackAndCanBeOverwritten) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  for (BlockNumber b = 0; b < 3; ++b) {
    Smgr::Extend(rel_, ForkNumber::kMain, b, Block(static_cast<char>('a' + b)).data());
  }
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), 3u);
  EXPECT_EQ(ReadBlock(rel_, 0), Block('a'));
  EXPECT_EQ(ReadBlock(rel_, 2), Block('c'));
  Smgr::Write(rel_, ForkNumber::kMain, 1, Block('z').data());
  EXPECT_EQ(ReadBlock(rel_, 1), Block('z'));
  EXPECT_EQ(FileSize("base/5/16384"), 3 * kBlockSize);
}

TEST_F(SmgrTest, ReadPastEndIsDataCorruption) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('a').data());
  try {
    ReadBlock(rel_, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDataCorrupted);
    EXPECT_EQ(e.message(),
              "could not read block 1 in file \"base/5/16384\": read only 0 of 8192 bytes");
  }
}

TEST_F(SmgrTest, AccessToMissingForkIsUndefinedFile) {
  try {
    Smgr::NumBlocks(rel_, ForkNumber::kFsm);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUndefinedFile);
    EXPECT_EQ(e.message(), "could not open file \"base/5/16384_fsm\": No such file or directory");
  }
  EXPECT_THROW(ReadBlock(rel_, 0), Error);
}

TEST_F(SmgrTest, BlocksBeyondOneGigabyteLiveInTheNextSegment) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('0').data());
  // Skipping ahead leaves a hole (sparse file) that reads as zeros.
  Smgr::Extend(rel_, ForkNumber::kMain, kSegBlocks - 1, Block('L').data());
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), kSegBlocks);
  EXPECT_EQ(FileSize("base/5/16384"), off_t{kSegBlocks} * kBlockSize);
  EXPECT_EQ(FileSize("base/5/16384.1"), -1);

  Smgr::Extend(rel_, ForkNumber::kMain, kSegBlocks, Block('N').data());
  Smgr::Extend(rel_, ForkNumber::kMain, kSegBlocks + 1, Block('M').data());
  EXPECT_EQ(FileSize("base/5/16384.1"), 2 * kBlockSize);
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), kSegBlocks + 2);
  EXPECT_EQ(ReadBlock(rel_, kSegBlocks - 1), Block('L'));
  EXPECT_EQ(ReadBlock(rel_, kSegBlocks), Block('N'));
  EXPECT_EQ(ReadBlock(rel_, kSegBlocks + 1), Block('M'));
  EXPECT_EQ(ReadBlock(rel_, 77), Block('\0'));
  Smgr::Write(rel_, ForkNumber::kMain, kSegBlocks, Block('W').data());
  EXPECT_EQ(ReadBlock(rel_, kSegBlocks), Block('W'));

  Smgr::Truncate(rel_, ForkNumber::kMain, kSegBlocks + 1);
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), kSegBlocks + 1);
  Smgr::Truncate(rel_, ForkNumber::kMain, kSegBlocks);
  EXPECT_EQ(FileSize("base/5/16384.1"), -1) << "a segment past the end is removed";
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), kSegBlocks);
  Smgr::Truncate(rel_, ForkNumber::kMain, 1);
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), 1u);
  EXPECT_EQ(ReadBlock(rel_, 0), Block('0'));
}

TEST_F(SmgrTest, ExtendingIntoALaterSegmentPadsEarlierOnes) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('0').data());
  Smgr::Extend(rel_, ForkNumber::kMain, 2 * kSegBlocks + 3, Block('F').data());
  EXPECT_EQ(FileSize("base/5/16384"), off_t{kSegBlocks} * kBlockSize);
  EXPECT_EQ(FileSize("base/5/16384.1"), off_t{kSegBlocks} * kBlockSize);
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), 2 * kSegBlocks + 4);
  EXPECT_EQ(ReadBlock(rel_, 2 * kSegBlocks + 3), Block('F'));
  EXPECT_EQ(ReadBlock(rel_, 0), Block('0'));
}

TEST_F(SmgrTest, TruncateToMoreBlocksThanExistIsAnError) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('a').data());
  EXPECT_THROW(Smgr::Truncate(rel_, ForkNumber::kMain, 2), Error);
  Smgr::Truncate(rel_, ForkNumber::kMain, 0);
  EXPECT_EQ(Smgr::NumBlocks(rel_, ForkNumber::kMain), 0u);
}

TEST_F(SmgrTest, UnlinkRemovesEveryForkAndSegment) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Create(rel_, ForkNumber::kFsm, false);
  Smgr::Create(rel_, ForkNumber::kVisibilityMap, false);
  Smgr::Extend(rel_, ForkNumber::kMain, kSegBlocks + 1, Block('x').data());
  Smgr::Extend(rel_, ForkNumber::kFsm, 0, Block('f').data());
  ASSERT_GT(FileSize("base/5/16384.1"), 0);
  Smgr::UnlinkAllForks(rel_);
  EXPECT_EQ(FileSize("base/5/16384"), -1);
  EXPECT_EQ(FileSize("base/5/16384.1"), -1);
  EXPECT_EQ(FileSize("base/5/16384_fsm"), -1);
  EXPECT_EQ(FileSize("base/5/16384_vm"), -1);
  EXPECT_FALSE(Smgr::Exists(rel_, ForkNumber::kMain));
  EXPECT_THROW(Smgr::NumBlocks(rel_, ForkNumber::kMain), Error);
}

TEST_F(SmgrTest, SyncAllPendingSyncsEachTouchedSegmentOnce) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Create(rel_, ForkNumber::kFsm, false);
  for (BlockNumber b = 0; b < 5; ++b) Smgr::Extend(rel_, ForkNumber::kMain, b, Block('a').data());
  for (BlockNumber b = 0; b < 5; ++b) Smgr::Write(rel_, ForkNumber::kMain, b, Block('b').data());
  Smgr::Extend(rel_, ForkNumber::kFsm, 0, Block('f').data());
  EXPECT_EQ(Smgr::SyncAllPending(), 2);
  EXPECT_EQ(Smgr::SyncAllPending(), 0) << "the queue is drained";
  Smgr::Write(rel_, ForkNumber::kMain, 3, Block('c').data());
  EXPECT_EQ(Smgr::SyncAllPending(), 1) << "a write after the drain is queued again";
}

TEST_F(SmgrTest, SyncSkipsFilesDeletedAfterTheirWrite) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('a').data());
  Smgr::UnlinkAllForks(rel_);
  EXPECT_EQ(Smgr::SyncAllPending(), 0);
}

TEST_F(SmgrTest, WritersSyncThemselvesWhenTheQueueIsFull) {
  shmem::DestroySegment();
  g_sync_queue_entries = 2;
  InitShmem();
  const uint64_t fsyncs_before = Smgr::BackendFsyncs();
  for (Oid rel = 1; rel <= 3; ++rel) {
    RelFileLocator r{kDefaultTablespaceOid, 5, rel};
    Smgr::Create(r, ForkNumber::kMain, false);
    Smgr::Extend(r, ForkNumber::kMain, 0, Block('a').data());
  }
  EXPECT_EQ(Smgr::BackendFsyncs() - fsyncs_before, 1u);
  EXPECT_EQ(Smgr::SyncAllPending(), 2);
}

TEST_F(SmgrTest, FullQueueIsCompactedBeforeWritersGiveUp) {
  shmem::DestroySegment();
  g_sync_queue_entries = 2;
  InitShmem();
  Smgr::Create(rel_, ForkNumber::kMain, false);
  const uint64_t fsyncs_before = Smgr::BackendFsyncs();
  // Another process queues the segment, then this one queues it again (it has no memo of
  // the other's request): the queue is full of duplicates.
  testing::RunWorkers(1, [&](int) {
    Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('a').data());
    return Smgr::BackendFsyncs() == fsyncs_before ? 0 : 1;
  });
  Smgr::Write(rel_, ForkNumber::kMain, 0, Block('b').data());
  ASSERT_EQ(Smgr::BackendFsyncs(), fsyncs_before);
  RelFileLocator other{kDefaultTablespaceOid, 5, 777};
  Smgr::Create(other, ForkNumber::kMain, false);
  Smgr::Extend(other, ForkNumber::kMain, 0, Block('c').data());
  EXPECT_EQ(Smgr::BackendFsyncs(), fsyncs_before) << "compaction made room";
  EXPECT_EQ(Smgr::SyncAllPending(), 2);
}

TEST_F(SmgrTest, DescriptorOfFileUnlinkedByAnotherProcessIsNotReused) {
  Smgr::Create(rel_, ForkNumber::kMain, false);
  Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('o').data());
  ASSERT_EQ(ReadBlock(rel_, 0), Block('o'));  // caches the descriptor here
  testing::RunWorkers(1, [&](int) {
    Smgr::UnlinkAllForks(rel_);
    Smgr::Create(rel_, ForkNumber::kMain, false);
    Smgr::Extend(rel_, ForkNumber::kMain, 0, Block('n').data());
    return 0;
  });
  EXPECT_EQ(ReadBlock(rel_, 0), Block('n'));
}

}  // namespace
}  // namespace hyrax::storage
