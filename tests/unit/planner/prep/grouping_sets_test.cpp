// Grouping-set expansion and rollup extraction (planner/prep/grouping_sets.h): PostgreSQL's
// expansion order and limits, the rollups its bipartite matching finds (which decide
// EXPLAIN's Group Key / Sort Key lines), the ORDER BY-driven column order of a rollup, and
// the PostgreSQL-compatible quicksort the sets are ordered with.
#include "planner/prep/grouping_sets.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "common/pg_qsort.h"
#include "planner/prep/bipartite_match.h"

namespace hyrax::planner {
namespace {

using nodes::GroupingSet;
using nodes::GroupingSetKind;

GroupingSet Simple(std::vector<nodes::Index> refs) {
  GroupingSet gs;
  gs.kind = GroupingSetKind::kSimple;
  gs.refs = std::move(refs);
  return gs;
}

GroupingSet Node(GroupingSetKind kind, std::vector<GroupingSet> content) {
  GroupingSet gs;
  gs.kind = kind;
  gs.content = std::move(content);
  return gs;
}

GroupingSet Rollup(std::vector<nodes::Index> refs) {
  std::vector<GroupingSet> items;
  for (auto r : refs) items.push_back(Simple({r}));
  return Node(GroupingSetKind::kRollup, std::move(items));
}

GroupingSet Cube(std::vector<nodes::Index> refs) {
  std::vector<GroupingSet> items;
  for (auto r : refs) items.push_back(Simple({r}));
  return Node(GroupingSetKind::kCube, std::move(items));
}

TEST(GroupingSetsTest, RollupExpandsToPrefixesSmallestFirst) {
  auto sets = ExpandGroupingSets({Rollup({1, 2, 3})}, false, -1);
  ASSERT_TRUE(sets.has_value());
  EXPECT_EQ(*sets, (GroupingSetList{{}, {1}, {1, 2}, {1, 2, 3}}));
}

TEST(GroupingSetsTest, PlainColumnsMultiplyWithSets) {
  // GROUP BY a, ROLLUP (b): (a, b), (a).
  auto sets = ExpandGroupingSets({Simple({1}), Rollup({2})}, false, -1);
  ASSERT_TRUE(sets.has_value());
  EXPECT_EQ(*sets, (GroupingSetList{{1}, {1, 2}}));
}

TEST(GroupingSetsTest, CubeHasEverySubsetAndDuplicatesCollapseWithinASet) {
  auto sets = ExpandGroupingSets({Cube({1, 2}), Simple({1})}, false, -1);
  ASSERT_TRUE(sets.has_value());
  ASSERT_EQ(sets->size(), 4u);
  for (const auto& set : *sets) {
    EXPECT_NE(std::find(set.begin(), set.end(), 1u), set.end());
    EXPECT_LE(set.size(), 2u);  // (a, b, a) became (a, b)
  }
}

TEST(GroupingSetsTest, GroupByDistinctRemovesDuplicateSets) {
  auto all = ExpandGroupingSets({Rollup({1}), Rollup({1})}, false, -1);
  auto distinct = ExpandGroupingSets({Rollup({1}), Rollup({1})}, true, -1);
  ASSERT_TRUE(all.has_value() && distinct.has_value());
  EXPECT_EQ(all->size(), 4u);
  EXPECT_EQ(*distinct, (GroupingSetList{{}, {1}}));
}

TEST(GroupingSetsTest, LimitReportsTooManySets) {
  std::vector<GroupingSet> four_cubes(4, Cube({1, 2, 3, 4}));  // 16^4 = 65536 sets
  EXPECT_FALSE(ExpandGroupingSets(four_cubes, false, 4096).has_value());
  std::vector<GroupingSet> three_cubes(3, Cube({1, 2, 3, 4}));  // 4096
  EXPECT_TRUE(ExpandGroupingSets(three_cubes, false, 4096).has_value());
}

TEST(GroupingSetsTest, CubeOfThreeSplitsIntoPostgresRollups) {
  // PostgreSQL 15 plans CUBE (a, b, c) as Group Key (a, b, c), (a, b), (a), (); Sort Key
  // b, c with (b, c), (b); Sort Key c, a with (c, a), (c).
  auto sets = ExpandGroupingSets({Cube({1, 2, 3})}, false, -1);
  ASSERT_TRUE(sets.has_value());
  std::vector<GroupingSetList> chains = ExtractRollupSets(*sets);
  ASSERT_EQ(chains.size(), 3u);
  EXPECT_EQ(ReorderGroupingSets(chains[0], {}), (GroupingSetList{{1, 2, 3}, {1, 2}, {1}, {}}));
  EXPECT_EQ(ReorderGroupingSets(chains[1], {}), (GroupingSetList{{2, 3}, {2}}));
  EXPECT_EQ(ReorderGroupingSets(chains[2], {}), (GroupingSetList{{3, 1}, {3}}));
}

TEST(GroupingSetsTest, EmptySetsGoToTheFirstRollup) {
  auto sets = ExpandGroupingSets(
      {Node(GroupingSetKind::kSets, {Simple({1}), Simple({2}), Node(GroupingSetKind::kEmpty, {})})},
      false, -1);
  ASSERT_TRUE(sets.has_value());
  std::vector<GroupingSetList> chains = ExtractRollupSets(*sets);
  ASSERT_EQ(chains.size(), 2u);
  EXPECT_EQ(chains[0], (GroupingSetList{{}, {1}}));
  EXPECT_EQ(chains[1], (GroupingSetList{{2}}));
}

TEST(GroupingSetsTest, OnlyEmptySetsMakeOneRollup) {
  std::vector<GroupingSetList> chains = ExtractRollupSets({{}, {}});
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].size(), 2u);
}

