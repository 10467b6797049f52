// Fixture for the VACUUM tests: a whole engine with bootstrapped catalogs (EngineTestEnv),
// one table "t" (id int4, payload text) created through the catalog, and hand-built btree
// indexes on id kept up to date by the helpers (the executor's job in the server). Rows are
// written in committed transactions; children are forked with their own proc slot and
// synchronise with the parent through semaphores in a shared mapping (never by sleeping).
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <new>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "common/memory_context.h"
#include "common/shmem/semaphore.h"
#include "common/varlena.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_scan.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/heap/heap_am.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"
#include "storage/vacuum/vacuum.h"
#include "storage/vm/visibility_map.h"
#include "tests/support/unit/engine_test_env.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage::testing {

// Set before the engine starts and restored afterwards.
struct VacuumTestGlobals {
  VacuumTestGlobals() {
    wal::g_fsync = false;  // durability across power loss is not what these tests check
    g_shared_buffers = 1024;
  }
  ~VacuumTestGlobals() {
    wal::g_fsync = true;
    g_shared_buffers = 16384;
  }
};

// Memory shared with forked children.
struct VacuumScratch {
  ProcSemaphore step[4];
  std::atomic<int32_t> value[4];
};

inline int CompareInt4(Datum a, Datum b) {
  const int32_t x = DatumGetInt32(a);
  const int32_t y = DatumGetInt32(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

class VacuumTest : public ::testing::Test {
 protected:
  VacuumTest() {
    void* p = mmap(nullptr, sizeof(VacuumScratch), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) std::abort();
    scratch_ = new (p) VacuumScratch();
    StartTransactionCommand();
    catalog::NewRelation spec;
    spec.name = "t";
    spec.columns = {{"id", 23, -1}, {"payload", 25, -1}};
    relid_ = catalog::CreateHeapRelation(spec);
    CommitTransactionCommand();
    StartTransactionCommand();
    rel_ = catalog::RelationIdGetRelation(relid_)->heap;
    CommitTransactionCommand();
  }
  ~VacuumTest() override {
    scratch_->~VacuumScratch();
    munmap(scratch_, sizeof(VacuumScratch));
  }

  // ---- schema ----

  // An empty btree on t.id in a file of its own (not in the catalog).
  IndexRelationInfo& AddIndex() {
    auto index = std::make_unique<IndexRelationInfo>();
    const Oid number = 90000 + static_cast<Oid>(indexes_.size());
    index->oid = number;
    index->name = "t_id_idx" + std::to_string(indexes_.size());
    index->locator = RelFileLocator{kDefaultTablespaceOid, rel_.locator.db_oid, number};
    index->heap_oid = relid_;
    index->heap_name = "t";
    index->schema_name = "public";
    index->nkeyatts = 1;
    IndexColumn col;
    col.type_oid = 23;
    col.len = 4;
    col.byval = true;
    col.align = 'i';
    col.compare = CompareInt4;
    index->columns.push_back(col);
    Smgr::Create(index->locator, ForkNumber::kMain, false);
    BtreeBuilder(*index).Finish();
    indexes_.push_back(std::move(index));
    return *indexes_.back();
  }

  VacuumIndexes Indexes() const {
    VacuumIndexes out;
    for (const auto& index : indexes_) out.indexes.push_back(index.get());
    return out;
  }

  // ---- rows ----

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
  static int32_t IdOf(const HeapTuple& tuple) {
    bool isnull = false;
    return DatumGetInt32(HeapGetAttr(tuple, 1, Desc(), &isnull));
  }

  // Inside an open transaction: the heap row and its index entries.
  ItemPointerData InsertRow(int32_t id, size_t payload_len = 100) {
    return InsertRowWithPayload(id, std::string(payload_len, 'p'));
  }
  ItemPointerData InsertRowWithPayload(int32_t id, const std::string& payload) {
    Datum values[2] = {Int32GetDatum(id), MakeVarlenaDatum(payload)};
    bool nulls[2] = {false, false};
    HeapTuple tuple = HeapFormTuple(Desc(), values, nulls);
    HeapInsert(rel_, &tuple, GetCurrentCommandId(true));
    IndexNew(id, tuple.self);
    return tuple.self;
  }
  void IndexNew(int32_t id, ItemPointerData tid) {
    const Datum key = Int32GetDatum(id);
    const bool isnull = false;
    for (const auto& index : indexes_) {
      BtreeInsert(*index, &key, &isnull, tid, IndexUniqueCheck::kNo, nullptr);
    }
  }
  // Inside an open transaction: a non-HOT update, so the new version gets index entries.
  ItemPointerData UpdateRow(ItemPointerData tid, int32_t id) {
    Datum values[2] = {Int32GetDatum(id), MakeVarlenaDatum(std::string(100, 'u'))};
    bool nulls[2] = {false, false};
    HeapTuple tuple = HeapFormTuple(Desc(), values, nulls);
    TmFailureData tmfd;
    EXPECT_EQ(HeapUpdate(rel_, tid, &tuple, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
    IndexNew(id, tuple.self);
    return tuple.self;
  }
  void DeleteRow(ItemPointerData tid) {
    TmFailureData tmfd;
    EXPECT_EQ(HeapDelete(rel_, tid, GetCurrentCommandId(true), nullptr, true, &tmfd),
              TmResult::kOk);
  }

  // One committed transaction.
  static void Transaction(const std::function<void()>& work) {
    StartTransactionCommand();
    work();
    CommitTransactionCommand();
  }

  // Rows 0..n-1 in one transaction; returns their tids by id.
  std::map<int32_t, ItemPointerData> InsertRows(int32_t first, int32_t count,
                                                size_t payload_len = 100) {
    std::map<int32_t, ItemPointerData> tids;
    Transaction([&] {
      for (int32_t id = first; id < first + count; ++id) tids[id] = InsertRow(id, payload_len);
    });
    return tids;
  }

  // ---- VACUUM ----

  VacuumResult Vacuum(const VacuumOptions& options = {}) { return VacuumWith(options, Indexes()); }
  VacuumResult VacuumWith(const VacuumOptions& options, const VacuumIndexes& indexes) {
    StartTransactionCommand();
    LockRelationOid(relid_, LockMode::kShareUpdateExclusive);
    VacuumResult result = VacuumRelation(relid_, options, indexes);
    CommitTransactionCommand();
    return result;
  }

  // ---- checks ----

  BlockNumber NumBlocks() const {
    return BufferManager::NumBlocks(rel_.locator, ForkNumber::kMain);
  }

  // Ids of the rows a fresh snapshot sees, by a sequential scan.
  std::multiset<int32_t> ScanIds() {
    std::multiset<int32_t> ids;
    Transaction([&] {
      HeapScan scan(rel_, GetTransactionSnapshot());
      HeapTuple tuple;
      while (scan.Next(&tuple)) ids.insert(IdOf(tuple));
    });
    return ids;
  }

  // Every TID in `index`, in key order.
  static std::vector<ItemPointerData> IndexTids(const IndexRelationInfo& index) {
    BtreeScan scan(index);
    scan.Rescan({});
    std::vector<ItemPointerData> out;
    ItemPointerData tid;
    while (scan.Next(ScanDirection::kForward, &tid)) out.push_back(tid);
    return out;
  }

  // Checks that every index is structurally sound and holds exactly one entry per visible
  // row, leading to that row (through the key): what a crash or VACUUM must never break.
  void ExpectIndexesMatchHeap(const std::multiset<int32_t>& expected_ids) {
    for (const auto& index : indexes_) {
      SCOPED_TRACE(index->name);
      std::vector<std::string> problems = BtreeVerify(*index);
      EXPECT_TRUE(problems.empty()) << problems.front();
      Transaction([&] {
        std::multiset<int32_t> found;
        for (const ItemPointerData& tid : IndexTids(*index)) {
          HeapTuple tuple;
          if (HeapFetch(rel_, GetTransactionSnapshot(), tid, &tuple)) found.insert(IdOf(tuple));
        }
        EXPECT_EQ(found, expected_ids);
        for (int32_t id : expected_ids) {
          EXPECT_TRUE(FindThroughIndex(*index, id)) << "row " << id << " not found";
        }
      });
    }
  }
  // Whether a visible row with this id is reachable through the index key.
  bool FindThroughIndex(const IndexRelationInfo& index, int32_t id) {
    BtreeScan scan(index);
    IndexScanKey key;
    key.attno = 1;
    key.strategy = BtStrategy::kEqual;
    key.argument = Int32GetDatum(id);
    scan.Rescan({key});
    ItemPointerData tid;
    while (scan.Next(ScanDirection::kForward, &tid)) {
      HeapTuple tuple;
      if (HeapFetch(rel_, GetTransactionSnapshot(), tid, &tuple) && IdOf(tuple) == id) return true;
    }
    return false;
  }

  // Line pointer flags of one heap item (no visibility check).
  uint32_t ItemFlags(ItemPointerData tid) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, tid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    if (tid.offset() > PageGetMaxOffsetNumber(lock.page())) return kLpUnused;
    return PageGetItemId(lock.page(), tid.offset())->lp_flags;
  }
  HeapTupleHeaderData RawHeader(ItemPointerData tid) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, tid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    HeapTupleHeaderData header;
    std::memcpy(&header, PageGetItem(lock.page(), PageGetItemId(lock.page(), tid.offset())),
                sizeof(header));
    return header;
  }
  bool XminFrozen(ItemPointerData tid) {
    const HeapTupleHeaderData header = RawHeader(tid);
    return HeapXminFrozen(&header);
  }
  bool PageFlagAllVisible(BlockNumber block) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, block);
    BufferLock lock(pin, BufferLockMode::kShare);
    return (GetPageHeader(lock.page())->pd_flags & kPdAllVisible) != 0;
  }

  catalog::PgClass PgClassRow() {
    catalog::PgClass row;
    Transaction([&] {
      for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
        if (ref.row.oid == relid_) row = ref.row;
      }
    });
    return row;
  }

  // ---- crashes ----

  // Makes all WAL durable, then loses shared memory (dirty buffers included) and recovers.
  void CrashAndRecover() {
    wal::XLogFlush(wal::GetXLogInsertRecPtr());
    HeapForgetAllTargetBlocks();
    Smgr::CloseAll();
    env_.CrashAndRecover();
  }
  static void Checkpoint() {
    wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  }

  // ---- processes ----

  // Forks a child with its own proc slot running `body`; exit code 0 = passed, 1 = a gtest
  // expectation failed, 2 = an exception escaped. Requires: no transaction open here.
  pid_t ForkChild(const std::function<void()>& body) {
    EXPECT_FALSE(IsTransactionState());
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid != 0) return pid;
    int code = 0;
    try {
      HeapForgetAllTargetBlocks();
      Smgr::CloseAll();
      AttachProcess(BackendType::kClientBackend, /*is_superuser=*/true);
      body();
      if (::testing::Test::HasFailure()) code = 1;
    } catch (const std::exception& e) {
      fprintf(stderr, "child: uncaught exception: %s\n", e.what());
      code = 2;
    }
    try {
      if (IsTransactionState()) AbortCurrentTransaction();
      DetachProcess();
    } catch (const std::exception& e) {
      fprintf(stderr, "child: cleanup failed: %s\n", e.what());
      code = 4;
    }
    _exit(code);
  }
  static int WaitChild(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    if (!WIFEXITED(status)) return 100;
    return WEXITSTATUS(status);
  }

  VacuumTestGlobals globals_;
  hyrax::testing::EngineTestEnv env_;
  MemoryContext context_{"vacuum test"};
  MemoryContextScope context_scope_{&context_};
  VacuumScratch* scratch_ = nullptr;
  Oid relid_ = kInvalidOid;
  HeapRelation rel_;
  std::vector<std::unique_ptr<IndexRelationInfo>> indexes_;
};

}  // namespace hyrax::storage::testing
