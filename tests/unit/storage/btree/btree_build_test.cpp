// Sorted bulk load: the built tree holds every entry in order and verifies, packs leaves
// to the fillfactor, accepts later insertions, survives a crash through its WAL images,
// and a unique build rejects live duplicates with PostgreSQL's message while ignoring
// dead ones and NULLs.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "tests/unit/storage/btree/btree_test_env.h"

namespace hyrax::storage::testing {
namespace {

class BtreeBuildTest : public BtreeTest {
 protected:
  int PoolSize() override { return 256; }

  // Builds `index` from keys[n] with entry numbers n; alive[n] defaults to true.
  static IndexBuildResult Build(const IndexRelationInfo& index, const std::vector<int32_t>& keys,
                                const std::vector<bool>& alive = {}) {
    Smgr::Create(index.locator, ForkNumber::kMain, false);
    BtreeBuilder builder(index, [](const Datum* values, const bool* isnull) {
      return std::optional<std::string>(
          isnull[0] ? "(id)=(null)" : "(id)=(" + std::to_string(DatumGetInt32(values[0])) + ")");
    });
    for (uint32_t n = 0; n < keys.size(); ++n) {
      const Datum value = Int32GetDatum(keys[n]);
      const bool isnull = false;
      builder.Add(&value, &isnull, TidFor(n), alive.empty() || alive[n]);
    }
    return builder.Finish();
  }

  static std::vector<uint32_t> SortedNumbers(const std::vector<int32_t>& keys) {
    std::vector<uint32_t> order(keys.size());
    for (uint32_t n = 0; n < keys.size(); ++n) order[n] = n;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return keys[x] != keys[y] ? keys[x] < keys[y] : x < y;
    });
    return order;
  }
};

TEST_F(BtreeBuildTest, BuiltTreeHoldsEverythingInOrderAndAcceptsInserts) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  std::vector<int32_t> keys(60000);
  std::mt19937 rng(1);
  for (int32_t& key : keys) key = static_cast<int32_t>(rng() % 20000);
  const IndexBuildResult result = Build(index, keys);
  EXPECT_EQ(result.index_tuples, 60000.0);
  EXPECT_EQ(result.num_pages, BufferManager::NumBlocks(index.locator, ForkNumber::kMain));
  EXPECT_EQ(result.levels, BtreeTreeHeight(index) + 1);
  EXPECT_GE(result.levels, 2u);
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_EQ(ScanNumbers(index), SortedNumbers(keys));
  // Leaves are packed to 90%: 60000 entries of 20 bytes fit in about 165 leaves.
  EXPECT_LT(result.num_pages, 175u);

  for (uint32_t n = 60000; n < 70000; ++n) {
    keys.push_back(static_cast<int32_t>(rng() % 20000));
    InsertInt4(index, keys.back(), n);
  }
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_EQ(ScanNumbers(index), SortedNumbers(keys));
}

TEST_F(BtreeBuildTest, EmptyBuildIsJustAMetapage) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  const IndexBuildResult result = Build(index, {});
  EXPECT_EQ(result.levels, 0u);
  EXPECT_EQ(result.num_pages, 1u);
  EXPECT_TRUE(ScanNumbers(index).empty());
  InsertInt4(index, 3, 0);
  EXPECT_EQ(ScanNumbers(index), std::vector<uint32_t>{0});
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
}

TEST_F(BtreeBuildTest, BuildSurvivesCrashThroughItsPageImages) {
  const IndexRelationInfo index = MakeIndex({Int4Column()});
  std::vector<int32_t> keys(30000);
  for (uint32_t n = 0; n < keys.size(); ++n) keys[n] = static_cast<int32_t>((n * 7919) % 30000);
  Build(index, keys);
  CrashAndRecover();
  EXPECT_EQ(JoinProblems(BtreeVerify(index)), "");
  EXPECT_EQ(ScanNumbers(index), SortedNumbers(keys));
}

TEST_F(BtreeBuildTest, UniqueBuildRejectsLiveDuplicates) {
  IndexRelationInfo index = MakeIndex({Int4Column()});
  index.unique = true;
  std::vector<int32_t> keys(5000);
  for (uint32_t n = 0; n < keys.size(); ++n) keys[n] = static_cast<int32_t>(n);
  keys[4321] = 7;
  try {
    Build(index, keys);
    FAIL() << "expected a unique violation";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUniqueViolation);
    EXPECT_EQ(e.message(), "could not create unique index \"test_idx\"");
    EXPECT_EQ(e.detail(), "Key (id)=(7) is duplicated.");
    EXPECT_EQ(e.constraint(), "test_idx");
    EXPECT_EQ(e.table(), "test_tab");
  }
}

TEST_F(BtreeBuildTest, UniqueBuildIgnoresDeadDuplicates) {
  IndexRelationInfo index = MakeIndex({Int4Column()});
  index.unique = true;
  std::vector<int32_t> keys{1, 2, 2, 3, 2};
  std::vector<bool> alive{true, false, true, true, false};
  Build(index, keys, alive);
  EXPECT_EQ(ScanNumbers(index, {Key(1, BtStrategy::kEqual, Int32GetDatum(2))}),
            (std::vector<uint32_t>{1, 2, 4}));
}

TEST_F(BtreeBuildTest, UniqueBuildTreatsNullsAsDistinctUnlessAskedNotTo) {
  for (const bool nulls_not_distinct : {false, true}) {
    IndexRelationInfo index = MakeIndex({Int4Column()}, {}, nulls_not_distinct ? 16801 : 16800);
    index.unique = true;
    index.nulls_not_distinct = nulls_not_distinct;
    Smgr::Create(index.locator, ForkNumber::kMain, false);
    BtreeBuilder builder(index);
    const Datum value = 0;
    const bool isnull = true;
    builder.Add(&value, &isnull, TidFor(1));
    builder.Add(&value, &isnull, TidFor(2));
    if (nulls_not_distinct) {
      try {
        builder.Finish();
        FAIL() << "expected a unique violation";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), errcode::kUniqueViolation);
        EXPECT_EQ(e.detail(), "Duplicate keys exist.");
      }
    } else {
      builder.Finish();
      EXPECT_EQ(ScanNumbers(index).size(), 2u);
    }
  }
}

}  // namespace
}  // namespace hyrax::storage::testing
