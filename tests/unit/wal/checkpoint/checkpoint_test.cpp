// Checkpoints: the hooks run and their counters land in the record and pg_control, idle
// non-forced checkpoints are skipped, segments wholly before the new redo pointer are
// removed, and CheckpointIsDue fires on WAL volume or timeout.
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/wal/wal_test_env.h"
#include "wal/control/control_file.h"
#include "wal/record/record_format.h"
#include "wal/record/wal_reader.h"
#include "wal/segment/segment_file.h"

namespace hyrax::wal::testing {
namespace {

class CheckpointTest : public WalTest {};

TEST_F(CheckpointTest, RunsHooksAndRecordsCountersInRecordAndControlFile) {
  std::vector<bool> flush_calls;
  CheckpointHooks hooks;
  hooks.flush_all = [&flush_calls](bool is_shutdown) { flush_calls.push_back(is_shutdown); };
  hooks.fill_counters = [](CheckpointData& cp) {
    cp.next_xid = 4321;
    cp.next_oid = 54321;
    cp.oldest_xid = 99;
  };
  SetCheckpointHooks(hooks);
  InsertTestRecord("work");
  Lsn redo_expected = GetXLogInsertRecPtr();
  Lsn online = CreateCheckpoint(0);
  EXPECT_EQ(GetRedoRecPtr(), redo_expected);
  EXPECT_GT(GetFlushRecPtr(), online);  // the checkpoint record is durable

  ControlFileData control = ReadControlFile();
  EXPECT_EQ(control.state, DbState::kInProduction);
  EXPECT_EQ(control.checkpoint_lsn, online);
  EXPECT_EQ(control.checkpoint.redo, redo_expected);
  EXPECT_EQ(control.checkpoint.next_xid, 4321u);
  EXPECT_EQ(control.checkpoint.next_oid, 54321u);
  EXPECT_EQ(control.checkpoint.oldest_xid, 99u);
  EXPECT_FALSE(control.checkpoint.is_shutdown);

  WalReader reader;
  const DecodedRecord* rec = reader.ReadRecord(online);
  ASSERT_NE(rec, nullptr) << reader.end_reason();
  EXPECT_EQ(rec->rmid(), RmgrId::kXlog);
  EXPECT_EQ(rec->info(), kXlogCheckpointOnline);
  std::optional<CheckpointData> cp = DecodeCheckpoint(rec->main_data());
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->next_oid, 54321u);

  Lsn shutdown = CreateCheckpoint(kCheckpointShutdown);
  EXPECT_EQ(flush_calls, (std::vector<bool>{false, true}));
  control = ReadControlFile();
  EXPECT_EQ(control.state, DbState::kShutdowned);
  EXPECT_EQ(control.checkpoint_lsn, shutdown);
  EXPECT_EQ(control.checkpoint.redo, shutdown);
  EXPECT_TRUE(control.checkpoint.is_shutdown);
}

TEST_F(CheckpointTest, IdleCheckpointIsSkippedUnlessForced) {
  Lsn first = CreateCheckpoint(kCheckpointForce);
  Lsn insert = GetXLogInsertRecPtr();
  EXPECT_EQ(CreateCheckpoint(0), first);
  EXPECT_EQ(GetXLogInsertRecPtr(), insert);
  Lsn forced = CreateCheckpoint(kCheckpointForce);
  EXPECT_GT(forced, first);
  InsertTestRecord("activity");
  Lsn after_activity = CreateCheckpoint(0);
  EXPECT_GT(after_activity, forced);
  EXPECT_EQ(ReadControlFile().checkpoint_lsn, after_activity);
}

TEST_F(CheckpointTest, RemovesSegmentsWhollyBeforeTheNewRedoPointer) {
  std::string payload(1024 * 1024, 'w');
  Lsn end = kInvalidLsn;
  for (int i = 0; i < 36; ++i) end = InsertTestRecord(payload);  // into segment 3
  XLogFlush(end);
  ASSERT_EQ(SegmentOf(end), 3u);
  ASSERT_EQ(access(SegmentPath(1).c_str(), F_OK), 0);
  ASSERT_EQ(access(SegmentPath(2).c_str(), F_OK), 0);
  Lsn checkpoint = CreateCheckpoint(kCheckpointForce);
  EXPECT_EQ(SegmentOf(checkpoint), 3u);
  EXPECT_NE(access(SegmentPath(1).c_str(), F_OK), 0);
  EXPECT_NE(access(SegmentPath(2).c_str(), F_OK), 0);
  EXPECT_EQ(access(SegmentPath(3).c_str(), F_OK), 0);

  // Recovery from there still works.
  XLogFlush(InsertTestRecord("after"));
  Crash();
  StartupXLog();
  ASSERT_EQ(g_replayed.size(), 1u);
  EXPECT_EQ(g_replayed[0].main_data, "after");
}

TEST_F(CheckpointTest, CheckpointIsDueAfterWalVolumeOrTimeout) {
  g_checkpoint_timeout_s = 3600;
  g_max_wal_size_mb = 1;
  EXPECT_FALSE(CheckpointIsDue());
  std::string payload(100 * 1024, 'v');
  for (int i = 0; i < 4; ++i) InsertTestRecord(payload);
  EXPECT_FALSE(CheckpointIsDue());  // 400 KB < 1 MB / 1.9
  for (int i = 0; i < 2; ++i) InsertTestRecord(payload);
  EXPECT_TRUE(CheckpointIsDue());  // 600 KB
  CreateCheckpoint(0);
  EXPECT_FALSE(CheckpointIsDue());

  g_checkpoint_timeout_s = 0;
  EXPECT_TRUE(CheckpointIsDue());
  g_checkpoint_timeout_s = 300;
  g_max_wal_size_mb = 1024;
}

}  // namespace
}  // namespace hyrax::wal::testing
