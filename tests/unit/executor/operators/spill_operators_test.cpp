// Hash join and hash aggregation past work_mem (executor/operators/hash*.cpp, agg_hash.cpp):
// at work_mem = 64kB every join type returns the rows it returns with everything in memory,
// whether the planner's estimate chose the batches or the table had to double them at run
// time; hashed grouping spills into partitions and still finds every group once; and no
// temporary file outlives the operators.
#include <algorithm>
#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "executor/exec/exec_state.h"
#include "executor/exec/work_mem.h"
#include "executor/operators/agg.h"
#include "executor/operators/hash.h"
#include "executor/operators/hash_join.h"
#include "storage/file/temp_file.h"
#include "tests/unit/executor/executor_test_support.h"
#include "tests/unit/storage/buffer/storage_test_env.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT
using Rows = std::vector<TestRow>;

class SpillOperatorsTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }
  void TearDown() override { g_work_mem_kb = 4096; }
  OperatorPtr Input(std::vector<Oid> types, Rows rows) {
    return std::make_unique<TestInputOperator>(&estate_, std::move(types), std::move(rows));
  }
  template <typename T>
  T* MakePlan() {
    auto p = std::make_shared<T>();
    plans_.push_back(p);
    return p.get();
  }

  struct JoinResult {
    Rows rows;
    int64_t batches = 0, batches_original = 0;
  };
  // outer (k, v) JOIN inner (k, w) ON outer.k = inner.k, returning (v, w); the Hash node's
  // row estimate is `inner_estimate`.
  JoinResult RunJoin(nodes::JoinType type, const Rows& outer, const Rows& inner,
                     double inner_estimate) {
    auto eq = FindOperator("=", kInt4, kInt4);
    auto* hash = MakePlan<nodes::Hash>();
    hash->hashkeys = {Var(nodes::kOuterVar, 1, kInt4)};
    hash->plan_rows = inner_estimate;
    hash->plan_width = 8;
    auto* join = MakePlan<nodes::HashJoin>();
    join->jointype = type;
    join->hashclauses = {Op("=", Var(nodes::kOuterVar, 1, kInt4), Var(nodes::kInnerVar, 1, kInt4))};
    join->hashoperators = {eq.oid};
    join->hashcollations = {kInvalidOid};
    join->hashkeys = {Var(nodes::kOuterVar, 1, kInt4)};
    join->targetlist = {Tle(Var(nodes::kOuterVar, 2, kInt4), 1)};
    if (type != nodes::JoinType::kSemi && type != nodes::JoinType::kAnti) {
      join->targetlist.push_back(Tle(Var(nodes::kInnerVar, 2, kInt4), 2));
    }
    auto hash_op = std::make_unique<HashOperator>(*hash, &estate_, Input({kInt4, kInt4}, inner));
    HashOperator* hash_raw = hash_op.get();
    JoinResult result;
    {
      HashJoinOperator hj(*join, &estate_, Input({kInt4, kInt4}, outer), std::move(hash_op));
      hj.Open();
      result.rows = Drain(&hj);
      result.batches = hash_raw->batches();
      result.batches_original = hash_raw->batches_original();
      hj.Close();
    }
    std::sort(result.rows.begin(), result.rows.end());
    return result;
  }

  storage::testing::TempDataDir dir_;
  ExecState estate_;
  std::vector<std::shared_ptr<nodes::Plan>> plans_;
};

// Keys with duplicates on both sides, NULL keys on both sides, keys only on one side.
Rows JoinSide(int n, int divisor, int null_every, int offset) {
  Rows rows;
  for (int i = 0; i < n; ++i) {
    std::optional<int64_t> key;
    if (i % null_every != 0) key = i / divisor + offset;
    rows.push_back({key, i});
  }
  return rows;
}

TEST_F(SpillOperatorsTest, HashJoinTypesAgreeAcrossBatches) {
  Rows outer = JoinSide(30000, 2, 50, 0);
  Rows inner = JoinSide(24000, 3, 70, 1000);
  using nodes::JoinType;
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                        JoinType::kSemi, JoinType::kAnti}) {
    g_work_mem_kb = 65536;
    JoinResult in_memory = RunJoin(type, outer, inner, 24000);
    EXPECT_EQ(in_memory.batches, 1);
    g_work_mem_kb = 64;
    JoinResult planned = RunJoin(type, outer, inner, 24000);
    EXPECT_GT(planned.batches_original, 1) << static_cast<int>(type);
    EXPECT_EQ(planned.rows, in_memory.rows) << static_cast<int>(type);
    // An estimate far too low: the batches double while the table is built.
    JoinResult grown = RunJoin(type, outer, inner, 10);
    EXPECT_EQ(grown.batches_original, 1);
    EXPECT_GT(grown.batches, 1);
    EXPECT_EQ(grown.rows, in_memory.rows) << static_cast<int>(type);
    EXPECT_EQ(storage::OpenTempFileCount(), 0);
  }
}

TEST_F(SpillOperatorsTest, HashAggregateSpillsAndFindsEveryGroupOnce) {
  auto g = Var(nodes::kOuterVar, 1, kInt4);
  auto v = Var(nodes::kOuterVar, 2, kInt4);
  auto* plan = MakePlan<nodes::Agg>();
  plan->aggstrategy = nodes::AggStrategy::kHashed;
  plan->targetlist = {Tle(g, 1), Tle(Agg("count", {}, 0, true), 2), Tle(Agg("sum", {v}, 1), 3)};
  plan->group.colIdx = {1};
  plan->group.eqOperators = {FindOperator("=", kInt4, kInt4).oid};
  plan->group.collations = {kInvalidOid};
  plan->numGroups = 200;  // a bad estimate: the spill is decided at run time
  Rows input;
  for (int i = 0; i < 60000; ++i) {
    std::optional<int64_t> key;
    if (i % 997 != 0) key = (i * 7) % 20011;
    input.push_back({key, i % 10});
  }
  // Expected groups computed here: (key, count, sum).
  std::map<std::optional<int64_t>, std::pair<int64_t, int64_t>> groups;
  for (const auto& row : input) {
    auto& [count, sum] = groups[row[0]];
    ++count;
    sum += *row[1];
  }
  Rows expected;
  for (const auto& [key, cs] : groups) expected.push_back({key, cs.first, cs.second});
  std::sort(expected.begin(), expected.end());

  g_work_mem_kb = 64;
  AggOperator agg(*plan, &estate_, Input({kInt4, kInt4}, input));
  agg.Open();
  Rows got = Drain(&agg);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
  EXPECT_GT(agg.hash_batches(), 1);
  EXPECT_GT(agg.hash_disk_kb(), 0);
  agg.Close();
  EXPECT_EQ(storage::OpenTempFileCount(), 0);
}

}  // namespace
}  // namespace hyrax::executor
