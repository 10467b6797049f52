// Fixture and helpers for the btree tests: a fresh temporary data directory (mkdtemp +
// chdir), a fresh shared memory segment with the WAL, smgr and buffer pool initialised and
// the btree redo registered, one index file created; index descriptions for int4, int8
// and text keys; insert and scan helpers; a crash (drop shared memory, replay the WAL);
// forked workers reporting through exit codes and a shared scratch area for handshakes.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "common/memory_context.h"
#include "common/shmem/shmem.h"
#include "common/varlena.h"
#include "storage/btree/btree.h"
#include "storage/btree/btree_page.h"
#include "storage/btree/btree_scan.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/buffer/checkpoint_flush.h"
#include "storage/buffer/redo_buffer.h"
#include "storage/smgr/smgr.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/recovery/recovery.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/wal_shmem.h"

namespace hyrax::storage::testing {

inline int CompareInt4(Datum a, Datum b) {
  const int32_t x = DatumGetInt32(a);
  const int32_t y = DatumGetInt32(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}
inline int CompareInt8(Datum a, Datum b) {
  const int64_t x = DatumGetInt64(a);
  const int64_t y = DatumGetInt64(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}
// Cross-type int4 index value vs int8 argument (btint48cmp).
inline int CompareInt48(Datum a, Datum b) {
  const int64_t x = DatumGetInt32(a);
  const int64_t y = DatumGetInt64(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}
// "C" collation text comparison (bttextcmp under COLLATE "C").
inline int CompareText(Datum a, Datum b) {
  const std::string_view x = DatumGetTextView(a);
  const std::string_view y = DatumGetTextView(b);
  const int r = x.compare(y);
  return r < 0 ? -1 : (r > 0 ? 1 : 0);
}

inline IndexColumn Int4Column(bool desc = false, bool nulls_first = false) {
  IndexColumn col;
  col.type_oid = 23;
  col.len = 4;
  col.byval = true;
  col.align = 'i';
  col.desc = desc;
  col.nulls_first = nulls_first;
  col.compare = CompareInt4;
  return col;
}
inline IndexColumn Int8Column(bool desc = false, bool nulls_first = false) {
  IndexColumn col;
  col.type_oid = 20;
  col.len = 8;
  col.byval = true;
  col.align = 'd';
  col.desc = desc;
  col.nulls_first = nulls_first;
  col.compare = CompareInt8;
  return col;
}
inline IndexColumn TextColumn(bool desc = false, bool nulls_first = false) {
  IndexColumn col;
  col.type_oid = 25;
  col.len = -1;
  col.byval = false;
  col.align = 'i';
  col.desc = desc;
  col.nulls_first = nulls_first;
  col.collation = 950;  // "C"
  col.compare = CompareText;
  return col;
}

// An index over `key_columns`, with `include_columns` as INCLUDE columns.
inline IndexRelationInfo MakeIndex(std::vector<IndexColumn> key_columns,
                                   std::vector<IndexColumn> include_columns = {},
                                   Oid rel_number = 16500) {
  IndexRelationInfo index;
  index.oid = rel_number;
  index.name = "test_idx";
  index.locator = RelFileLocator{kDefaultTablespaceOid, 5, rel_number};
  index.heap_oid = 16400;
  index.heap_name = "test_tab";
  index.schema_name = "public";
  index.nkeyatts = static_cast<int>(key_columns.size());
  index.columns = std::move(key_columns);
  for (IndexColumn& col : include_columns) index.columns.push_back(std::move(col));
  return index;
}

// A distinct heap TID for entry number `n`.
inline ItemPointerData TidFor(uint32_t n) {
  return ItemPointerData::Make(n / 200 + 1, static_cast<OffsetNumber>(n % 200 + 1));
}
inline uint32_t NumberOfTid(const ItemPointerData& tid) {
  return (tid.block() - 1) * 200 + (tid.offset() - 1);
}

inline void InsertInt4(const IndexRelationInfo& index, int32_t key, uint32_t n) {
  const Datum value = Int32GetDatum(key);
  const bool isnull = false;
  BtreeInsert(index, &value, &isnull, TidFor(n), IndexUniqueCheck::kNo, nullptr);
}

// Every TID a scan with `keys` returns in `direction`.
inline std::vector<ItemPointerData> ScanTids(const IndexRelationInfo& index,
                                             std::vector<IndexScanKey> keys,
                                             ScanDirection direction = ScanDirection::kForward) {
  BtreeScan scan(index);
  scan.Rescan(std::move(keys));
  std::vector<ItemPointerData> out;
  ItemPointerData tid;
  while (scan.Next(direction, &tid)) out.push_back(tid);
  return out;
}

// Entry numbers (see TidFor) a scan returns, in scan order.
inline std::vector<uint32_t> ScanNumbers(const IndexRelationInfo& index,
                                         std::vector<IndexScanKey> keys = {},
                                         ScanDirection direction = ScanDirection::kForward) {
  std::vector<uint32_t> out;
  for (const ItemPointerData& tid : ScanTids(index, std::move(keys), direction)) {
    out.push_back(NumberOfTid(tid));
  }
  return out;
}

inline IndexScanKey Key(int attno, BtStrategy strategy, Datum argument) {
  IndexScanKey key;
  key.attno = attno;
  key.strategy = strategy;
  key.argument = argument;
  return key;
}

// The verifier's problems, one per line ("" when there are none).
inline std::string JoinProblems(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += p + "\n";
  return out;
}

// Forks `count` workers running body(worker_index); a worker exits with the body's result
// (99 when it throws). Fails the test unless every worker exits with 0.
inline void RunWorkers(int count, const std::function<int(int)>& body) {
  std::vector<pid_t> pids;
  for (int worker = 0; worker < count; ++worker) {
    const pid_t pid = fork();
    if (pid == 0) {
      int code = 99;
      try {
        code = body(worker);
      } catch (const std::exception& e) {
        fprintf(stderr, "worker %d: %s\n", worker, e.what());
      }
      _exit(code);
    }
    ASSERT_GT(pid, 0);
    pids.push_back(pid);
  }
  for (const pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "worker killed by a signal";
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
}

// A page of memory shared with forked children (handshakes, counters).
template <typename T>
class SharedScratch {
 public:
  SharedScratch() {
    void* p = mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) std::abort();
    value_ = new (p) T();
  }
  ~SharedScratch() {
    value_->~T();
    munmap(value_, sizeof(T));
  }
  SharedScratch(const SharedScratch&) = delete;
  SharedScratch& operator=(const SharedScratch&) = delete;
  T* operator->() { return value_; }
  T& operator*() { return *value_; }

 private:
  T* value_;
};

class BtreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char cwd[PATH_MAX];
    ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
    old_cwd_ = cwd;
    char pattern[] = "/tmp/hyrax_btree_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ASSERT_EQ(chdir(dir_.c_str()), 0);
    g_shared_buffers = PoolSize();
    wal::g_fsync = false;  // durability across a real power loss is not what we test
    wal::g_full_page_writes = true;
    RegisterBtreeRmgr();
    wal::CheckpointHooks hooks;
    hooks.flush_all = [](bool is_shutdown) { CheckpointFlushAll(is_shutdown); };
    wal::SetCheckpointHooks(hooks);
    wal::SetFullPageImageRedoHook(RedoFullPageImage);
    CreateSharedMemory();
    wal::BootstrapXLog(42);
    wal::StartupXLog();
  }

  void TearDown() override {
    Smgr::CloseAll();
    shmem::DestroySegment();
    g_shared_buffers = 16384;
    ASSERT_EQ(chdir(old_cwd_.c_str()), 0);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Buffers in the pool; small enough that big tests evict and re-read pages.
  virtual int PoolSize() { return 512; }

  // Creates the index's file and builds it empty (metapage only).
  static void CreateEmptyIndex(const IndexRelationInfo& index) {
    Smgr::Create(index.locator, ForkNumber::kMain, false);
    BtreeBuilder builder(index);
    builder.Finish();
  }

  // Makes all WAL durable, drops shared memory (dirty buffers are lost) and runs crash
  // recovery in a fresh segment, as the postmaster's crash restart does.
  static void CrashAndRecover() {
    wal::XLogFlush(wal::GetXLogInsertRecPtr());
    CrashWithoutFlush();
  }
  static void CrashWithoutFlush() {
    shmem::DestroySegment();
    CreateSharedMemory();
    wal::StartupXLog();
  }

  static void Checkpoint() {
    wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  }

  // A private copy of every block of the index, as the pool sees it.
  static std::vector<std::string> SnapshotPages(const IndexRelationInfo& index) {
    std::vector<std::string> pages;
    const BlockNumber nblocks = BufferManager::NumBlocks(index.locator, ForkNumber::kMain);
    for (BlockNumber block = 0; block < nblocks; ++block) {
      PinnedBuffer pin = BufferManager::Read(index.locator, ForkNumber::kMain, block);
      BufferLock lock(pin, BufferLockMode::kShare);
      pages.emplace_back(lock.page(), kBlockSize);
    }
    return pages;
  }

  // Number of pages with INCOMPLETE_SPLIT set.
  static int CountIncompleteSplits(const IndexRelationInfo& index) {
    int count = 0;
    for (const std::string& page : SnapshotPages(index)) {
      if (PageIsNew(page.data())) continue;
      if ((btree::Opaque(page.data())->btpo_flags & btree::kBtpIncompleteSplit) != 0) ++count;
    }
    return count;
  }

  const std::string& dir() const { return dir_; }

 private:
  static void CreateSharedMemory() {
    shmem::CreateSegment(Smgr::ShmemSize() + BufferManager::ShmemSize() + wal::ShmemSize() +
                         256 * 1024);
    Smgr::ShmemInit();
    BufferManager::ShmemInit();
    wal::ShmemInit();
  }

  std::string old_cwd_;
  std::string dir_;
};

}  // namespace hyrax::storage::testing
