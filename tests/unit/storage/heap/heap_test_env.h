// Test environment for the heap tests that need the whole storage stack: each test runs in a
// fresh temporary data directory with a fresh shared memory segment holding WAL, buffers,
// the smgr sync queue, clog, the xid counters, the proc array and the lock table; WAL is
// bootstrapped and started, this process claims a proc slot and one heap relation exists.
// Crash() drops shared memory without writing buffers (the postmaster's crash reset);
// Restart() then runs recovery. Children are forked with their own proc slot and
// synchronise through semaphores in shared memory (never by sleeping).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <sched.h>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/shmem/semaphore.h"
#include "common/shmem/shmem.h"
#include "common/varlena.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_visibility.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "storage/storage_init.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/recovery/recovery.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage::testing {

// Cross-process scratch space for a test (semaphores for hand-offs, result slots).
struct SharedScratch {
  ProcSemaphore step[8];
  std::atomic<int32_t> value[16];
};

inline constexpr Oid kTestDb = 5;
inline constexpr Oid kTestRel = 16384;

class HeapTestEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = std::filesystem::current_path();
    char pattern[] = "/tmp/hyrax_heap_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    std::filesystem::current_path(dir_);
    std::filesystem::create_directories(dir_ / "base" / std::to_string(kTestDb));
    std::filesystem::create_directories(dir_ / "global");
    wal::g_fsync = false;
    wal::g_full_page_writes = true;
    g_shared_buffers = 256;
    g_my_database_id = kTestDb;
    RegisterEngineHooks();
    CreateSharedMemory();
    wal::BootstrapXLog(42);
    StartUp();
    rel_.oid = kTestRel;
    rel_.locator = RelFileLocator{kDefaultTablespaceOid, kTestDb, kTestRel};
    rel_.name = "heap_test";
    Smgr::Create(rel_.locator, ForkNumber::kMain, false);
  }

  void TearDown() override {
    if (IsTransactionState() || TransactionBlockStatus() != 'I') {
      AbortCurrentTransaction();
      if (TransactionBlockStatus() != 'I') {
        UserAbortTransactionBlock();
        CommitTransactionCommand();
      }
    }
    ResetProcessState();
    DetachProcess();
    shmem::DestroySegment();
    std::filesystem::current_path(old_cwd_);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    wal::g_fsync = true;
  }

  // Drops shared memory without writing dirty buffers: only WAL flushed so far and pages
  // written earlier survive. Requires: no transaction open in this process.
  void Crash() {
    ResetProcessState();
    DetachProcess();
    shmem::DestroySegment();
    CreateSharedMemory();
  }
  // Runs crash recovery (or a clean start-up) and claims a proc slot again.
  wal::StartupResult StartUp() {
    wal::StartupResult result = StartEngine();
    AttachProcess(BackendType::kClientBackend, /*is_superuser=*/true);
    return result;
  }

  // ---- transactions, as the backend loop drives them ----

  static void Begin(IsolationLevel level = IsolationLevel::kReadCommitted) {
    StartTransactionCommand();
    BeginTransactionBlock();
    CommitTransactionCommand();
    StartTransactionCommand();
    SetTransactionIsolation(level);
    CommitTransactionCommand();
  }
  static void Commit() {
    StartTransactionCommand();
    EndTransactionBlock();
    CommitTransactionCommand();
  }
  static void Rollback() {
    StartTransactionCommand();
    UserAbortTransactionBlock();
    CommitTransactionCommand();
  }
  // One statement (in the open block, or as its own implicit transaction).
  static void Statement(const std::function<void()>& work) {
    StartTransactionCommand();
    work();
    EndStatementSnapshot();
    CommitTransactionCommand();
  }

  // ---- rows: (int4 id, text payload) ----

  static const TupleDesc& Desc() {
    static TupleDesc desc = [] {
      AttributeDesc id;
      id.name = "id";
      id.len = 4;
      id.byval = true;
      id.align = 'i';
      AttributeDesc payload;
      payload.name = "payload";
      payload.len = -1;
      payload.align = 'i';
      return TupleDesc({id, payload});
    }();
    return desc;
  }
  HeapTuple MakeRow(int32_t id, const std::string& payload = "x") {
    Datum values[2] = {Int32GetDatum(id), MakeVarlenaDatum(payload)};
    bool nulls[2] = {false, false};
    return HeapFormTuple(Desc(), values, nulls);
  }
  ItemPointerData Insert(int32_t id, const std::string& payload = "x") {
    HeapTuple tuple = MakeRow(id, payload);
    HeapInsert(rel_, &tuple, GetCurrentCommandId(true));
    return tuple.self;
  }
  static int32_t IdOf(const HeapTuple& tuple) {
    bool isnull = false;
    return DatumGetInt32(HeapGetAttr(tuple, 1, Desc(), &isnull));
  }
  // Ids visible to `snapshot`, in scan order.
  std::vector<int32_t> ScanIds(Snapshot snapshot) {
    std::vector<int32_t> ids;
    HeapScan scan(rel_, snapshot);
    HeapTuple tuple;
    while (scan.Next(&tuple)) ids.push_back(IdOf(tuple));
    return ids;
  }
  // A copy of the statement snapshot with another command id.
  static SnapshotData SnapshotAt(CommandId curcid) {
    SnapshotData snapshot = *GetLatestSnapshot();
    snapshot.curcid = curcid;
    return snapshot;
  }
  // The raw header of the tuple at `tid` (copied under a share lock, no visibility check).
  HeapTupleHeaderData RawHeader(ItemPointerData tid) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, tid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    const ItemIdData* item = PageGetItemId(lock.page(), tid.offset());
    HeapTupleHeaderData header;
    std::memcpy(&header, PageGetItem(lock.page(), item), sizeof(header));
    return header;
  }
  // A private copy of every page of the relation.
  std::vector<std::vector<char>> CapturePages() {
    std::vector<std::vector<char>> pages;
    BlockNumber nblocks = BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain);
    for (BlockNumber block = 0; block < nblocks; ++block) {
      PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, block);
      BufferLock lock(pin, BufferLockMode::kShare);
      pages.emplace_back(lock.page(), lock.page() + kBlockSize);
    }
    return pages;
  }
  // CapturePages with HeapMaskPage applied (what redo must reproduce).
  std::vector<std::vector<char>> MaskedPages() {
    std::vector<std::vector<char>> pages = CapturePages();
    for (auto& page : pages) HeapMaskPage(page.data());
    return pages;
  }
  // Reports the first differing byte of each differing page.
  static void ExpectSamePages(const std::vector<std::vector<char>>& expected,
                              const std::vector<std::vector<char>>& actual) {
    ASSERT_EQ(expected.size(), actual.size());
    for (size_t block = 0; block < expected.size(); ++block) {
      for (size_t byte = 0; byte < static_cast<size_t>(kBlockSize); ++byte) {
        if (expected[block][byte] != actual[block][byte]) {
          ADD_FAILURE() << "block " << block << " differs at byte " << byte << ": "
                        << static_cast<int>(static_cast<uint8_t>(expected[block][byte])) << " vs "
                        << static_cast<int>(static_cast<uint8_t>(actual[block][byte]));
          break;
        }
      }
    }
  }

  // ---- processes ----

  // Forks a child that claims its own proc slot and runs `body`. Exit code 0 = passed,
  // 1 = a gtest expectation failed, 2 = an exception escaped (printed). The child ends like
  // a backend: transaction aborted, all its locks released. Requires: no transaction open
  // and no lock held here (a backend never inherits them).
  static pid_t ForkChild(const std::function<void()>& body) {
    EXPECT_FALSE(IsTransactionState()) << "fork children before opening a transaction";
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid != 0) return pid;
    int code = 0;
    try {
      ResetProcessState();
      AttachProcess(BackendType::kClientBackend, /*is_superuser=*/true);
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
    try {
      if (IsTransactionState() || TransactionBlockStatus() != 'I') {
        AbortCurrentTransaction();
        if (TransactionBlockStatus() != 'I') {
          UserAbortTransactionBlock();
          CommitTransactionCommand();
        }
      }
      DetachProcess();
    } catch (const std::exception& e) {
      fprintf(stderr, "child: cleanup failed: %s\n", e.what());
      code = 4;
    }
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
  // Waits (yielding the CPU) until `condition` holds; a generous deadline turns a bug into
  // a failure rather than a hang.
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
  // True while process `pid` waits for some heavyweight lock (as pg_locks shows it).
  static bool IsWaitingForLock(int32_t pid) {
    for (const auto& row : LockManager::GetLockStatus()) {
      if (row.pid == pid && !row.granted) return true;
    }
    return false;
  }

  HeapRelation rel_;
  SharedScratch* scratch_ = nullptr;
  MemoryContext context_{"heap test"};
  MemoryContextScope context_scope_{&context_};

 private:
  // Process-local caches that must not survive a crash or a fork.
  static void ResetProcessState() {
    HeapForgetTargetBlock(RelFileLocator{kDefaultTablespaceOid, kTestDb, kTestRel});
    Smgr::CloseAll();
  }

  void CreateSharedMemory() {
    CreateEngineSharedMemory();
    bool found = false;
    scratch_ = static_cast<SharedScratch*>(
        shmem::InitStruct("heap test scratch", sizeof(SharedScratch), &found));
    new (scratch_) SharedScratch();
  }

  std::filesystem::path old_cwd_;
  std::filesystem::path dir_;
};

}  // namespace hyrax::storage::testing
