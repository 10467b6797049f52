// Tests of the pg_stat_activity fields of proc slots (storage/txn/proc_activity.h): what
// ReportBackendState publishes, query truncation at a character boundary, consistent copies
// while the owner writes, and another process's activity seen through the proc array.
#include "storage/txn/proc_activity.h"

#include <atomic>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/unit/storage/txn/txn_test_env.h"

namespace hyrax::storage {
namespace {

using testing::SharedScratch;
using testing::TxnTestEnv;

class ProcActivityTest : public TxnTestEnv {};

ProcActivity MyActivity() {
  ProcActivity activity;
  EXPECT_TRUE(ReadProcActivity(*ProcArray::MyProc(), &activity));
  return activity;
}

TEST_F(ProcActivityTest, ActiveStatePublishesQueryAndStatementStart) {
  ReportBackendState(BackendState::kActive, "select 1");
  ProcActivity active = MyActivity();
  EXPECT_EQ(active.pid, getpid());
  EXPECT_EQ(active.state, BackendState::kActive);
  EXPECT_STREQ(active.query, "select 1");
  EXPECT_EQ(active.query_start, GetCurrentStatementStartTimestamp());
  EXPECT_EQ(active.state_change, active.query_start);
  EXPECT_STREQ(active.wait_event_type, "");
  EXPECT_GT(active.backend_start, 0);
}

TEST_F(ProcActivityTest, IdleStateKeepsLastQueryAndWaitsForTheClient) {
  ReportBackendState(BackendState::kActive, "select 2");
  int64_t query_start = MyActivity().query_start;
  ReportBackendState(BackendState::kIdleInTransaction, "");
  ProcActivity idle = MyActivity();
  EXPECT_EQ(idle.state, BackendState::kIdleInTransaction);
  EXPECT_STREQ(idle.query, "select 2");
  EXPECT_EQ(idle.query_start, query_start);
  EXPECT_GE(idle.state_change, query_start);
  EXPECT_STREQ(idle.wait_event_type, "Client");
  EXPECT_STREQ(idle.wait_event, "ClientRead");
}

TEST_F(ProcActivityTest, LongQueryIsCutAtACharacterBoundary) {
  std::string query;
  while (query.size() < 2 * kActivityQueryLen) query += "\xc3\xa9";  // "é", two bytes
  ReportBackendState(BackendState::kActive, query);
  std::string stored = MyActivity().query;
  EXPECT_EQ(stored.size(), kActivityQueryLen - 2);  // 1023 bytes fit; the 512th "é" does not
  EXPECT_EQ(stored, query.substr(0, stored.size()));
}

TEST_F(ProcActivityTest, ApplicationNameIsPublished) {
  ReportApplicationName("psql");
  EXPECT_STREQ(MyActivity().application_name, "psql");
}

TEST_F(ProcActivityTest, ReaderNeverSeesAHalfWrittenQuery) {
  const std::string a(kActivityQueryLen - 1, 'a');
  const std::string b(kActivityQueryLen - 1, 'b');
  ReportBackendState(BackendState::kActive, a);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (uint64_t n = 0; !stop.load(); ++n)
      ReportBackendState(BackendState::kActive, n % 2 ? a : b);
  });
  int torn = 0;
  for (int round = 0; round < 20000; ++round) {
    ProcActivity activity;
    if (!ReadProcActivity(*ProcArray::MyProc(), &activity)) break;
    std::string query = activity.query;
    if (query != a && query != b) ++torn;
  }
  stop.store(true);
  writer.join();
  EXPECT_EQ(torn, 0);
}

TEST_F(ProcActivityTest, AnotherProcessSeesTheBackendsState) {
  SharedScratch* s = scratch_;
  pid_t child = ForkChild([s] {
    ReportBackendState(BackendState::kActive, "update t set a = 1");
    ReportBackendState(BackendState::kIdleInTransactionAborted, "");
    s->step[1].Post();
    s->step[0].Wait();
  });
  scratch_->step[1].Wait();
  ProcSlot* slot = ProcArray::FindByPid(child);
  ASSERT_NE(slot, nullptr);
  ProcActivity activity;
  ASSERT_TRUE(ReadProcActivity(*slot, &activity));
  EXPECT_EQ(activity.pid, child);
  EXPECT_EQ(activity.backend_type, BackendType::kClientBackend);
  EXPECT_EQ(activity.state, BackendState::kIdleInTransactionAborted);
  EXPECT_STREQ(activity.query, "update t set a = 1");
  scratch_->step[0].Post();
  EXPECT_EQ(WaitChild(child), 0);
  EXPECT_FALSE(ReadProcActivity(*slot, &activity));  // the slot was released
}

}  // namespace
}  // namespace hyrax::storage
