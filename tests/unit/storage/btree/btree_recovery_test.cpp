// Crash recovery: after inserts with splits (and new roots), a checkpoint in the middle
// (so later changes log full-page images), bulk deletes and more inserts, dropping shared
// memory and replaying the WAL reproduces every page byte for byte (after masking hints);
// without the final flush, every entry made durable before is still there. Splits
// interrupted between the split and the parent update, by an error or a crash, leave
// INCOMPLETE_SPLIT pages that the verifier accepts and the next insertions finish.
#include <algorithm>
#include <atomic>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "storage/btree/btree_write.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeRecoveryTest : public BtreeTest {
 protected:
  int PoolSize() override { return 96; }

  void SetUp() override {
    BtreeTest::SetUp();
    index_ = MakeIndex({TextColumn()}, {Int4Column()});
    CreateEmptyIndex(index_);
  }
  void TearDown() override {
    btree::g_after_split_hook_for_testing = nullptr;
    BtreeTest::TearDown();
  }

  // Keys of varying length so that splits land at varying points.
  static std::string KeyText(uint32_t n) {
    return "key" + std::to_string((n * 2654435761u) % 1000003) + std::string(n % 50, '.');
  }
  void Insert(uint32_t n) {
    const Datum values[2] = {CStringGetTextDatum(KeyText(n)),
                             Int32GetDatum(static_cast<int32_t>(n))};
    const bool isnull[2] = {false, false};
    BtreeInsert(index_, values, isnull, TidFor(n), IndexUniqueCheck::kNo, nullptr);
  }
  std::set<uint32_t> AllEntries() {
    const std::vector<uint32_t> scanned = ScanNumbers(index_);
    std::set<uint32_t> out(scanned.begin(), scanned.end());
    EXPECT_EQ(out.size(), scanned.size()) << "an entry was returned twice";
    return out;
  }
  static std::set<uint32_t> Range(uint32_t from, uint32_t to) {
    std::set<uint32_t> out;
    for (uint32_t n = from; n < to; ++n) out.insert(n);
    return out;
  }

  MemoryContext context_{"test"};
  MemoryContextScope scope_{&context_};
  IndexRelationInfo index_;
};

TEST_F(BtreeRecoveryTest, ReplayReproducesEveryPage) {
  for (uint32_t n = 0; n < 8000; ++n) Insert(n);
  Checkpoint();
  for (uint32_t n = 8000; n < 16000; ++n) Insert(n);
  BtreeBulkDelete(index_, [](ItemPointerData tid) { return NumberOfTid(tid) % 5 == 0; });
  for (uint32_t n = 16000; n < 20000; ++n) Insert(n);
  ASSERT_GE(BtreeTreeHeight(index_), 1u);

  std::vector<std::string> before = SnapshotPages(index_);
  CrashAndRecover();
  std::vector<std::string> after = SnapshotPages(index_);
  ASSERT_EQ(after.size(), before.size());
  for (size_t block = 0; block < before.size(); ++block) {
    BtreeMaskPage(before[block].data());
    BtreeMaskPage(after[block].data());
    EXPECT_TRUE(before[block] == after[block]) << "block " << block << " differs after replay";
  }
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  std::set<uint32_t> expected;
  for (uint32_t n = 0; n < 20000; ++n) {
    if (n >= 16000 || n % 5 != 0) expected.insert(n);
  }
  EXPECT_EQ(AllEntries(), expected);
}

TEST_F(BtreeRecoveryTest, DurableEntriesSurviveLosingTheUnflushedTail) {
  for (uint32_t n = 0; n < 6000; ++n) Insert(n);
  wal::XLogFlush(wal::GetXLogInsertRecPtr());  // as a commit would
  for (uint32_t n = 6000; n < 9000; ++n) Insert(n);
  CrashWithoutFlush();
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  const std::set<uint32_t> found = AllEntries();
  for (uint32_t n = 0; n < 6000; ++n) ASSERT_EQ(found.count(n), 1u) << "lost entry " << n;
  for (uint32_t n : found) ASSERT_LT(n, 9000u);
  // The index keeps working after recovery.
  for (uint32_t n = 9000; n < 10000; ++n) Insert(n);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
}

