// Unique checks end to end with the real heap and MakeHeapUniqueProbe (a dirty-snapshot
// fetch): a committed live row with the same key raises 23505; a row deleted by a
// committed transaction does not conflict; an insert of the same key by a transaction
// still in progress in another process makes the second inserter wait on its xid and then
// fail once it commits. Entries whose heap rows are dead to everyone get LP_DEAD hints
// (from scans and from unique checks), scans skip them, and a full leaf drops them,
// WAL-logged, before it would split.
#include <filesystem>
#include <functional>
#include <sched.h>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "common/error.h"
#include "storage/heap/heap_am.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/storage_init.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

constexpr Oid kDb = 5;

struct Handshake {
  ProcSemaphore a_inserted;
  ProcSemaphore a_finish;
  std::atomic<int> b_outcome{-1};  // 0 inserted, 1 unique violation, 2 other error
};

class BtreeHeapUniqueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = std::filesystem::current_path();
    char pattern[] = "/tmp/hyrax_btree_heap_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    std::filesystem::current_path(dir_);
    std::filesystem::create_directories(dir_ / "base" / std::to_string(kDb));
    wal::g_fsync = false;
    g_shared_buffers = 128;
    g_my_database_id = kDb;
    RegisterEngineHooks();
    RegisterBtreeRmgr();
    CreateEngineSharedMemory();
    wal::BootstrapXLog(42);
    StartEngine();
    AttachProcess(BackendType::kClientBackend, true);
    heap_.oid = 16400;
    heap_.locator = RelFileLocator{kDefaultTablespaceOid, kDb, 16400};
    heap_.name = "test_tab";
    Smgr::Create(heap_.locator, ForkNumber::kMain, false);
    index_ = MakeIndex({Int4Column()});
    index_.unique = true;
    Smgr::Create(index_.locator, ForkNumber::kMain, false);
    BtreeBuilder(index_).Finish();
    context_.probe_heap = MakeHeapUniqueProbe(heap_);
    context_.format_key = [](const Datum* values, const bool*) {
      return std::optional<std::string>("(id)=(" + std::to_string(DatumGetInt32(values[0])) + ")");
    };
  }

  void TearDown() override {
    if (IsTransactionState()) AbortCurrentTransaction();
    HeapForgetTargetBlock(heap_.locator);
    DetachProcess();
    Smgr::CloseAll();
    shmem::DestroySegment();
    g_shared_buffers = 16384;
    std::filesystem::current_path(old_cwd_);
    std::filesystem::remove_all(dir_);
  }

  static const TupleDesc& Desc() {
    static const TupleDesc desc = [] {
      AttributeDesc id;
      id.name = "id";
      id.len = 4;
      id.byval = true;
      id.align = 'i';
      return TupleDesc({id});
    }();
    return desc;
  }

  // INSERT of one row as the executor does it: heap first, then the index entry.
  ItemPointerData InsertRow(int32_t id) {
    const Datum value = Int32GetDatum(id);
    const bool isnull = false;
    HeapTuple tuple = HeapFormTuple(Desc(), &value, &isnull);
    HeapInsert(heap_, &tuple, GetCurrentCommandId(true));
    BtreeInsert(index_, &value, &isnull, tuple.self, IndexUniqueCheck::kYes, &context_);
    return tuple.self;
  }

  // Runs `work` as one implicit transaction; returns the SQLSTATE it raised, or "".
  static std::string Statement(const std::function<void()>& work) {
    StartTransactionCommand();
    try {
      work();
      EndStatementSnapshot();
      CommitTransactionCommand();
      return "";
    } catch (const Error& e) {
      AbortCurrentTransaction();
      return std::string(e.code().view());
    }
  }

  void DeleteRow(ItemPointerData tid) {
    TmFailureData tmfd;
    ASSERT_EQ(HeapDelete(heap_, tid, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  }

  // Line pointers with `flags` on the index's leaf pages.
  int CountLeafItems(uint32_t flags) {
    int count = 0;
    const BlockNumber nblocks = BufferManager::NumBlocks(index_.locator, ForkNumber::kMain);
    for (BlockNumber block = 1; block < nblocks; ++block) {
      PinnedBuffer pin = BufferManager::Read(index_.locator, ForkNumber::kMain, block);
      BufferLock lock(pin, BufferLockMode::kShare);
      const char* page = lock.page();
      if (!btree::IsLeaf(btree::Opaque(page))) continue;
      for (OffsetNumber off = btree::FirstDataOffset(btree::Opaque(page));
           off <= PageGetMaxOffsetNumber(page); ++off) {
        if (PageGetItemId(page, off)->lp_flags == flags) ++count;
      }
    }
    return count;
  }

  // Every index page after BtreeMaskPage (what redo must reproduce).
  std::vector<std::string> MaskedIndexPages() {
    std::vector<std::string> pages;
    const BlockNumber nblocks = BufferManager::NumBlocks(index_.locator, ForkNumber::kMain);
    for (BlockNumber block = 0; block < nblocks; ++block) {
      PinnedBuffer pin = BufferManager::Read(index_.locator, ForkNumber::kMain, block);
      BufferLock lock(pin, BufferLockMode::kShare);
      std::string page(lock.page(), kBlockSize);
      BtreeMaskPage(page.data());
      pages.push_back(std::move(page));
    }
    return pages;
  }

  pid_t Fork(const std::function<void()>& body) {
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid != 0) return pid;
    int code = 0;
    try {
      HeapForgetTargetBlock(heap_.locator);
      Smgr::CloseAll();
      AttachProcess(BackendType::kClientBackend, true);
      body();
      if (IsTransactionState()) AbortCurrentTransaction();
      DetachProcess();
    } catch (const std::exception& e) {
      fprintf(stderr, "child: %s\n", e.what());
      code = 2;
    }
    _exit(code);
  }

  static int Wait(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
  }

  MemoryContext memory_{"test"};
  MemoryContextScope scope_{&memory_};
  std::filesystem::path old_cwd_;
  std::filesystem::path dir_;
  HeapRelation heap_;
  IndexRelationInfo index_;
  UniqueCheckContext context_;
};

