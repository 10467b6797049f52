// Rows in temporary files (executor/exec/tuple_file.h, spill_partitions.h): records keep
// NULLs, by-value and by-reference values through a file; partitions sharing one file read
// back in write order with their hashes, whether their rows reached the file or not.
#include "executor/exec/tuple_file.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/varlena.h"
#include "executor/exec/spill_partitions.h"
#include "executor/exec/tuple_slot.h"
#include "tests/unit/executor/executor_test_support.h"
#include "tests/unit/storage/buffer/storage_test_env.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT

class TupleFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    desc_ = MakeTupleDesc({kInt4, kText, kInt8}, {-1, -1, -1});
  }
  // Row i: (i, 'text i' repeated, -i), with NULLs in a pattern.
  void MakeRow(int i, Datum* values, bool* nulls) {
    nulls[0] = i % 5 == 0;
    nulls[1] = i % 7 == 0;
    nulls[2] = false;
    values[0] = Int32GetDatum(i);
    values[1] = nulls[1] ? 0 : MakeVarlenaDatum(std::string(i % 50, 'x') + std::to_string(i));
    values[2] = Int64GetDatum(-static_cast<int64_t>(i));
  }
  void ExpectRow(int i, const Datum* values, const bool* nulls) {
    ASSERT_EQ(nulls[0], i % 5 == 0) << i;
    if (!nulls[0]) {
      EXPECT_EQ(DatumGetInt32(values[0]), i);
    }
    ASSERT_EQ(nulls[1], i % 7 == 0) << i;
    if (!nulls[1]) {
      EXPECT_EQ(DatumGetString(values[1]), std::string(i % 50, 'x') + std::to_string(i));
    }
    EXPECT_EQ(DatumGetInt64(values[2]), -static_cast<int64_t>(i));
  }

  storage::testing::TempDataDir dir_;
  storage::TupleDescPtr desc_;
  MemoryContext memory_{"test"};
};

TEST_F(TupleFileTest, RecordsRoundTripThroughAFile) {
  TupleFileCodec codec(desc_);
  storage::TempFile file;
  Datum values[3];
  bool nulls[3];
  size_t expected_size = 0;
  for (int i = 0; i < 3000; ++i) {
    memory_.Reset();
    MemoryContextScope scope(&memory_);
    MakeRow(i, values, nulls);
    expected_size += codec.RecordSize(values, nulls);
    codec.Write(&file, values, nulls);
  }
  EXPECT_EQ(file.size(), expected_size);
  storage::TempFileReader reader(&file, 0, file.size());
  for (int i = 0; i < 3000; ++i) {
    memory_.Reset();
    ASSERT_TRUE(codec.Read(&reader, &memory_, values, nulls));
    ExpectRow(i, values, nulls);
  }
  EXPECT_FALSE(codec.Read(&reader, &memory_, values, nulls));
}

TEST_F(TupleFileTest, PartitionsShareOneFileAndKeepTheirOrder) {
  SpillPartitions partitions(desc_, 3);
  Datum values[3];
  bool nulls[3];
  for (int i = 0; i < 5000; ++i) {
    memory_.Reset();
    MemoryContextScope scope(&memory_);
    MakeRow(i, values, nulls);
    // Partition 2 gets only a few rows: they never leave its buffer.
    int partition = i % 100 == 0 ? 2 : i % 2;
    partitions.Write(partition, static_cast<uint32_t>(i) * 7u, values, nulls);
  }
  partitions.Grow(4);
  EXPECT_EQ(partitions.count(), 4);
  EXPECT_EQ(partitions.rows(2), 50);
  EXPECT_EQ(partitions.rows(3), 0);
  EXPECT_GT(partitions.written_bytes(), 5000u * 20);
  for (int partition = 0; partition < 4; ++partition) {
    auto reader = partitions.TakePartition(partition);
    EXPECT_EQ(partitions.rows(partition), 0);
    int64_t read = 0;
    uint32_t hash;
    for (int i = 0; i < 5000; ++i) {
      int expected_partition = i % 100 == 0 ? 2 : i % 2;
      if (expected_partition != partition) continue;
      memory_.Reset();
      ASSERT_TRUE(reader->Next(&memory_, &hash, values, nulls));
      EXPECT_EQ(hash, static_cast<uint32_t>(i) * 7u);
      ExpectRow(i, values, nulls);
      ++read;
    }
    EXPECT_FALSE(reader->Next(&memory_, &hash, values, nulls));
  }
}

}  // namespace
}  // namespace hyrax::executor
