// The amcheck-style checker (BtreeCheck): sound multi-level trees (ASC, DESC, NULLS FIRST,
// two columns) pass both check modes and rootdescend; deliberate corruptions — two keys
// swapped, a broken right-link, a high key too low or too high, a wrong parent separator,
// an orphan page, a garbage page header, a tuple whose size disagrees with its line
// pointer — are each reported with their invariant; the
// leaf fingerprints of heapallindexed find exactly the (key, TID) pairs inserted; and the
// lighter check tolerates concurrent splits from other processes.
#include "storage/btree/btree_check.h"

#include <atomic>
#include <cstring>
#include <random>
#include <sched.h>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/btree/btree_search.h"
#include "storage/btree/btree_tuple.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

using btree::BtPageOpaqueData;

class BtreeCheckTest : public BtreeTest {
 protected:
  int PoolSize() override { return 256; }

  // An int4 index with keys 0..count-1 inserted in a shuffled order (many splits).
  IndexRelationInfo BuildInt4Index(int32_t count, bool desc = false, Oid rel_number = 16500) {
    IndexRelationInfo index = MakeIndex({Int4Column(desc)}, {}, rel_number);
    CreateEmptyIndex(index);
    std::vector<int32_t> keys(count);
    for (int32_t key = 0; key < count; ++key) keys[key] = key;
    std::shuffle(keys.begin(), keys.end(), std::mt19937(7));
    for (const int32_t key : keys) InsertInt4(index, key, static_cast<uint32_t>(key));
    return index;
  }

  static std::vector<BtreeProblem> Check(const IndexRelationInfo& index, bool parent_check,
                                         bool rootdescend = false) {
    BtreeCheckOptions options;
    options.parent_check = parent_check;
    options.rootdescend = rootdescend;
    return BtreeCheck(index, options);
  }

  static std::string Describe(const std::vector<BtreeProblem>& problems) {
    std::string out;
    for (const BtreeProblem& problem : problems) out += DescribeProblem(problem) + "\n";
    return out;
  }

  static bool Reports(const std::vector<BtreeProblem>& problems, BtreeInvariant invariant) {
    for (const BtreeProblem& problem : problems) {
      if (problem.invariant == invariant) return true;
    }
    return false;
  }

  // Runs `change` on block `block`'s bytes under an exclusive lock (not WAL-logged: the
  // corruption lives in the buffer pool, where the checker reads it).
  static void Corrupt(const IndexRelationInfo& index, BlockNumber block,
                      const std::function<void(char* page)>& change) {
    PinnedBuffer pin = BufferManager::Read(index.locator, ForkNumber::kMain, block);
    BufferLock lock(pin, BufferLockMode::kExclusive);
    change(lock.page());
    lock.MarkDirty();
  }

  // The blocks of `level` from left to right.
  static std::vector<BlockNumber> LevelBlocks(const IndexRelationInfo& index, uint32_t level) {
    std::vector<BlockNumber> blocks;
    BlockNumber block = btree::GetEndpoint(index, level, false).block();
    while (block != btree::kNoBlock) {
      blocks.push_back(block);
      const btree::BtPage page = btree::BtPage::Read(index, block, BufferLockMode::kShare);
      block = page.opaque()->btpo_next;
    }
    return blocks;
  }

  // The int4 value stored in item `off` of `page` (leaf tuples and untruncated pivots
  // without NULLs keep it right after the 8-byte header).
  static int32_t* Int4At(char* page, OffsetNumber off) {
    return reinterpret_cast<int32_t*>(PageGetItem(page, PageGetItemId(page, off)) + 8);
  }

  MemoryContext context_{"test"};
  MemoryContextScope scope_{&context_};
};

TEST_F(BtreeCheckTest, SoundMultiLevelTreesPassEveryMode) {
  Oid rel_number = 16500;
  for (const bool desc : {false, true}) {
    const IndexRelationInfo index = BuildInt4Index(30000, desc, rel_number++);
    ASSERT_GE(BtreeTreeHeight(index), 1u);
    EXPECT_EQ(Describe(Check(index, false)), "") << "desc " << desc;
    EXPECT_EQ(Describe(Check(index, true, true)), "") << "desc " << desc;
  }
}

TEST_F(BtreeCheckTest, TwoColumnIndexWithNullsFirstPasses) {
  IndexRelationInfo index = MakeIndex({TextColumn(false, true), Int8Column(true)});
  CreateEmptyIndex(index);
  std::mt19937 rng(3);
  for (uint32_t n = 0; n < 12000; ++n) {
    const std::string text = "k" + std::to_string(rng() % 500);
    Datum values[2] = {CStringGetTextDatum(text), Int64GetDatum(static_cast<int64_t>(rng() % 50))};
    bool isnull[2] = {n % 37 == 0, n % 41 == 0};
    BtreeInsert(index, values, isnull, TidFor(n), IndexUniqueCheck::kNo, nullptr);
  }
  ASSERT_GE(BtreeTreeHeight(index), 1u);
  EXPECT_EQ(Describe(Check(index, false)), "");
  EXPECT_EQ(Describe(Check(index, true, true)), "");
}

