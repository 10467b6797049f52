// Buffer access for redo, on records written to and read back from the real WAL:
// full-page images are restored (creating and extending files as needed), re-initialised
// blocks come back zeroed, page LSNs make replay idempotent, blocks of relations that no
// longer exist are not found, and crash recovery restores image-only records through the
// registered hook and the end-of-recovery checkpoint writes them out.
#include "storage/buffer/redo_buffer.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/storage/buffer/buffer_test_fixture.h"
#include "wal/record/decoded_record.h"
#include "wal/record/wal_reader.h"

namespace hyrax::storage::testing {
namespace {

// Full-page images leave out the free space between pd_lower and pd_upper, so the values
// these tests restore live in an item (line pointer 1), not at the fixture's marker offset.
void AddItemMarker(char* page, uint64_t marker) {
  ASSERT_EQ(PageAddItem(page, reinterpret_cast<const char*>(&marker), sizeof(marker),
                        kInvalidOffsetNumber, false, false),
            1);
}
uint64_t ItemMarker(const char* page) {
  uint64_t v;
  std::memcpy(&v, PageGetItem(page, PageGetItemId(page, 1)), sizeof(v));
  return v;
}
std::string ImagePage(uint64_t marker) {
  std::string page(kBlockSize, '\0');
  PageInit(page.data(), 0);
  AddItemMarker(page.data(), marker);
  return page;
}

// One block reference of a record to write.
struct BlockSpec {
  wal::BlockRef ref;
  uint8_t flags;
  const char* page;  // registered page image source (nullptr allowed with NoImage/WillInit)
};

class RedoBufferTest : public BufferTest {
 protected:
  // Writes a record with the given blocks and flushes it; returns its start LSN.
  static Lsn Write(std::initializer_list<BlockSpec> blocks) {
    const Lsn start = wal::GetXLogInsertRecPtr();
    wal::XLogBeginInsert();
    uint8_t block_id = 0;
    for (const BlockSpec& b : blocks) wal::XLogRegisterBlock(block_id++, b.ref, b.page, b.flags);
    const char payload = 'x';
    wal::XLogRegisterData(&payload, 1);
    wal::XLogFlush(wal::XLogInsert(wal::RmgrId::kSequence, 0));
    return start;
  }
  // Reads the record at `start` back from the WAL files; valid until the next call.
  const wal::DecodedRecord& Decode(Lsn start) {
    reader_ = std::make_unique<wal::WalReader>();
    const wal::DecodedRecord* record = reader_->ReadRecord(start);
    if (record == nullptr) {
      ADD_FAILURE() << "record not readable: " << reader_->end_reason();
      std::abort();
    }
    return *record;
  }
  const wal::DecodedRecord& WriteAndDecode(std::initializer_list<BlockSpec> blocks) {
    return Decode(Write(blocks));
  }

  std::unique_ptr<wal::WalReader> reader_;
};

TEST_F(RedoBufferTest, FullPageImageIsRestoredIntoMissingFile) {
  const RelFileLocator gone{kDefaultTablespaceOid, 7, 30000};
  const std::string image = ImagePage(4242);
  const wal::DecodedRecord& record = WriteAndDecode({{{gone, ForkNumber::kMain, 3},
                                                      wal::kRegbufForceImage | wal::kRegbufStandard,
                                                      image.data()}});
  ASSERT_TRUE(record.block(0).has_image);
  EXPECT_EQ(record.block(0).ref.locator, gone);
  PinnedBuffer pin;
  BufferLock lock;
  EXPECT_EQ(ReadBufferForRedo(record, 0, &pin, &lock), RedoAction::kDone);
  ASSERT_TRUE(lock.held());
  EXPECT_EQ(ItemMarker(lock.page()), 4242u);
  EXPECT_EQ(page_layout::GetLsn(lock.page()), record.end_lsn());
  lock.Unlock();
  pin.Reset();
  EXPECT_EQ(BufferManager::NumBlocks(gone, ForkNumber::kMain), 4u);
  EXPECT_EQ(BufferManager::FlushAllForCheckpoint(), 1) << "restored page is dirty";
  EXPECT_EQ(ItemMarker(DiskPage(gone, 3).data()), 4242u);
}

TEST_F(RedoBufferTest, RedoFullPageImageRestoresAndRejectsBlocksWithoutImage) {
  AppendPages(rel_, 2, 1);
  const std::string image = ImagePage(99);
  const wal::DecodedRecord& record = WriteAndDecode(
      {{{rel_, ForkNumber::kMain, 0}, wal::kRegbufForceImage | wal::kRegbufStandard, image.data()},
       {{rel_, ForkNumber::kMain, 1}, wal::kRegbufNoImage, nullptr}});
  RedoFullPageImage(record, 0);
  {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 0);
    BufferLock lock(pin, BufferLockMode::kShare);
    EXPECT_EQ(ItemMarker(lock.page()), 99u);
    EXPECT_EQ(page_layout::GetLsn(lock.page()), record.end_lsn());
  }
  EXPECT_THROW(RedoFullPageImage(record, 1), Error);
}

TEST_F(RedoBufferTest, WillInitBlockComesBackZeroedAndNeedsRedo) {
  AppendPages(rel_, 1, 1);
  const wal::DecodedRecord& record =
      WriteAndDecode({{{rel_, ForkNumber::kMain, 2}, wal::kRegbufWillInit, nullptr}});
  PinnedBuffer pin;
  BufferLock lock;
  EXPECT_EQ(ReadBufferForRedo(record, 0, &pin, &lock), RedoAction::kNeedsRedo);
  ASSERT_TRUE(lock.held());
  EXPECT_EQ(lock.mode(), BufferLockMode::kExclusive);
  EXPECT_TRUE(PageIsNew(lock.page()));
  EXPECT_EQ(BufferManager::NumBlocks(rel_, ForkNumber::kMain), 3u) << "file extended";
}

TEST_F(RedoBufferTest, PageLsnDecidesWhetherRedoIsNeeded) {
  AppendPages(rel_, 1, 1);
  const wal::BlockRef ref{rel_, ForkNumber::kMain, 0};
  const Lsn older = Write({{ref, wal::kRegbufNoImage, nullptr}});
  const Lsn newer = Write({{ref, wal::kRegbufNoImage, nullptr}});
  {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 0);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    page_layout::SetLsn(lock.page(), Decode(older).end_lsn());  // the older change is applied
    lock.MarkDirty();
  }
  PinnedBuffer pin;
  BufferLock lock;
  EXPECT_EQ(ReadBufferForRedo(Decode(newer), 0, &pin, &lock), RedoAction::kNeedsRedo);
  EXPECT_TRUE(lock.held());
  EXPECT_EQ(ReadBufferForRedo(Decode(older), 0, &pin, &lock), RedoAction::kDone);
  EXPECT_TRUE(lock.held());
}

