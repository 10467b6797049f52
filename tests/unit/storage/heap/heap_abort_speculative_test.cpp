// HeapAbortSpeculative, the super-delete of INSERT ... ON CONFLICT: the killed tuple is
// invisible at once to every snapshot (later commands, dirty snapshots, other transactions
// after commit), dead for VACUUM, reproduced by crash recovery, and only its inserting
// transaction may kill it.
#include "storage/heap/heap_wal.h"
#include "tests/unit/storage/heap/heap_test_env.h"

namespace hyrax::storage::testing {
namespace {

class HeapAbortSpeculativeTest : public HeapTestEnv {
 protected:
  // Whether `snapshot` sees the tuple at `tid` (no pruning, unlike HeapFetch).
  bool Sees(ItemPointerData tid, const SnapshotData& snapshot) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, tid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(
        PageGetItem(lock.page(), PageGetItemId(lock.page(), tid.offset())));
    return HeapTupleSatisfiesVisibility(tuple, snapshot, &lock);
  }
  HtsvResult VacuumStatus(ItemPointerData tid) {
    PinnedBuffer pin = BufferManager::Read(rel_.locator, ForkNumber::kMain, tid.block());
    BufferLock lock(pin, BufferLockMode::kShare);
    auto* tuple = reinterpret_cast<HeapTupleHeaderData*>(
        PageGetItem(lock.page(), PageGetItemId(lock.page(), tid.offset())));
    return HeapTupleSatisfiesVacuum(tuple, kInvalidTransactionId, &lock);
  }
};

TEST_F(HeapAbortSpeculativeTest, KilledTupleIsInvisibleToEveryoneAtOnce) {
  ItemPointerData kept, killed;
  Begin();
  Statement([&] {
    kept = Insert(1);
    killed = Insert(2);
    SnapshotData dirty;
    dirty.kind = SnapshotKind::kDirty;
    EXPECT_TRUE(Sees(killed, dirty));
    HeapAbortSpeculative(rel_, killed);
    EXPECT_FALSE(Sees(killed, dirty));
    EXPECT_TRUE(Sees(kept, dirty));
  });
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1}); });
  HeapTupleHeaderData header = RawHeader(killed);
  EXPECT_EQ(header.t_xmin, kInvalidTransactionId);
  EXPECT_TRUE(HeapXminInvalid(&header));
  EXPECT_EQ(VacuumStatus(killed), HtsvResult::kDead);
  Commit();
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{1}); });
}

TEST_F(HeapAbortSpeculativeTest, CrashRecoveryReplaysTheSuperDelete) {
  Begin();
  Statement([&] {
    for (int id = 0; id < 20; ++id) {
      ItemPointerData tid = Insert(id);
      if (id % 3 == 0) HeapAbortSpeculative(rel_, tid);
    }
  });
  Commit();
  wal::XLogFlush(wal::GetXLogInsertRecPtr());
  std::vector<std::vector<char>> expected = MaskedPages();
  Crash();
  StartUp();
  ExpectSamePages(expected, MaskedPages());
  std::vector<int32_t> want;
  for (int id = 0; id < 20; ++id) {
    if (id % 3 != 0) want.push_back(id);
  }
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), want); });
}

TEST_F(HeapAbortSpeculativeTest, OnlyTheInsertingTransactionMayKillATuple) {
  ItemPointerData tid;
  Statement([&] { tid = Insert(7); });
  Begin();
  Statement([&] { EXPECT_THROW(HeapAbortSpeculative(rel_, tid), Error); });
  Rollback();
  Statement([&] { EXPECT_EQ(ScanIds(GetTransactionSnapshot()), std::vector<int32_t>{7}); });
}

}  // namespace
}  // namespace hyrax::storage::testing