TEST_F(BtreeCheckTest, SwappedKeysBreakItemOrder) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const BlockNumber leaf = LevelBlocks(index, 0)[1];
  Corrupt(index, leaf, [](char* page) {
    ItemIdData* a = PageGetItemId(page, 3);
    ItemIdData* b = PageGetItemId(page, 4);
    std::swap(*a, *b);
  });
  for (const bool parent_check : {false, true}) {
    const std::vector<BtreeProblem> problems = Check(index, parent_check);
    ASSERT_TRUE(Reports(problems, BtreeInvariant::kItemOrder)) << Describe(problems);
    EXPECT_EQ(problems.front().block, leaf);
    EXPECT_EQ(problems.front().text, "items 3 and 4 are out of order");
  }
}

TEST_F(BtreeCheckTest, BrokenRightLinkIsReported) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const std::vector<BlockNumber> leaves = LevelBlocks(index, 0);
  ASSERT_GE(leaves.size(), 4u);
  // The first leaf skips the second: the third's left-link no longer matches the walk.
  Corrupt(index, leaves[0], [&](char* page) { btree::Opaque(page)->btpo_next = leaves[2]; });
  const std::vector<BtreeProblem> light = Check(index, false);
  EXPECT_TRUE(Reports(light, BtreeInvariant::kSiblingLinks)) << Describe(light);
  const std::vector<BtreeProblem> full = Check(index, true);
  EXPECT_TRUE(Reports(full, BtreeInvariant::kSiblingLinks)) << Describe(full);
  EXPECT_TRUE(Reports(full, BtreeInvariant::kParentChild)) << Describe(full);
}

TEST_F(BtreeCheckTest, RightLinkCycleEndsTheWalk) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const std::vector<BlockNumber> leaves = LevelBlocks(index, 0);
  Corrupt(index, leaves[2], [&](char* page) { btree::Opaque(page)->btpo_next = leaves[1]; });
  const std::vector<BtreeProblem> problems = Check(index, false);
  EXPECT_TRUE(Reports(problems, BtreeInvariant::kSiblingLinks)) << Describe(problems);
}

TEST_F(BtreeCheckTest, HighKeyBelowItsItemsIsReported) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const BlockNumber leaf = LevelBlocks(index, 0)[1];
  Corrupt(index, leaf, [](char* page) { *Int4At(page, btree::kHighKeyOffset) -= 10; });
  for (const bool parent_check : {false, true}) {
    const std::vector<BtreeProblem> problems = Check(index, parent_check);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems.front().invariant, BtreeInvariant::kHighKey) << Describe(problems);
    EXPECT_EQ(problems.front().block, leaf);
  }
}

TEST_F(BtreeCheckTest, HighKeyAboveTheRightSiblingsFirstKeyIsReported) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const std::vector<BlockNumber> leaves = LevelBlocks(index, 0);
  Corrupt(index, leaves[1], [](char* page) { *Int4At(page, btree::kHighKeyOffset) += 10; });
  const std::vector<BtreeProblem> problems = Check(index, false);
  ASSERT_TRUE(Reports(problems, BtreeInvariant::kCrossPage)) << Describe(problems);
  EXPECT_EQ(problems.front().block, leaves[2]);
}

TEST_F(BtreeCheckTest, WrongParentSeparatorNeedsTheParentCheck) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  ASSERT_EQ(BtreeTreeHeight(index), 1u);
  const BlockNumber root = LevelBlocks(index, 1)[0];
  // Item 2 of the root (the first after minus infinity) separates the first two leaves.
  Corrupt(index, root, [](char* page) { *Int4At(page, 2) -= 1; });
  EXPECT_EQ(Describe(Check(index, false)), "");
  const std::vector<BtreeProblem> problems = Check(index, true);
  ASSERT_TRUE(Reports(problems, BtreeInvariant::kParentChild)) << Describe(problems);
  EXPECT_EQ(problems.front().text, "downlink key differs from the left sibling's high key");
}

TEST_F(BtreeCheckTest, OrphanPageNeedsTheParentCheck) {
  const IndexRelationInfo index = BuildInt4Index(2000);
  BlockNumber orphan = btree::kNoBlock;
  {
    btree::BtPage page = btree::BtPage::Extend(index);
    btree::InitBtreePage(page.page(), 0, btree::kBtpLeaf, btree::kNoBlock, btree::kNoBlock);
    page.MarkDirty();
    orphan = page.block();
  }
  EXPECT_EQ(Describe(Check(index, false)), "");
  const std::vector<BtreeProblem> problems = Check(index, true);
  ASSERT_EQ(problems.size(), 1u) << Describe(problems);
  EXPECT_EQ(problems[0].invariant, BtreeInvariant::kUnreachable);
  EXPECT_EQ(problems[0].block, orphan);
}

