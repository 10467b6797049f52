// global/pg_control: every field survives a write/read round trip, and a corrupt, missing
// or incompatible file is a FATAL error with PostgreSQL's message.
#include "wal/control/control_file.h"

#include <fcntl.h>
#include <filesystem>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "common/error.h"
#include "wal/record/record_format.h"

namespace hyrax::wal {
namespace {

class ControlFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = std::filesystem::current_path();
    std::string pattern = (std::filesystem::temp_directory_path() / "hyrax_ctl_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::filesystem::current_path(dir_);
    ASSERT_EQ(mkdir("global", 0700), 0);
  }
  void TearDown() override {
    std::filesystem::current_path(old_cwd_);
    std::filesystem::remove_all(dir_);
  }

  static ControlFileData Sample() {
    ControlFileData d;
    d.system_identifier = 0x0123456789ABCDEFull;
    d.version = kControlFileVersion;
    d.state = DbState::kInCrashRecovery;
    d.checkpoint_lsn = 0x1234567890ull;
    d.checkpoint.redo = 0x1234560000ull;
    d.checkpoint.next_xid = 987654;
    d.checkpoint.next_oid = 24680;
    d.checkpoint.oldest_xid = 1111;
    d.checkpoint.time = 1700000000;
    d.checkpoint.is_shutdown = true;
    d.time = 1700000123;
    d.block_size = kBlockSize;
    d.wal_segment_size = static_cast<uint32_t>(kWalSegmentSize);
    d.data_checksums = 1;
    return d;
  }

  static void FlipByte(off_t offset) {
    int fd = open("global/pg_control", O_RDWR);
    ASSERT_GE(fd, 0);
    char c;
    ASSERT_EQ(pread(fd, &c, 1, offset), 1);
    c = static_cast<char>(c ^ 0x40);
    ASSERT_EQ(pwrite(fd, &c, 1, offset), 1);
    close(fd);
  }

  std::filesystem::path old_cwd_;
  std::string dir_;
};

TEST_F(ControlFileTest, EveryFieldSurvivesARoundTrip) {
  ControlFileData written = Sample();
  WriteControlFile(written);
  ControlFileData read = ReadControlFile();
  EXPECT_EQ(read.system_identifier, written.system_identifier);
  EXPECT_EQ(read.version, written.version);
  EXPECT_EQ(read.state, written.state);
  EXPECT_EQ(read.checkpoint_lsn, written.checkpoint_lsn);
  EXPECT_EQ(read.checkpoint.redo, written.checkpoint.redo);
  EXPECT_EQ(read.checkpoint.next_xid, written.checkpoint.next_xid);
  EXPECT_EQ(read.checkpoint.next_oid, written.checkpoint.next_oid);
  EXPECT_EQ(read.checkpoint.oldest_xid, written.checkpoint.oldest_xid);
  EXPECT_EQ(read.checkpoint.time, written.checkpoint.time);
  EXPECT_EQ(read.checkpoint.is_shutdown, written.checkpoint.is_shutdown);
  EXPECT_EQ(read.time, written.time);
  EXPECT_EQ(read.block_size, written.block_size);
  EXPECT_EQ(read.wal_segment_size, written.wal_segment_size);
  EXPECT_EQ(read.data_checksums, written.data_checksums);
  EXPECT_FALSE(std::filesystem::exists("global/pg_control.tmp"));

  ControlFileData updated = written;
  updated.state = DbState::kInProduction;
  WriteControlFile(updated);
  EXPECT_EQ(ReadControlFile().state, DbState::kInProduction);
}

TEST_F(ControlFileTest, CorruptionIsDetectedAsFatal) {
  WriteControlFile(Sample());
  FlipByte(20);
  try {
    ReadControlFile();
    ADD_FAILURE() << "corrupt control file was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.severity(), Severity::kFatal);
    EXPECT_EQ(e.code(), errcode::kDataCorrupted);
    EXPECT_EQ(e.message(), "incorrect checksum in control file");
  }
}

TEST_F(ControlFileTest, MissingFileIsFatal) {
  try {
    ReadControlFile();
    ADD_FAILURE() << "missing control file was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.severity(), Severity::kFatal);
    EXPECT_EQ(e.code(), errcode::kUndefinedFile);
    EXPECT_EQ(e.message(), "could not open file \"global/pg_control\": No such file or directory");
  }
}

TEST_F(ControlFileTest, OtherVersionIsIncompatible) {
  ControlFileData d = Sample();
  d.version = 1300;
  WriteControlFile(d);
  try {
    ReadControlFile();
    ADD_FAILURE() << "control file of another version was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.severity(), Severity::kFatal);
    EXPECT_EQ(e.message(), "database files are incompatible with server");
  }
}

}  // namespace
}  // namespace hyrax::wal
