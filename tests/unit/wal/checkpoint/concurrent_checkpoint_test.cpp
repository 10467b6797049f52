// Checkpoints running in one process while others insert and flush: after a crash, replay
// starts at the last checkpoint's redo pointer and covers every flushed record after it,
// although segments before older redo pointers were removed along the way.
#include <cstring>
#include <set>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/shmem/shmem.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/control/control_file.h"

namespace hyrax::wal::testing {
namespace {

constexpr int kInserters = 3;
constexpr int kRecords = 300;
constexpr int kCheckpoints = 15;

struct Flushed {
  Lsn end[kInserters][kRecords];  // end LSN once known flushed, else 0
};

std::string Payload(int proc, int seq) {
  std::string s(8 + static_cast<size_t>((proc * 131 + seq * 977) % 40000), 'p');
  std::memcpy(s.data(), &proc, sizeof(proc));
  std::memcpy(s.data() + 4, &seq, sizeof(seq));
  return s;
}

int RunInserter(Flushed* flushed, int proc) {
  for (int seq = 0; seq < kRecords; ++seq) {
    Lsn end = InsertTestRecord(Payload(proc, seq));
    XLogFlush(end);
    flushed->end[proc][seq] = end;
  }
  return 0;
}

int RunCheckpointer() {
  for (int i = 0; i < kCheckpoints; ++i) {
    CreateCheckpoint(kCheckpointForce);
    XLogBackgroundFlush();
  }
  return 0;
}

class ConcurrentCheckpointTest : public WalTest {};

TEST_F(ConcurrentCheckpointTest, ReplayCoversEveryFlushedRecordAfterTheLastRedoPointer) {
  bool found = false;
  auto* flushed = static_cast<Flushed*>(shmem::InitStruct("test flushed", sizeof(Flushed), &found));
  std::vector<pid_t> pids;
  for (int proc = 0; proc <= kInserters; ++proc) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 1;
      try {
        status = proc == kInserters ? RunCheckpointer() : RunInserter(flushed, proc);
      } catch (...) {
        status = 1;
      }
      _exit(status);
    }
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
  }
  Flushed seen = *flushed;
  Crash();

  StartupResult result = StartupXLog();
  ASSERT_TRUE(result.performed_recovery);
  std::set<std::pair<int, int>> replayed;
  for (const ReplayedRecord& r : g_replayed) {
    EXPECT_GE(r.start, result.redo_start);
    int proc;
    int seq;
    std::memcpy(&proc, r.main_data.data(), sizeof(proc));
    std::memcpy(&seq, r.main_data.data() + 4, sizeof(seq));
    EXPECT_EQ(r.main_data, Payload(proc, seq));
    replayed.insert({proc, seq});
  }
  int expected = 0;
  for (int proc = 0; proc < kInserters; ++proc) {
    for (int seq = 0; seq < kRecords; ++seq) {
      ASSERT_NE(seen.end[proc][seq], kInvalidLsn);
      // A record ending after the redo pointer started after it (records start at or after
      // the position the redo pointer was taken from).
      if (seen.end[proc][seq] <= result.redo_start) continue;
      ++expected;
      EXPECT_TRUE(replayed.count({proc, seq})) << proc << "/" << seq << " was not replayed";
    }
  }
  EXPECT_EQ(static_cast<int>(replayed.size()), expected);
}

}  // namespace
}  // namespace hyrax::wal::testing
