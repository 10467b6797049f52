// Flushing: one flush covers everything inserted before it (group commit), a request that
// is already covered does no I/O, and many forked processes inserting and flushing at the
// same time through a small ring lose nothing: every LSN a process saw flushed is on disk
// with the right content after a crash.
#include <cstring>
#include <map>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/shmem/shmem.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/record/record_format.h"
#include "wal/record/wal_reader.h"
#include "wal/wal_stats.h"

namespace hyrax::wal::testing {
namespace {

class GroupCommitTest : public WalTest {};

TEST_F(GroupCommitTest, OneFlushCoversEverythingInsertedBeforeIt) {
  Lsn first = InsertTestRecord("first");
  Lsn second = InsertTestRecord("second");
  EXPECT_TRUE(XLogNeedsFlush(first));
  XLogFlush(first);
  EXPECT_EQ(GetFlushRecPtr(), second);
  EXPECT_FALSE(XLogNeedsFlush(second));

  WalStats before = GetWalStats();
  XLogFlush(second);  // already durable: returns without writing or syncing
  XLogFlush(first);
  WalStats after = GetWalStats();
  EXPECT_EQ(after.write, before.write);
  EXPECT_EQ(after.sync, before.sync);
}

TEST_F(GroupCommitTest, FlushSyncsWhenFsyncIsOn) {
  g_fsync = true;
  WalStats before = GetWalStats();
  XLogFlush(InsertTestRecord("durable"));
  EXPECT_EQ(GetWalStats().sync, before.sync + 1);
  g_fsync = false;
  before = GetWalStats();
  XLogFlush(InsertTestRecord("not synced"));
  EXPECT_EQ(GetWalStats().sync, before.sync);
}

TEST_F(GroupCommitTest, BackgroundFlushMakesInsertedWalDurable) {
  Lsn end = InsertTestRecord("background");
  XLogBackgroundFlush();
  EXPECT_GE(GetFlushRecPtr(), end);
}

// Payload of record `seq` of process `proc`: a header then bytes derived from both.
std::string ProcPayload(int proc, int seq) {
  size_t len = 16 + static_cast<size_t>((proc * 7919 + seq * 104729) % 24000);
  std::string s(len, '\0');
  std::memcpy(s.data(), &proc, sizeof(proc));
  std::memcpy(s.data() + 4, &seq, sizeof(seq));
  for (size_t i = 8; i < len; ++i) s[i] = static_cast<char>(proc * 31 + seq + i);
  return s;
}

constexpr int kProcs = 4;
constexpr int kRecordsPerProc = 250;

struct FlushedLsns {
  Lsn end[kProcs][kRecordsPerProc];  // written by the child that owns the row
};

class ConcurrentFlushTest : public WalTest {
 protected:
  int WalBuffersKb() override { return 64; }  // force write-outs while others insert
};

TEST_F(ConcurrentFlushTest, ForkedInsertersAndFlushersLoseNothing) {
  g_fsync = true;
  bool found = false;
  auto* flushed = static_cast<FlushedLsns*>(
      shmem::InitStruct("test flushed lsns", sizeof(FlushedLsns), &found));
  Lsn start = GetXLogInsertRecPtr();
  std::vector<pid_t> pids;
  for (int proc = 0; proc < kProcs; ++proc) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      try {
        std::vector<Lsn> ends;
        size_t published = 0;  // ends[0, published) are recorded as flushed
        for (int seq = 0; seq < kRecordsPerProc; ++seq) {
          ends.push_back(InsertTestRecord(ProcPayload(proc, seq), 0, 1000 + proc));
          // Process 0 commits every record, 1 and 2 in batches of five (and at the end),
          // the last one never flushes and only relies on the others' flushes.
          bool last = seq == kRecordsPerProc - 1;
          if (proc == 0 || (proc < kProcs - 1 && (seq % 5 == 4 || last))) {
            XLogFlush(ends.back());
          }
          while (published < ends.size() && !XLogNeedsFlush(ends[published])) {
            flushed->end[proc][published] = ends[published];
            ++published;
          }
        }
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
  Lsn max_flushed = GetFlushRecPtr();
  FlushedLsns seen_flushed = *flushed;  // the shared copy goes away with the crash
  Crash();  // whatever was not flushed may be lost; nothing flushed may be

  std::map<std::pair<int, int>, Lsn> on_disk;
  std::vector<int> next_seq(kProcs, 0);
  WalReader reader;
  for (const DecodedRecord* rec = reader.ReadRecord(start); rec != nullptr;
       rec = reader.ReadNext()) {
    ASSERT_EQ(rec->rmid(), kTestRmgr);
    int proc;
    int seq;
    std::memcpy(&proc, rec->main_data().data(), sizeof(proc));
    std::memcpy(&seq, rec->main_data().data() + 4, sizeof(seq));
    ASSERT_TRUE(proc >= 0 && proc < kProcs);
    EXPECT_EQ(seq, next_seq[proc]) << "records of one process appear in insertion order";
    next_seq[proc] = seq + 1;
    EXPECT_EQ(rec->main_data(), ProcPayload(proc, seq));
    EXPECT_EQ(rec->xid(), static_cast<TransactionId>(1000 + proc));
    on_disk[{proc, seq}] = rec->end_lsn();
  }
  EXPECT_GE(reader.next_lsn(), max_flushed);
  int checked = 0;
  for (int proc = 0; proc < kProcs; ++proc) {
    for (int seq = 0; seq < kRecordsPerProc; ++seq) {
      Lsn end = seen_flushed.end[proc][seq];
      if (end == kInvalidLsn) continue;
      auto it = on_disk.find({proc, seq});
      ASSERT_NE(it, on_disk.end()) << "flushed record " << proc << "/" << seq << " is lost";
      EXPECT_EQ(it->second, end);
      ++checked;
    }
  }
  // Processes 0..kProcs-2 flushed their last record, so all of their records are checked.
  EXPECT_GE(checked, (kProcs - 1) * kRecordsPerProc);

  StartupResult result = StartupXLog();
  EXPECT_EQ(g_replayed.size(), on_disk.size());
  EXPECT_GE(result.end_of_wal, max_flushed);
}

}  // namespace
}  // namespace hyrax::wal::testing
