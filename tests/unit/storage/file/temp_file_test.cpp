// Temporary files (storage/file/temp_file.h): names under base/pgsql_tmp, buffered appends
// and reads across block boundaries, several readers of one file, removal when closed and
// at start-up, and temp_file_limit (53400) with the bytes given back when a file closes.
#include "storage/file/temp_file.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/ids.h"
#include "tests/unit/storage/buffer/storage_test_env.h"

namespace hyrax::storage {
namespace {

int FilesInTempDir() {
  std::error_code ec;
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kTempFileDirectory, ec)) {
    (void)entry;
    ++count;
  }
  return count;
}

class TempFileTest : public ::testing::Test {
 protected:
  void TearDown() override { g_temp_file_limit_kb = -1; }
  testing::TempDataDir dir_;
};

TEST_F(TempFileTest, NamedAfterTheProcessAndRemovedWhenClosed) {
  std::string path;
  {
    TempFile file;
    path = file.path();
    std::string prefix = std::string(kTempFileDirectory) + "/pgsql_tmp" + std::to_string(getpid());
    EXPECT_EQ(path.rfind(prefix + ".", 0), 0u) << path;
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(OpenTempFileCount(), 1);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(OpenTempFileCount(), 0);
  EXPECT_EQ(FilesInTempDir(), 0);
}

TEST_F(TempFileTest, AppendsAndReadsBackAcrossBlocks) {
  TempFile file;
  std::vector<uint64_t> offsets;
  for (uint32_t i = 0; i < 10000; ++i) {
    std::string record = "row-" + std::to_string(i) + std::string(i % 37, 'x');
    uint32_t len = static_cast<uint32_t>(record.size());
    offsets.push_back(file.Append(&len, sizeof(len)));
    file.Append(record.data(), record.size());
  }
  EXPECT_GT(file.size(), static_cast<uint64_t>(kBlockSize) * 10);
  // Random access (the tail is still in the write buffer) ...
  for (uint32_t i : {0u, 4321u, 9999u}) {
    uint32_t len;
    file.ReadAt(offsets[i], &len, sizeof(len));
    std::string record(len, '\0');
    file.ReadAt(offsets[i] + sizeof(len), record.data(), len);
    EXPECT_EQ(record, "row-" + std::to_string(i) + std::string(i % 37, 'x'));
  }
  // ... and two interleaved sequential readers over different ranges.
  TempFileReader all(&file, 0, file.size());
  TempFileReader tail(&file, offsets[5000], file.size());
  for (uint32_t i = 0; i < 10000; ++i) {
    uint32_t len;
    ASSERT_TRUE(all.Read(&len, sizeof(len)));
    std::string record(len, '\0');
    ASSERT_TRUE(all.Read(record.data(), len));
    ASSERT_EQ(record, "row-" + std::to_string(i) + std::string(i % 37, 'x'));
    if (i >= 5000) {
      ASSERT_TRUE(tail.Read(&len, sizeof(len)));
      std::string again(len, '\0');
      ASSERT_TRUE(tail.Read(again.data(), len));
      ASSERT_EQ(again, record);
    }
  }
  char byte;
  EXPECT_FALSE(all.Read(&byte, 1));
  all.Seek(offsets[9999]);
  uint32_t len;
  EXPECT_TRUE(all.Read(&len, sizeof(len)));
}

TEST_F(TempFileTest, TempFileLimitCountsEveryFileOfTheProcess) {
  g_temp_file_limit_kb = 64;
  std::vector<char> block(kBlockSize, 'a');
  TempFile first;
  for (int i = 0; i < 4; ++i) first.Append(block.data(), block.size());  // 32 kB
  {
    TempFile second;
    for (int i = 0; i < 4; ++i) second.Append(block.data(), block.size());  // 64 kB in all
    try {
      second.Append(block.data(), 1);
      FAIL() << "expected 53400";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), errcode::kConfigurationLimitExceeded);
      EXPECT_EQ(e.message(), "temporary file size exceeds temp_file_limit (64kB)");
    }
  }
  // The second file's bytes were given back when it closed.
  EXPECT_EQ(TempFileBytesInUse(), 4u * kBlockSize);
  first.Append(block.data(), block.size());
  first.Truncate();
  EXPECT_EQ(TempFileBytesInUse(), 0u);
}

TEST_F(TempFileTest, StartupRemovesLeftoversOfCrashedBackends) {
  std::filesystem::create_directories(kTempFileDirectory);
  std::ofstream(std::string(kTempFileDirectory) + "/pgsql_tmp12345.0") << "left behind";
  std::ofstream(std::string(kTempFileDirectory) + "/pgsql_tmp12345.1") << "left behind";
  EXPECT_EQ(FilesInTempDir(), 2);
  RemovePgsqlTmpFiles();
  EXPECT_EQ(FilesInTempDir(), 0);
}

}  // namespace
}  // namespace hyrax::storage
