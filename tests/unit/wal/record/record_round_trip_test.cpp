// Records built with XLogRegister*, inserted, flushed and read back from the segment files
// decode to exactly what was registered: header fields, block references, block data, main
// data, full-page images with the hole restored, large records and records that cross
// segment boundaries or wrap a small ring buffer.
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/page_layout.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/record/record_format.h"
#include "wal/record/wal_reader.h"
#include "wal/segment/segment_file.h"
#include "wal/wal_stats.h"

namespace hyrax::wal::testing {
namespace {

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// A standard page: header with pd_lsn / pd_lower / pd_upper, pattern bytes outside the
// hole, and non-zero garbage inside the hole (which an image must not carry).
std::vector<char> MakePage(Lsn lsn, uint16_t lower, uint16_t upper) {
  std::vector<char> page(kBlockSize);
  for (size_t i = 0; i < page.size(); ++i) page[i] = static_cast<char>(i * 7 + 1);
  page_layout::SetLsn(page.data(), lsn);
  std::memcpy(page.data() + page_layout::kLowerOffset, &lower, sizeof(lower));
  std::memcpy(page.data() + page_layout::kUpperOffset, &upper, sizeof(upper));
  return page;
}

BlockRef Ref(Oid rel, BlockNumber block, ForkNumber fork = ForkNumber::kMain) {
  BlockRef ref;
  ref.locator = RelFileLocator{kDefaultTablespaceOid, 5, rel};
  ref.fork = fork;
  ref.block = block;
  return ref;
}

class RecordRoundTripTest : public WalTest {};

TEST_F(RecordRoundTripTest, DecodesHeaderBlockReferencesBlockDataAndMainData) {
  Lsn start = GetXLogInsertRecPtr();
  std::string main = "main data bytes";
  std::string data0 = "block zero data";
  std::string data3 = RandomBytes(3000, 1);
  XLogBeginInsert();
  XLogRegisterData(main.data(), 5);
  XLogRegisterData(main.data() + 5, main.size() - 5);
  XLogRegisterBlock(0, Ref(100, 7), nullptr, kRegbufNoImage);
  XLogRegisterBlockData(0, data0.data(), data0.size());
  XLogRegisterBlock(3, Ref(200, 9, ForkNumber::kFsm), nullptr, kRegbufWillInit);
  XLogRegisterBlockData(3, data3.data(), 1000);
  XLogRegisterBlockData(3, data3.data() + 1000, 2000);
  Lsn end = XLogInsert(kTestRmgr, 0x20, 1234);
  XLogFlush(end);
  EXPECT_GE(GetFlushRecPtr(), end);

  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  ASSERT_NE(rec, nullptr) << reader.end_reason();
  EXPECT_EQ(rec->start_lsn(), start);
  EXPECT_EQ(rec->end_lsn(), end);
  EXPECT_EQ(rec->rmid(), kTestRmgr);
  EXPECT_EQ(rec->info(), 0x20);
  EXPECT_EQ(rec->xid(), 1234u);
  EXPECT_EQ(rec->main_data(), main);
  EXPECT_EQ(rec->max_block_id(), 3);
  EXPECT_FALSE(rec->HasBlock(1));
  EXPECT_FALSE(rec->HasBlock(2));
  ASSERT_TRUE(rec->HasBlock(0));
  const DecodedBlock& b0 = rec->block(0);
  EXPECT_EQ(b0.ref.locator, (RelFileLocator{kDefaultTablespaceOid, 5, 100}));
  EXPECT_EQ(b0.ref.block, 7u);
  EXPECT_EQ(b0.ref.fork, ForkNumber::kMain);
  EXPECT_FALSE(b0.has_image);
  EXPECT_EQ(std::string(b0.data, b0.data_len), data0);
  ASSERT_TRUE(rec->HasBlock(3));
  const DecodedBlock& b3 = rec->block(3);
  EXPECT_EQ(b3.ref.fork, ForkNumber::kFsm);
  EXPECT_EQ(b3.ref.block, 9u);
  EXPECT_EQ(b3.flags & kRegbufWillInit, kRegbufWillInit);
  EXPECT_FALSE(b3.has_image);
  EXPECT_EQ(std::string(b3.data, b3.data_len), data3);
  // Nothing follows yet: the next read is the end of WAL.
  EXPECT_EQ(reader.ReadNext(), nullptr);
  EXPECT_EQ(reader.next_lsn(), end);
}

TEST_F(RecordRoundTripTest, FullPageImageOmitsHoleAndRestoresItZeroed) {
  std::vector<char> page = MakePage(0, 200, 7000);
  std::string data = "dropped when imaged";
  Lsn start = GetXLogInsertRecPtr();
  XLogBeginInsert();
  XLogRegisterBlock(0, Ref(300, 1), page.data(), kRegbufForceImage);
  XLogRegisterBlockData(0, data.data(), data.size());
  Lsn end = XLogInsert(kTestRmgr, 0);
  XLogFlush(end);
  // The image carries 8192 - (7000 - 200) bytes, not the whole page.
  EXPECT_EQ(end - start,
            AlignRecord(kMinRecordSize + kBlockHeaderSize + kImageHeaderSize + kBlockSize - 6800));

  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  ASSERT_NE(rec, nullptr) << reader.end_reason();
  ASSERT_TRUE(rec->block(0).has_image);
  EXPECT_EQ(rec->block(0).data_len, 0u);
  std::vector<char> restored(kBlockSize, 'x');
  rec->RestoreBlockImage(0, restored.data());
  std::vector<char> expected = page;
  std::memset(expected.data() + 200, 0, 6800);
  EXPECT_EQ(restored, expected);
}

TEST_F(RecordRoundTripTest, KeepDataAndNonStandardPagesKeepEveryByte) {
  std::vector<char> page = MakePage(0, 200, 7000);
  std::string data = "kept";
  Lsn start = GetXLogInsertRecPtr();
  XLogBeginInsert();
  XLogRegisterBlock(0, Ref(300, 1), page.data(),
                    kRegbufForceImage | kRegbufNonStandard | kRegbufKeepData);
  XLogRegisterBlockData(0, data.data(), data.size());
  XLogFlush(XLogInsert(kTestRmgr, 0));

  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  ASSERT_NE(rec, nullptr) << reader.end_reason();
  ASSERT_TRUE(rec->block(0).has_image);
  EXPECT_EQ(std::string(rec->block(0).data, rec->block(0).data_len), data);
  std::vector<char> restored(kBlockSize);
  rec->RestoreBlockImage(0, restored.data());
  EXPECT_EQ(restored, page);
}

TEST_F(RecordRoundTripTest, RecordOf200KbRoundTrips) {
  std::string big = RandomBytes(200 * 1024, 2);
  Lsn start = GetXLogInsertRecPtr();
  Lsn end = InsertTestRecord(big, 3, 77);
  XLogFlush(end);
  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  ASSERT_NE(rec, nullptr) << reader.end_reason();
  EXPECT_EQ(rec->main_data(), big);
  EXPECT_EQ(rec->end_lsn(), end);
}

TEST_F(RecordRoundTripTest, RecordsCrossingSegmentBoundariesReadBackInOrder) {
  Lsn start = GetXLogInsertRecPtr();
  std::vector<std::string> payloads;
  std::vector<Lsn> ends;
  // About 20 MB: crosses from segment 1 into segment 2 at an arbitrary offset in a record.
  for (int i = 0; i < 100; ++i) {
    payloads.push_back(RandomBytes(200 * 1024 + i * 13, 100 + i));
    ends.push_back(InsertTestRecord(payloads.back()));
  }
  XLogFlush(ends.back());
  ASSERT_GT(SegmentOf(ends.back()), SegmentOf(start));
  EXPECT_TRUE(std::filesystem::exists(SegmentPath(2)));

  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  bool crossed = false;
  for (size_t i = 0; i < payloads.size(); ++i) {
    ASSERT_NE(rec, nullptr) << "record " << i << ": " << reader.end_reason();
    EXPECT_EQ(rec->main_data(), payloads[i]) << "record " << i;
    EXPECT_EQ(rec->end_lsn(), ends[i]);
    if (SegmentOf(rec->start_lsn()) != SegmentOf(rec->end_lsn() - 1)) crossed = true;
    rec = reader.ReadNext();
  }
  EXPECT_TRUE(crossed);
  EXPECT_EQ(rec, nullptr);
  EXPECT_EQ(reader.next_lsn(), ends.back());
}

class SmallRingTest : public WalTest {
 protected:
  int WalBuffersKb() override { return 32; }
};

TEST_F(SmallRingTest, RecordsLargerThanTheRingAreWrittenOutWhileCopying) {
  Lsn start = GetXLogInsertRecPtr();
  std::vector<std::string> payloads;
  std::vector<Lsn> ends;
  for (int i = 0; i < 40; ++i) {
    payloads.push_back(RandomBytes(static_cast<size_t>(i % 2 == 0 ? 100 * 1024 : 9000 + i), i));
    ends.push_back(InsertTestRecord(payloads.back()));
  }
  EXPECT_GT(GetWalStats().buffers_full, 0u);
  XLogFlush(ends.back());
  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(start);
  for (size_t i = 0; i < payloads.size(); ++i) {
    ASSERT_NE(rec, nullptr) << "record " << i << ": " << reader.end_reason();
    EXPECT_EQ(rec->main_data(), payloads[i]) << "record " << i;
    rec = reader.ReadNext();
  }
  EXPECT_EQ(rec, nullptr);
}

TEST(SegmentNameTest, NamesFollowPostgresqlAndParseBack) {
  EXPECT_EQ(SegmentPath(1), "wal/000000010000000000000001");
  EXPECT_EQ(SegmentPath(255), "wal/0000000100000000000000FF");
  EXPECT_EQ(SegmentPath(256), "wal/000000010000000100000000");
  EXPECT_EQ(ParseSegmentName("000000010000000100000000"), std::optional<uint64_t>(256));
  EXPECT_EQ(ParseSegmentName("000000010000000000000100"), std::nullopt);
  EXPECT_EQ(ParseSegmentName("xlogtemp.123"), std::nullopt);
  EXPECT_EQ(ParseSegmentName("00000001000000000000000g"), std::nullopt);
}

}  // namespace
}  // namespace hyrax::wal::testing