TEST_F(BtreeCheckTest, GarbagePageHeaderIsReportedNotRead) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const BlockNumber leaf = LevelBlocks(index, 0)[2];
  Corrupt(index, leaf, [](char* page) { GetPageHeader(page)->pd_special = 100; });
  const std::vector<BtreeProblem> problems = Check(index, false);
  ASSERT_TRUE(Reports(problems, BtreeInvariant::kPageHeader)) << Describe(problems);
}

TEST_F(BtreeCheckTest, TupleSizeMismatchIsReportedWithoutComparingKeys) {
  const IndexRelationInfo index = BuildInt4Index(5000);
  const BlockNumber leaf = LevelBlocks(index, 0)[1];
  Corrupt(index, leaf, [](char* page) {
    char* tuple = PageGetItem(page, PageGetItemId(page, 5));
    reinterpret_cast<btree::IndexTupleData*>(tuple)->t_info += 8;
  });
  const std::vector<BtreeProblem> problems = Check(index, true);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().invariant, BtreeInvariant::kTupleFormat) << Describe(problems);
  EXPECT_EQ(problems.front().text, "item 5 size does not match its line pointer");
  EXPECT_FALSE(Reports(problems, BtreeInvariant::kItemOrder)) << Describe(problems);
}

TEST_F(BtreeCheckTest, ProblemErrorCarriesAmchecksMessage) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  const BtreeProblem problem{BtreeInvariant::kItemOrder, 7, "items 3 and 4 are out of order"};
  const Error error = BtreeProblemError(index, problem);
  EXPECT_EQ(error.code(), errcode::kIndexCorrupted);
  EXPECT_EQ(error.message(), "item order invariant violated for index \"test_idx\"");
  EXPECT_EQ(error.detail(), "Block 7: items 3 and 4 are out of order.");
}

TEST_F(BtreeCheckTest, LeafFingerprintsHoldExactlyTheInsertedEntries) {
  const IndexRelationInfo index = BuildInt4Index(3000);
  BtreeLeafFingerprints fingerprints(index);
  BtreeCheckOptions options;
  options.visit_leaf_tuple = [&](const char* tuple) { fingerprints.Add(tuple); };
  ASSERT_EQ(Describe(BtreeCheck(index, options)), "");
  EXPECT_EQ(fingerprints.size(), 3000u);
  const bool isnull = false;
  for (const int32_t key : {0, 1234, 2999}) {
    const Datum value = Int32GetDatum(key);
    EXPECT_TRUE(fingerprints.Contains(&value, &isnull, TidFor(static_cast<uint32_t>(key))));
    // The right key at another TID, or another key at the right TID, is missing.
    EXPECT_FALSE(fingerprints.Contains(&value, &isnull, TidFor(static_cast<uint32_t>(key + 1))));
    const Datum other = Int32GetDatum(key + 5000);
    EXPECT_FALSE(fingerprints.Contains(&other, &isnull, TidFor(static_cast<uint32_t>(key))));
  }
}

TEST_F(BtreeCheckTest, LightCheckToleratesConcurrentSplits) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  CreateEmptyIndex(index);
  for (int32_t key = 0; key < 20000; key += 4) InsertInt4(index, key, static_cast<uint32_t>(key));
  struct Handshake {
    std::atomic<int> writers_done{0};
    std::atomic<int> checks{0};
  };
  SharedScratch<Handshake> shake;
  constexpr int kWriters = 2;
  RunWorkers(kWriters + 1, [&](int worker) {
    if (worker == kWriters) {
      for (;;) {
        const bool writers_finished = shake->writers_done.load() == kWriters;
        BtreeCheckOptions options;
        options.parent_check = false;
        const std::vector<BtreeProblem> problems = BtreeCheck(index, options);
        if (!problems.empty()) {
          fprintf(stderr, "%s", Describe(problems).c_str());
          return 10;
        }
        ++shake->checks;
        if (writers_finished) return 0;
      }
    }
    std::vector<int32_t> keys;
    for (int32_t key = 1 + worker; key < 80000; key += 4) keys.push_back(key);
    std::shuffle(keys.begin(), keys.end(), std::mt19937(worker));
    for (const int32_t key : keys) InsertInt4(index, key, static_cast<uint32_t>(key));
    ++shake->writers_done;
    return 0;
  });
  EXPECT_GE(shake->checks.load(), 1);
  EXPECT_EQ(Describe(Check(index, true, true)), "");
}

}  // namespace
}  // namespace hyrax::storage::testing