TEST_F(BtreeHeapUniqueTest, CommittedRowConflictsDeletedRowDoesNot) {
  ItemPointerData first;
  EXPECT_EQ(Statement([&] { first = InsertRow(1); }), "");
  EXPECT_EQ(Statement([&] { InsertRow(2); }), "");
  // Same key again: the committed row is live.
  StartTransactionCommand();
  try {
    InsertRow(1);
    ADD_FAILURE() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
    EXPECT_EQ(e.message(), "duplicate key value violates unique constraint \"test_idx\"");
    EXPECT_EQ(e.detail(), "Key (id)=(1) already exists.");
  }
  AbortCurrentTransaction();
  // Two rows with one key in one transaction: our own insert counts as live too.
  EXPECT_EQ(Statement([&] {
              InsertRow(3);
              InsertRow(3);
            }),
            "23505");
  // Once row 1 is deleted and that commits, the key is free again.
  EXPECT_EQ(Statement([&] {
              TmFailureData tmfd;
              ASSERT_EQ(HeapDelete(heap_, first, GetCurrentCommandId(true), nullptr, true, &tmfd),
                        TmResult::kOk);
            }),
            "");
  EXPECT_EQ(Statement([&] { InsertRow(1); }), "");
  // The check found the deleted row's entry dead to everyone and marked it LP_DEAD, so
  // scans return only the new entry.
  EXPECT_EQ(ScanNumbers(index_, {Key(1, BtStrategy::kEqual, Int32GetDatum(1))}).size(), 1u);
  EXPECT_EQ(CountLeafItems(kLpDead), 1);
}

