// Counters and hooks that recovery hands back: next_xid passes every xid seen in replayed
// WAL and the checkpoint's value, next_oid follows NEXTOID records and shutdown
// checkpoints, image-only records go through the storage hook, and bootstrap produces a
// data directory that starts without replay.
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "common/page_layout.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/control/control_file.h"
#include "wal/record/record_format.h"
#include "wal/segment/segment_file.h"

namespace hyrax::wal::testing {
namespace {

CheckpointHooks CountersHook(TransactionId next_xid, Oid next_oid) {
  CheckpointHooks hooks;
  hooks.fill_counters = [next_xid, next_oid](CheckpointData& cp) {
    cp.next_xid = next_xid;
    cp.next_oid = next_oid;
  };
  return hooks;
}

class RecoveryCountersTest : public WalTest {};

TEST_F(RecoveryCountersTest, NextXidPassesEveryReplayedXid) {
  SetCheckpointHooks(CountersHook(100, 20000));
  CreateCheckpoint(kCheckpointForce);
  InsertTestRecord("x", 0, 150);
  XLogFlush(InsertTestRecord("y", 0, 149));
  Crash();
  StartupResult result = StartupXLog();
  EXPECT_EQ(result.next_xid, 151u);
  EXPECT_EQ(result.next_oid, 20000u);
}

TEST_F(RecoveryCountersTest, CheckpointXidWinsOverOlderReplayedXids) {
  SetCheckpointHooks(CountersHook(500, 20000));
  CreateCheckpoint(kCheckpointForce);
  XLogFlush(InsertTestRecord("old xid", 0, 120));
  Crash();
  EXPECT_EQ(StartupXLog().next_xid, 500u);
}

TEST_F(RecoveryCountersTest, NextOidFollowsNextOidRecords) {
  SetCheckpointHooks(CountersHook(100, 20000));
  CreateCheckpoint(kCheckpointForce);
  LogNextOid(28192);
  XLogFlush(InsertTestRecord("after"));
  Crash();
  StartupResult result = StartupXLog();
  EXPECT_EQ(result.next_oid, 28192u);

  // The end-of-recovery checkpoint recorded the replayed counters: a second crash with no
  // new WAL gets them back from that checkpoint (storage has not been told yet).
  SetCheckpointHooks({});
  Crash();
  result = StartupXLog();
  EXPECT_EQ(result.next_oid, 28192u);
  EXPECT_EQ(result.next_xid, 100u);
}

TEST_F(RecoveryCountersTest, CleanShutdownReturnsTheShutdownCheckpointsCounters) {
  SetCheckpointHooks(CountersHook(777, 33333));
  CreateCheckpoint(kCheckpointShutdown);
  Crash();
  StartupResult result = StartupXLog();
  EXPECT_FALSE(result.performed_recovery);
  EXPECT_EQ(result.next_xid, 777u);
  EXPECT_EQ(result.next_oid, 33333u);
}

std::vector<std::vector<char>> g_restored_pages;
std::vector<BlockRef> g_restored_refs;

void RestoreImage(const DecodedRecord& record, int block_id) {
  std::vector<char> page(kBlockSize);
  record.RestoreBlockImage(block_id, page.data());
  g_restored_pages.push_back(page);
  g_restored_refs.push_back(record.block(block_id).ref);
}

TEST_F(RecoveryCountersTest, ImageOnlyRecordsAreRestoredThroughTheStorageHook) {
  std::vector<char> page(kBlockSize);
  for (size_t i = 0; i < page.size(); ++i) page[i] = static_cast<char>(i % 251);
  uint16_t lower = 40;
  uint16_t upper = 40;  // no hole
  std::memcpy(page.data() + page_layout::kLowerOffset, &lower, sizeof(lower));
  std::memcpy(page.data() + page_layout::kUpperOffset, &upper, sizeof(upper));
  BlockRef ref;
  ref.locator = RelFileLocator{kDefaultTablespaceOid, 1, 4242};
  ref.block = 12;
  XLogFlush(LogPageImage(ref, page.data()));
  Crash();
  g_restored_pages.clear();
  g_restored_refs.clear();
  SetFullPageImageRedoHook(RestoreImage);
  StartupXLog();
  ASSERT_EQ(g_restored_pages.size(), 1u);
  EXPECT_EQ(g_restored_pages[0], page);
  EXPECT_EQ(g_restored_refs[0].locator.rel_number, 4242u);
  EXPECT_EQ(g_restored_refs[0].block, 12u);
}

TEST_F(RecoveryCountersTest, BootstrapCreatesFirstSegmentCheckpointAndControlFile) {
  EXPECT_EQ(access("wal/000000010000000000000001", F_OK), 0);
  ControlFileData control = ReadControlFile();
  EXPECT_EQ(control.system_identifier, 42u);
  EXPECT_EQ(control.checkpoint_lsn, kFirstRecordLsn);
  EXPECT_EQ(control.checkpoint.redo, kFirstRecordLsn);
  EXPECT_TRUE(control.checkpoint.is_shutdown);
  EXPECT_EQ(control.checkpoint.next_xid, kFirstNormalTransactionId);
  EXPECT_EQ(control.checkpoint.next_oid, kFirstNormalObjectId);
  EXPECT_EQ(control.state, DbState::kInProduction);  // StartupXLog already ran

  Crash();
  StartupResult result = StartupXLog();  // in production: the crash path replays
  EXPECT_TRUE(result.performed_recovery);
  EXPECT_EQ(result.redo_start, kFirstRecordLsn);
  EXPECT_EQ(result.next_xid, kFirstNormalTransactionId);
}

}  // namespace
}  // namespace hyrax::wal::testing