TEST_F(RedoBufferTest, BlocksOfVanishedRelationsAreNotFound) {
  AppendPages(rel_, 1, 1);
  const RelFileLocator gone{kDefaultTablespaceOid, 5, 31000};
  PinnedBuffer pin;
  BufferLock lock;
  {
    const wal::DecodedRecord& missing_file =
        WriteAndDecode({{{gone, ForkNumber::kMain, 0}, wal::kRegbufNoImage, nullptr}});
    EXPECT_EQ(ReadBufferForRedo(missing_file, 0, &pin, &lock), RedoAction::kNotFound);
    EXPECT_FALSE(pin.valid());
    EXPECT_FALSE(Smgr::Exists(gone, ForkNumber::kMain)) << "no file created for a plain block";
  }
  const wal::DecodedRecord& past_end =
      WriteAndDecode({{{rel_, ForkNumber::kMain, 9}, wal::kRegbufNoImage, nullptr}});
  EXPECT_EQ(ReadBufferForRedo(past_end, 0, &pin, &lock), RedoAction::kNotFound);
  EXPECT_FALSE(lock.held());
}

TEST_F(RedoBufferTest, CrashRecoveryRestoresImageOnlyRecordsAndWritesThem) {
  AppendPages(rel_, 2, 10);
  AdvanceRedoPointer();  // checkpoint: both pages on disk with markers 10 and 11
  Lsn lsn;
  {
    PinnedBuffer pin = BufferManager::Read(rel_, ForkNumber::kMain, 1);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    AddItemMarker(lock.page(), 555);
    lsn = wal::LogPageImage({rel_, ForkNumber::kMain, 1}, lock.page());
    page_layout::SetLsn(lock.page(), lsn);
    lock.MarkDirty();
  }
  wal::XLogFlush(lsn);
  ASSERT_EQ(PageGetMaxOffsetNumber(DiskPage(rel_, 1).data()), 0)
      << "the change is only in WAL and in the pool";

  // Crash: shared memory (and the dirty buffer) is gone; recovery replays the image.
  Smgr::CloseAll();
  shmem::DestroySegment();
  shmem::CreateSegment(Smgr::ShmemSize() + BufferManager::ShmemSize() + WalShmemSize());
  Smgr::ShmemInit();
  BufferManager::ShmemInit();
  wal::ShmemInit();
  RegisterStorageWithWal();
  const wal::StartupResult result = wal::StartupXLog();
  EXPECT_TRUE(result.performed_recovery);
  EXPECT_EQ(ItemMarker(DiskPage(rel_, 1).data()), 555u)
      << "the end-of-recovery checkpoint wrote the restored page";
  EXPECT_EQ(DiskLsn(rel_, 1), lsn);
  EXPECT_EQ(DiskMarker(rel_, 0), 10u);
}

}  // namespace
}  // namespace hyrax::storage::testing