TEST(GroupingSetsTest, ReorderFollowsTheOrderByWhileItFits) {
  // ROLLUP (b, a) with ORDER BY a, b: the sets (b) and (b, a) cannot start with a.
  EXPECT_EQ(ReorderGroupingSets({{}, {2}, {2, 1}}, {1, 2}), (GroupingSetList{{2, 1}, {2}, {}}));
  // GROUPING SETS ((a, b), (a, b, c)) with ORDER BY a, c, b.
  EXPECT_EQ(ReorderGroupingSets({{2, 1}, {3, 2, 1}}, {1, 3, 2}),
            (GroupingSetList{{1, 2, 3}, {1, 2}}));
  EXPECT_EQ(ReorderGroupingSets({{2, 1}, {3, 2, 1}}, {1, 2, 3}),
            (GroupingSetList{{1, 2, 3}, {1, 2}}));
}

TEST(GroupingSetsTest, BipartiteMatchingIsMaximum) {
  // u1 -> {v1, v2}, u2 -> {v1}, u3 -> {v2, v3}: all three can be matched.
  BipartiteMatching m = MatchBipartite(3, 3, {{}, {1, 2}, {1}, {2, 3}});
  int matched = 0;
  for (int u = 1; u <= 3; ++u) {
    if (m.pair_uv[u] != 0) {
      ++matched;
      EXPECT_EQ(m.pair_vu[m.pair_uv[u]], u);
    }
  }
  EXPECT_EQ(matched, 3);
}

TEST(GroupingSetsTest, PgQsortSorts) {
  std::mt19937 rng(42);
  for (int n : {0, 1, 5, 7, 8, 41, 300}) {
    std::vector<int> v(static_cast<size_t>(n));
    for (auto& x : v) x = static_cast<int>(rng() % 10);
    std::vector<int> want = v;
    std::sort(want.begin(), want.end());
    PgQsort(v, [](int a, int b) { return a < b ? -1 : a > b ? 1 : 0; });
    EXPECT_EQ(v, want) << "n=" << n;
  }
}

}  // namespace
}  // namespace hyrax::planner