TEST_F(BtreeHeapUniqueTest, ScansMarkEntriesOfDeadRowsAndLaterScansSkipThem) {
  std::vector<ItemPointerData> tids;
  ASSERT_EQ(Statement([&] {
              for (int32_t id = 1; id <= 10; ++id) tids.push_back(InsertRow(id));
            }),
            "");
  ASSERT_EQ(Statement([&] {
              for (int idx = 0; idx < 5; ++idx) DeleteRow(tids[idx]);
            }),
            "");
  // An index scan as the executor runs it: entries whose chain is dead get marked.
  int visible = 0;
  ASSERT_EQ(
      Statement([&] {
        BtreeScan scan(index_);
        scan.Rescan({});
        DeadHorizon horizon;
        ItemPointerData tid;
        while (scan.Next(ScanDirection::kForward, &tid)) {
          HeapTuple tuple;
          bool all_dead = false;
          if (HeapHotFetch(heap_, GetTransactionSnapshot(), tid, &tuple, &horizon, &all_dead)) {
            ++visible;
          } else if (all_dead) {
            scan.MarkCurrentDead();
          }
        }
        scan.ApplyKilledItems();
      }),
      "");
  EXPECT_EQ(visible, 5);
  EXPECT_EQ(CountLeafItems(kLpDead), 5);
  std::vector<ItemPointerData> expected(tids.begin() + 5, tids.end());
  EXPECT_EQ(ScanTids(index_, {}), expected);
}

TEST_F(BtreeHeapUniqueTest, RepeatedDeleteAndInsertOfOneKeyReusesTheLeafInsteadOfSplitting) {
  // 600 entries of one key need two leaves; each insert's unique check marks the previous
  // (deleted) entry dead and a full leaf drops those entries (WAL-logged) before splitting.
  for (int round = 0; round < 600; ++round) {
    ItemPointerData tid;
    ASSERT_EQ(Statement([&] { tid = InsertRow(7); }), "") << round;
    ASSERT_EQ(Statement([&] { DeleteRow(tid); }), "") << round;
  }
  EXPECT_EQ(BufferManager::NumBlocks(index_.locator, ForkNumber::kMain), 2u);  // meta + leaf
  EXPECT_LT(CountLeafItems(kLpNormal) + CountLeafItems(kLpDead), 450);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  ASSERT_EQ(Statement([&] { InsertRow(7); }), "");
  const std::vector<std::string> before = MaskedIndexPages();

  // Crash recovery replays the deletions and reproduces the leaf.
  wal::XLogFlush(wal::GetXLogInsertRecPtr());
  HeapForgetTargetBlock(heap_.locator);
  DetachProcess();
  Smgr::CloseAll();
  shmem::DestroySegment();
  CreateEngineSharedMemory();
  StartEngine();
  AttachProcess(BackendType::kClientBackend, true);
  EXPECT_EQ(MaskedIndexPages(), before);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  EXPECT_EQ(Statement([&] { InsertRow(7); }), "23505");
}

TEST_F(BtreeHeapUniqueTest, SecondInserterWaitsForFirstAndFailsWhenItCommits) {
  SharedScratch<Handshake> shake;
  const pid_t a = Fork([&] {
    StartTransactionCommand();
    InsertRow(7);
    shake->a_inserted.Post();
    while (!shake->a_finish.Wait()) {
    }
    CommitTransactionCommand();
  });
  while (!shake->a_inserted.Wait()) {
  }
  const pid_t b = Fork([&] {
    const std::string code = Statement([&] { InsertRow(7); });
    shake->b_outcome = code.empty() ? 0 : (code == "23505" ? 1 : 2);
  });
  // B has to be waiting on A's transaction before A commits.
  bool waiting = false;
  while (!waiting) {
    for (const auto& row : LockManager::GetLockStatus()) {
      waiting |= row.pid == b && !row.granted && row.tag.type == LockTagType::kTransaction;
    }
    if (shake->b_outcome.load() != -1) break;
    sched_yield();
  }
  EXPECT_TRUE(waiting);
  shake->a_finish.Post();
  EXPECT_EQ(Wait(a), 0);
  EXPECT_EQ(Wait(b), 0);
  EXPECT_EQ(shake->b_outcome.load(), 1);
  EXPECT_EQ(ScanNumbers(index_, {Key(1, BtStrategy::kEqual, Int32GetDatum(7))}).size(), 1u);
}

}  // namespace
}  // namespace hyrax::storage::testing
