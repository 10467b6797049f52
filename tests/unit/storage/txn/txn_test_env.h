// Test environment for the transaction and lock-manager tests: each test runs in a fresh
// temporary directory (the "data directory") with a fresh shared memory segment holding
// clog, pg_subtrans, the xid/OID counters, the proc array, the lock table, a small buffer
// pool and a bootstrapped, started-up WAL; this process claims a proc slot. Helpers fork
// children that claim their own slot, simulate a crash and restart with recovery, read back
// transaction records from WAL, and wait for conditions without sleeping for fixed times.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sched.h>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/error.h"
#include "common/interrupts.h"
#include "common/notice.h"
#include "common/shmem/semaphore.h"
#include "common/shmem/shmem.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/buffer/checkpoint_flush.h"
#include "storage/buffer/redo_buffer.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "storage/txn/xact_record.h"
#include "storage/txn/xact_redo.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/wal_reader.h"
#include "wal/recovery/recovery.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage::testing {

// Cross-process scratch space for a test (semaphores for hand-offs, result slots).
struct SharedScratch {
  ProcSemaphore step[8];
  std::atomic<int32_t> value[16];
  std::atomic<int32_t> order;
};

class TxnTestEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = std::filesystem::current_path();
    char pattern[] = "/tmp/hyrax_txn_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    std::filesystem::current_path(dir_);
    ConfigureGucs();
    CreateSharedMemory(/*bootstrap_wal=*/true);
  }

  void TearDown() override {
    SetNoticeSink(nullptr);
    ProcArray::ReleaseSlot();
    Smgr::CloseAll();
    shmem::DestroySegment();
    std::filesystem::current_path(old_cwd_);
    std::filesystem::remove_all(dir_);
    RestoreGucs();
  }

  // Tests may override to change GUCs that size shared memory before it is created.
  virtual void ConfigureGucs() {}

  // A crash and restart in the same data directory: shared memory is created afresh (what
  // was only in it, including WAL not yet flushed, is lost; files stay), recovery replays
  // WAL from the last checkpoint, and this process claims a slot again.
  wal::StartupResult CrashAndRestart() {
    ProcArray::ReleaseSlot();
    Smgr::CloseAll();
    shmem::DestroySegment();
    return CreateSharedMemory(/*bootstrap_wal=*/false);
  }

  // The transaction records in WAL from `start` on (flushes WAL first).
  struct XactRecordView {
    uint8_t info;
    TransactionId xid;
    XactRecord record;
    Lsn end_lsn;
  };
  static std::vector<XactRecordView> XactRecordsSince(Lsn start) {
    wal::XLogFlush(wal::GetXLogInsertRecPtr());
    std::vector<XactRecordView> out;
    wal::WalReader reader;
    for (const wal::DecodedRecord* rec = reader.ReadRecord(start); rec != nullptr;
         rec = reader.ReadNext()) {
      if (rec->rmid() != wal::RmgrId::kXact) continue;
      auto decoded = DecodeXactRecord(rec->main_data());
      EXPECT_TRUE(decoded.has_value());
      if (decoded) out.push_back({rec->info(), rec->xid(), *decoded, rec->end_lsn()});
    }
    return out;
  }

  static void RestoreGucs() {
    g_shared_buffers = 16384;
    ProcArray::g_max_connections = 100;
    ProcArray::g_superuser_reserved_connections = 3;
    LockManager::g_max_locks_per_transaction = 64;
    LockManager::g_deadlock_timeout_ms = 1000;
    LockManager::g_lock_timeout_ms = 0;
  }

 public:
  // Forks a child that claims its own proc slot and runs `body`. Exit code 0 = passed,
  // 1 = a gtest expectation failed, 2 = an exception escaped (printed). The child ends like
  // a backend: transaction aborted, all its locks released. Requires: no transaction open
  // and no lock held here (a backend never inherits them; its local lock table would lie).
  static pid_t ForkChild(const std::function<void()>& body) {
    EXPECT_FALSE(IsTransactionState()) << "fork children before opening a transaction";
    for (const auto& row : LockManager::GetLockStatus()) {
      EXPECT_NE(row.pid, getpid()) << "fork children before taking locks";
    }
    fflush(stdout);  // or the child would print the parent's buffered output again
    fflush(stderr);
    pid_t pid = fork();
    if (pid != 0) return pid;
    int code = 0;
    try {
      if (ProcArray::ClaimSlot(BackendType::kClientBackend, true) == nullptr) _exit(3);
      body();
      if (::testing::Test::HasFailure()) code = 1;
    } catch (const Error& e) {
      fprintf(stderr, "child: uncaught error %s: %s\n", std::string(e.code().view()).c_str(),
              e.what());
      code = 2;
    } catch (const std::exception& e) {
      fprintf(stderr, "child: uncaught exception: %s\n", e.what());
      code = 2;
    }
    // Process exit as a backend does it: abort any transaction, drop every lock.
    try {
      if (IsTransactionState() || TransactionBlockStatus() != 'I') {
        AbortCurrentTransaction();
        if (TransactionBlockStatus() != 'I') {
          UserAbortTransactionBlock();
          CommitTransactionCommand();
        }
      }
      LockManager::ReleaseAll(/*including_session_locks=*/true);
    } catch (const std::exception& e) {
      fprintf(stderr, "child: cleanup failed: %s\n", e.what());
      code = 4;
    }
    ProcArray::ReleaseSlot();
    fflush(stdout);
    fflush(stderr);
    _exit(code);
  }

  static int WaitChild(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    if (!WIFEXITED(status)) return 100 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return WEXITSTATUS(status);
  }

  // Waits (yielding the CPU) until `condition` holds; fails the test after a generous
  // deadline so a bug shows up as a failure rather than a hang.
  static bool WaitFor(const std::function<bool()>& condition) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "condition not reached";
        return false;
      }
      sched_yield();
    }
    return true;
  }

  // True while the process `pid` waits for some lock (as pg_locks shows it).
  static bool IsWaitingForLock(int32_t pid) {
    for (const auto& row : LockManager::GetLockStatus()) {
      if (row.pid == pid && !row.granted) return true;
    }
    return false;
  }

 protected:
  SharedScratch* scratch_ = nullptr;

 private:
  // What the postmaster and startup process do, in one process.
  wal::StartupResult CreateSharedMemory(bool bootstrap_wal) {
    g_shared_buffers = 16;
    wal::g_fsync = false;  // durability across a real power loss is not under test here
    size_t size = 0;
    size = shmem::AddSize(size, Clog::ShmemSize());
    size = shmem::AddSize(size, TransamShmemSize());
    size = shmem::AddSize(size, ProcArray::ShmemSize());
    size = shmem::AddSize(size, LockManager::ShmemSize());
    size = shmem::AddSize(size, Smgr::ShmemSize());
    size = shmem::AddSize(size, BufferManager::ShmemSize());
    size = shmem::AddSize(size, wal::ShmemSize());
    size = shmem::AddSize(size, sizeof(SharedScratch));
    shmem::CreateSegment(size + (1 << 16));
    Clog::ShmemInit();
    TransamShmemInit();
    ProcArray::ShmemInit();
    LockManager::ShmemInit();
    Smgr::ShmemInit();
    BufferManager::ShmemInit();
    wal::ShmemInit();
    bool found = false;
    scratch_ = static_cast<SharedScratch*>(
        shmem::InitStruct("test scratch", sizeof(SharedScratch), &found));
    new (scratch_) SharedScratch();
    RegisterXactRmgr();
    wal::SetFullPageImageRedoHook(RedoFullPageImage);
    wal::CheckpointHooks hooks;
    hooks.flush_all = [](bool is_shutdown) {
      Clog::Flush();
      CheckpointFlushAll(is_shutdown);
    };
    hooks.fill_counters = [](wal::CheckpointData& data) { FillCheckpointCounters(data); };
    wal::SetCheckpointHooks(hooks);
    if (bootstrap_wal) wal::BootstrapXLog(42);
    wal::StartupResult startup = wal::StartupXLog();
    SetNextIdsAfterRecovery(startup);
    EXPECT_NE(ProcArray::ClaimSlot(BackendType::kClientBackend, /*is_superuser=*/true), nullptr);
    return startup;
  }

  std::filesystem::path old_cwd_;
  std::filesystem::path dir_;
};

// Installs a SIGINT handler that raises a query cancel, as the backend's does.
inline void InstallCancelHandler() {
  struct sigaction sa {};
  sa.sa_handler = [](int) {
    g_query_cancel_pending = 1;
    g_interrupt_pending = 1;
  };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
}

}  // namespace hyrax::storage::testing
