// Crash recovery: after dropping shared memory, StartupXLog replays exactly the records
// after the last checkpoint's redo pointer through the registered resource manager, stops
// at the last good record when the tail is corrupt or torn, zeroes what follows, and a
// clean shutdown needs no replay at all.
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/control/control_file.h"
#include "wal/record/record_format.h"
#include "wal/record/wal_reader.h"
#include "wal/segment/segment_file.h"

namespace hyrax::wal::testing {
namespace {

// Overwrites `len` bytes of WAL at `lsn` with `byte` (the bytes stay within one segment).
void OverwriteWal(Lsn lsn, size_t len, char byte) {
  int fd = open(SegmentPath(SegmentOf(lsn)).c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  std::string bytes(len, byte);
  ASSERT_EQ(pwrite(fd, bytes.data(), len, static_cast<off_t>(SegmentOffset(lsn))),
            static_cast<ssize_t>(len));
  close(fd);
}

// True when every byte from `lsn` to the end of its segment is zero.
bool TailIsZero(Lsn lsn) {
  int fd = open(SegmentPath(SegmentOf(lsn)).c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  std::vector<char> buf(kWalSegmentSize - SegmentOffset(lsn));
  ssize_t n = pread(fd, buf.data(), buf.size(), static_cast<off_t>(SegmentOffset(lsn)));
  close(fd);
  if (n != static_cast<ssize_t>(buf.size())) return false;
  for (char c : buf) {
    if (c != 0) return false;
  }
  return true;
}

std::vector<std::string> ReplayedPayloads() {
  std::vector<std::string> out;
  for (const ReplayedRecord& r : g_replayed) out.push_back(r.main_data);
  return out;
}

class CrashRecoveryTest : public WalTest {};

TEST_F(CrashRecoveryTest, ReplaysExactlyTheRecordsAfterTheRedoPointer) {
  InsertTestRecord("A");
  InsertTestRecord("B");
  Lsn checkpoint = CreateCheckpoint(kCheckpointForce);
  Lsn c_end = InsertTestRecord("C");
  Lsn d_end = InsertTestRecord("D");
  XLogFlush(d_end);
  Crash();

  StartupResult result = StartupXLog();
  EXPECT_TRUE(result.performed_recovery);
  EXPECT_EQ(result.redo_start, checkpoint);  // nothing was inserted while it ran
  EXPECT_EQ(ReplayedPayloads(), (std::vector<std::string>{"C", "D"}));
  ASSERT_EQ(g_replayed.size(), 2u);
  EXPECT_EQ(g_replayed[0].end, c_end);
  EXPECT_TRUE(g_replayed[0].in_recovery);
  EXPECT_EQ(result.records_replayed, 3);  // the checkpoint record, C and D
  EXPECT_EQ(result.end_of_wal, d_end);
  EXPECT_FALSE(InRecovery());
  // The end-of-recovery checkpoint follows D, and pg_control is back in production.
  ControlFileData control = ReadControlFile();
  EXPECT_EQ(control.state, DbState::kInProduction);
  EXPECT_EQ(control.checkpoint_lsn, d_end);
  EXPECT_GT(GetXLogInsertRecPtr(), d_end);
}

TEST_F(CrashRecoveryTest, UnflushedRecordsAreNotReplayed) {
  XLogFlush(InsertTestRecord("durable"));
  InsertTestRecord("lost");  // still only in the ring
  Crash();
  StartupXLog();
  EXPECT_EQ(ReplayedPayloads(), std::vector<std::string>{"durable"});
}

TEST_F(CrashRecoveryTest, CleanShutdownNeedsNoReplay) {
  XLogFlush(InsertTestRecord("before shutdown"));
  Lsn checkpoint = CreateCheckpoint(kCheckpointShutdown);
  EXPECT_EQ(ReadControlFile().state, DbState::kShutdowned);
  Crash();
  StartupResult result = StartupXLog();
  EXPECT_FALSE(result.performed_recovery);
  EXPECT_EQ(result.records_replayed, 0);
  EXPECT_TRUE(g_replayed.empty());
  EXPECT_EQ(result.redo_start, checkpoint);
  EXPECT_EQ(ReadControlFile().checkpoint_lsn, checkpoint);
  EXPECT_EQ(ReadControlFile().state, DbState::kInProduction);
}

TEST_F(CrashRecoveryTest, RecordsAfterAShutdownCheckpointAreReplayed) {
  CreateCheckpoint(kCheckpointShutdown);
  XLogFlush(InsertTestRecord("after shutdown checkpoint"));
  Crash();
  StartupResult result = StartupXLog();
  EXPECT_TRUE(result.performed_recovery);
  EXPECT_EQ(ReplayedPayloads(), std::vector<std::string>{"after shutdown checkpoint"});
}

TEST_F(CrashRecoveryTest, CorruptRecordEndsReplayAtLastGoodRecordAndTailIsZeroed) {
  Lsn a_end = InsertTestRecord("A");
  Lsn b_end = InsertTestRecord(std::string(5000, 'b'));
  Lsn c_end = InsertTestRecord("C");
  XLogFlush(c_end);
  Crash();
  OverwriteWal(a_end + kMinRecordSize + 100, 1, 'X');  // a payload byte of B: bad CRC

  StartupResult result = StartupXLog();
  EXPECT_EQ(ReplayedPayloads(), std::vector<std::string>{"A"});
  EXPECT_EQ(result.end_of_wal, a_end);
  // The end-of-recovery checkpoint now sits where B was; beyond it everything is zero.
  Lsn after_checkpoint = GetXLogInsertRecPtr();
  XLogFlush(after_checkpoint);
  EXPECT_LT(after_checkpoint, b_end);
  EXPECT_TRUE(TailIsZero(after_checkpoint));

  // C must never come back, even after another crash.
  XLogFlush(InsertTestRecord("D"));
  Crash();
  StartupXLog();
  EXPECT_EQ(ReplayedPayloads(), std::vector<std::string>{"D"});
}

TEST_F(CrashRecoveryTest, TornTailEndsReplayAtLastCompleteRecord) {
  Lsn a_end = InsertTestRecord("A");
  Lsn b_end = InsertTestRecord(std::string(3000, 'b'));
  XLogFlush(b_end);
  Crash();
  // The second half of B never reached the disk.
  OverwriteWal(a_end + 1500, b_end - a_end - 1500, '\0');
  StartupResult result = StartupXLog();
  EXPECT_EQ(ReplayedPayloads(), std::vector<std::string>{"A"});
  EXPECT_EQ(result.end_of_wal, a_end);
  EXPECT_TRUE(TailIsZero(GetXLogInsertRecPtr()));
}

TEST_F(CrashRecoveryTest, BadPrevLinkEndsReplay) {
  Lsn a_end = InsertTestRecord("A");
  Lsn b_end = InsertTestRecord("B");
  XLogFlush(InsertTestRecord("C"));
  Crash();
  // Rewrite C's prev link to point at A instead of B.
  int fd = open(SegmentPath(SegmentOf(b_end)).c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  Lsn wrong_prev = a_end - AlignRecord(kMinRecordSize + 1);
  ASSERT_EQ(pwrite(fd, &wrong_prev, sizeof(wrong_prev),
                   static_cast<off_t>(SegmentOffset(b_end) + kPrevOffset)),
            static_cast<ssize_t>(sizeof(wrong_prev)));
  close(fd);
  WalReader check;
  EXPECT_EQ(check.ReadRecord(b_end, a_end), nullptr);
  EXPECT_NE(check.end_reason().find("prev-link"), std::string::npos) << check.end_reason();

  StartupResult result = StartupXLog();
  EXPECT_EQ(ReplayedPayloads(), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(result.end_of_wal, b_end);
}

TEST_F(CrashRecoveryTest, SegmentsAfterEndOfWalAreRemoved) {
  Lsn end = InsertTestRecord("only");
  XLogFlush(end);
  ASSERT_TRUE(CreateSegmentFile(SegmentOf(end) + 1));
  ASSERT_TRUE(CreateSegmentFile(SegmentOf(end) + 2));
  OverwriteWal(kWalSegmentSize * (SegmentOf(end) + 2) + 8, 16, 'z');
  Crash();
  StartupXLog();
  EXPECT_NE(access(SegmentPath(SegmentOf(end)).c_str(), F_OK), -1);
  EXPECT_EQ(access(SegmentPath(SegmentOf(end) + 1).c_str(), F_OK), -1);
  EXPECT_EQ(access(SegmentPath(SegmentOf(end) + 2).c_str(), F_OK), -1);
}

TEST_F(CrashRecoveryTest, ReplayRefusesNewWalAndMissingRedoRoutineIsInternalError) {
  static bool insert_refused = false;
  RmgrOps ops;
  ops.name = "Inserting";
  ops.redo = [](const DecodedRecord&) {
    try {
      InsertTestRecord("from redo");
    } catch (const Error& e) {
      insert_refused = e.code() == errcode::kInternalError;
      XLogResetInsertion();
    }
  };
  RegisterRmgr(RmgrId::kBtree, ops);
  XLogBeginInsert();
  XLogFlush(XLogInsert(RmgrId::kBtree, 0));
  Crash();
  StartupXLog();
  EXPECT_TRUE(insert_refused);

  XLogBeginInsert();
  XLogFlush(XLogInsert(RmgrId::kSequence, 0));  // no routine registered for it
  Crash();
  try {
    StartupXLog();
    ADD_FAILURE() << "replay of a record without a redo routine succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInternalError);
  }
  EXPECT_FALSE(InRecovery());
}

TEST_F(CrashRecoveryTest, MissingCheckpointRecordIsFatal) {
  Lsn checkpoint = ReadControlFile().checkpoint_lsn;
  Crash();
  OverwriteWal(checkpoint, kRecordHeaderSize, '\0');
  try {
    StartupXLog();
    ADD_FAILURE() << "startup without a checkpoint record succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.severity(), Severity::kFatal);
  }
}

}  // namespace
}  // namespace hyrax::wal::testing
