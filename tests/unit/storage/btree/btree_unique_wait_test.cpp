// Unique checks against a writer still in progress, with the real transaction layer and
// lock manager: process A inserts a key in an open transaction; process B inserting the
// same key must wait on A's transaction lock (seen in the lock table), then fail with
// 23505 when A commits or succeed when A aborts. The heap probe stands in for the heap's
// dirty-snapshot fetch: it judges each entry by its inserting transaction's status.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <sched.h>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/error.h"
#include "common/shmem/semaphore.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "storage/txn/xact_redo.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

struct Handshake {
  ProcSemaphore a_inserted;
  ProcSemaphore a_finish;
  std::atomic<bool> a_commits{false};
  std::atomic<TransactionId> inserter_of[8];  // entry number -> inserting xid
  std::atomic<int> b_outcome{-1};             // 0 inserted, 1 unique violation, 2 other
  char b_detail[128] = {};
};

class BtreeUniqueWaitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = std::filesystem::current_path();
    char pattern[] = "/tmp/hyrax_btree_wait_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    std::filesystem::current_path(dir_);
    g_shared_buffers = 64;
    wal::g_fsync = false;
    // What the postmaster and startup process do (storage_init's sequence, minus the parts
    // this test does not need).
    size_t size = 0;
    size = shmem::AddSize(size, Clog::ShmemSize());
    size = shmem::AddSize(size, TransamShmemSize());
    size = shmem::AddSize(size, ProcArray::ShmemSize());
    size = shmem::AddSize(size, LockManager::ShmemSize());
    size = shmem::AddSize(size, Smgr::ShmemSize());
    size = shmem::AddSize(size, BufferManager::ShmemSize());
    size = shmem::AddSize(size, wal::ShmemSize());
    shmem::CreateSegment(size + (1 << 20));
    Clog::ShmemInit();
    TransamShmemInit();
    ProcArray::ShmemInit();
    LockManager::ShmemInit();
    Smgr::ShmemInit();
    BufferManager::ShmemInit();
    wal::ShmemInit();
    RegisterXactRmgr();
    RegisterBtreeRmgr();
    wal::SetFullPageImageRedoHook(RedoFullPageImage);
    wal::CheckpointHooks hooks;
    hooks.flush_all = [](bool is_shutdown) {
      Clog::Flush();
      CheckpointFlushAll(is_shutdown);
    };
    hooks.fill_counters = [](wal::CheckpointData& data) { FillCheckpointCounters(data); };
    wal::SetCheckpointHooks(hooks);
    wal::BootstrapXLog(42);
    SetNextIdsAfterRecovery(wal::StartupXLog());
    ASSERT_NE(ProcArray::ClaimSlot(BackendType::kClientBackend, true), nullptr);
    index_ = MakeIndex({Int4Column()});
    index_.unique = true;
    Smgr::Create(index_.locator, ForkNumber::kMain, false);
    BtreeBuilder(index_).Finish();
  }

  void TearDown() override {
    LockManager::ReleaseAll(true);
    ProcArray::ReleaseSlot();
    Smgr::CloseAll();
    shmem::DestroySegment();
    g_shared_buffers = 16384;
    std::filesystem::current_path(old_cwd_);
    std::filesystem::remove_all(dir_);
  }

  UniqueCheckContext Context() {
    UniqueCheckContext context;
    Handshake* shake = &*shake_;
    context.probe_heap = [shake](ItemPointerData tid) {
      const TransactionId xid = shake->inserter_of[NumberOfTid(tid)];
      if (TransactionIdIsCurrentTransactionId(xid) || TransactionIdDidCommit(xid)) {
        return HeapProbeResult{HeapProbeStatus::kLive, kInvalidTransactionId};
      }
      if (TransactionIdIsInProgress(xid)) return HeapProbeResult{HeapProbeStatus::kInProgress, xid};
      return HeapProbeResult{};  // aborted (or crashed): not a conflict
    };
    context.format_key = [](const Datum* values, const bool*) {
      return std::optional<std::string>("(id)=(" + std::to_string(DatumGetInt32(values[0])) + ")");
    };
    return context;
  }

  // Inserts key 7 as entry `n` inside the current transaction.
  void InsertSeven(uint32_t n) {
    shake_->inserter_of[n] = GetCurrentTransactionId();
    const Datum value = Int32GetDatum(7);
    const bool isnull = false;
    const UniqueCheckContext context = Context();
    BtreeInsert(index_, &value, &isnull, TidFor(n), IndexUniqueCheck::kYes, &context);
  }

  // A child backend: own proc slot; at exit its transaction is aborted and locks released.
  static pid_t Fork(const std::function<int()>& body) {
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid != 0) return pid;
    int code = 3;
    try {
      if (ProcArray::ClaimSlot(BackendType::kClientBackend, true) == nullptr) _exit(4);
      code = body();
      if (IsTransactionState()) AbortCurrentTransaction();
      LockManager::ReleaseAll(true);
      ProcArray::ReleaseSlot();
    } catch (const std::exception& e) {
      fprintf(stderr, "child: %s\n", e.what());
    }
    _exit(code);
  }

  static int Wait(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
  }

  static bool IsWaitingForLock(pid_t pid) {
    for (const auto& row : LockManager::GetLockStatus()) {
      if (row.pid == pid && !row.granted) return true;
    }
    return false;
  }

  void RunScenario(bool a_commits) {
    shake_->a_commits = a_commits;
    const pid_t a = Fork([&] {
      StartTransactionCommand();
      InsertSeven(1);
      shake_->a_inserted.Post();
      while (!shake_->a_finish.Wait()) {
      }
      if (shake_->a_commits) {
        CommitTransactionCommand();
      } else {
        AbortCurrentTransaction();
      }
      return 0;
    });
    while (!shake_->a_inserted.Wait()) {
    }
    const pid_t b = Fork([&] {
      StartTransactionCommand();
      try {
        InsertSeven(2);
        shake_->b_outcome = 0;
        CommitTransactionCommand();
      } catch (const Error& e) {
        shake_->b_outcome = e.code() == errcode::kUniqueViolation ? 1 : 2;
        snprintf(shake_->b_detail, sizeof(shake_->b_detail), "%s", e.detail().c_str());
        AbortCurrentTransaction();
      }
      return 0;
    });
    // B must be blocked on A's transaction before A ends, or nothing was tested.
    int b_status = 0;
    bool b_exited = false;
    while (!IsWaitingForLock(b)) {
      if (waitpid(b, &b_status, WNOHANG) == b) {
        b_exited = true;
        break;
      }
      sched_yield();
    }
    EXPECT_FALSE(b_exited) << "B finished without waiting for A";
    EXPECT_EQ(shake_->b_outcome.load(), -1);
    shake_->a_finish.Post();
    EXPECT_EQ(Wait(a), 0);
    if (!b_exited) {
      EXPECT_EQ(Wait(b), 0);
    }
  }

  std::vector<uint32_t> EntriesForSeven() {
    return ScanNumbers(index_, {Key(1, BtStrategy::kEqual, Int32GetDatum(7))});
  }

  std::filesystem::path old_cwd_;
  std::filesystem::path dir_;
  IndexRelationInfo index_;
  SharedScratch<Handshake> shake_;
};

TEST_F(BtreeUniqueWaitTest, WaiterGetsUniqueViolationWhenInserterCommits) {
  RunScenario(/*a_commits=*/true);
  EXPECT_EQ(shake_->b_outcome.load(), 1);
  EXPECT_STREQ(shake_->b_detail, "Key (id)=(7) already exists.");
  EXPECT_EQ(EntriesForSeven(), std::vector<uint32_t>{1});
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
}

TEST_F(BtreeUniqueWaitTest, WaiterSucceedsWhenInserterAborts) {
  RunScenario(/*a_commits=*/false);
  EXPECT_EQ(shake_->b_outcome.load(), 0);
  // A's entry stays until VACUUM; B's entry is added next to it.
  EXPECT_EQ(EntriesForSeven(), (std::vector<uint32_t>{1, 2}));
}

}  // namespace
}  // namespace hyrax::storage::testing