void ThrowAfterSplit() {
  throw MakeError(errcode::kOutOfMemory, "simulated failure after a page split");
}

TEST_F(BtreeRecoveryTest, RootSplitInterruptedByErrorIsFinishedByNextInsert) {
  uint32_t n = 0;
  btree::g_after_split_hook_for_testing = ThrowAfterSplit;
  bool failed = false;
  for (; n < 2000 && !failed; ++n) {
    try {
      Insert(n);
    } catch (const Error& e) {
      failed = true;
    }
  }
  btree::g_after_split_hook_for_testing = nullptr;
  ASSERT_TRUE(failed);
  // The root split but no new root exists: two pages on the top level.
  EXPECT_EQ(CountIncompleteSplits(index_), 1);
  EXPECT_EQ(BtreeTreeHeight(index_), 0u);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  EXPECT_EQ(AllEntries(), Range(0, n));  // the failing entry itself went in with the split
  Insert(n++);
  EXPECT_EQ(CountIncompleteSplits(index_), 0);
  EXPECT_EQ(BtreeTreeHeight(index_), 1u);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  EXPECT_EQ(AllEntries(), Range(0, n));
}

TEST_F(BtreeRecoveryTest, LeafSplitInterruptedByErrorIsFinishedWhenPassedThrough) {
  uint32_t n = 0;
  for (; n < 3000; ++n) Insert(n);
  ASSERT_GE(BtreeTreeHeight(index_), 1u);
  btree::g_after_split_hook_for_testing = ThrowAfterSplit;
  bool failed = false;
  for (; n < 6000 && !failed; ++n) {
    try {
      Insert(n);
    } catch (const Error& e) {
      failed = true;
    }
  }
  btree::g_after_split_hook_for_testing = nullptr;
  ASSERT_TRUE(failed);
  EXPECT_EQ(CountIncompleteSplits(index_), 1);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  EXPECT_EQ(AllEntries(), Range(0, n));
  // Insertions everywhere: the one that passes the interrupted page finishes its split.
  for (uint32_t more = 0; more < 2000; ++more) Insert(n++);
  EXPECT_EQ(CountIncompleteSplits(index_), 0);
  EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
  EXPECT_EQ(AllEntries(), Range(0, n));
}

// A child process inserts until a split has been WAL-logged, makes the WAL durable and
// exits on the spot, holding its buffer locks, before the parent is updated.
struct CrashProgress {
  std::atomic<uint32_t> attempting{0};
};
CrashProgress* g_progress = nullptr;
void FlushAndDie() {
  wal::XLogFlush(wal::GetXLogInsertRecPtr());
  _exit(0);
}

TEST_F(BtreeRecoveryTest, CrashBetweenSplitAndParentInsertIsRepairedAfterRecovery) {
  for (const uint32_t start : {0u, 4000u}) {
    // First round: the root's first split; second round: a split below a root.
    SharedScratch<CrashProgress> progress;
    g_progress = &*progress;
    RunWorkers(1, [&](int) {
      btree::g_after_split_hook_for_testing = FlushAndDie;
      for (uint32_t n = start; n < start + 4000; ++n) {
        g_progress->attempting = n;
        Insert(n);
      }
      return 1;  // no split happened: fail
    });
    CrashWithoutFlush();
    const uint32_t last = progress->attempting;
    EXPECT_EQ(CountIncompleteSplits(index_), 1);
    EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
    std::set<uint32_t> expected = Range(0, last + 1);
    EXPECT_EQ(AllEntries(), expected);
    // Finish it by inserting the rest of the round.
    for (uint32_t n = last + 1; n < start + 4000; ++n) Insert(n);
    EXPECT_EQ(CountIncompleteSplits(index_), 0);
    EXPECT_EQ(JoinProblems(BtreeVerify(index_)), "");
    EXPECT_EQ(AllEntries(), Range(0, start + 4000));
  }
}

}  // namespace
}  // namespace hyrax::storage::testing
