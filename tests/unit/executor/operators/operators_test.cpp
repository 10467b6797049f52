// Operators over an in-memory input: Sort (directions, NULL placement, top-N bound),
// Limit/OFFSET (incl. errors), Agg (plain over empty and non-empty input, sorted, hashed,
// HAVING, strict transition semantics), NestLoop (inner/left/anti, rescans of the inner
// side, nestParams), ValuesScan, Result; instrumentation counts rows and loops.
#include <algorithm>

#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/exec/exec_state.h"
#include "executor/operators/agg.h"
#include "executor/operators/hash.h"
#include "executor/operators/hash_join.h"
#include "executor/operators/limit.h"
#include "executor/operators/material.h"
#include "executor/operators/nest_loop.h"
#include "executor/operators/result.h"
#include "executor/operators/sort.h"
#include "executor/operators/values_scan.h"
#include "tests/unit/executor/executor_test_support.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT
using Rows = std::vector<TestRow>;

class OperatorsTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }
  OperatorPtr Input(std::vector<Oid> types, Rows rows) {
    return std::make_unique<TestInputOperator>(&estate_, std::move(types), std::move(rows));
  }
  // Keeps plan nodes alive for the operators built from them.
  template <typename T>
  T* MakePlan() {
    auto p = std::make_shared<T>();
    plans_.push_back(p);
    return p.get();
  }
  nodes::SortColumns SortOn(int col, const char* op, bool nulls_first) {
    nodes::SortColumns s;
    s.sortColIdx = {static_cast<nodes::AttrNumber>(col)};
    s.sortOperators = {FindOperator(op, kInt4, kInt4).oid};
    s.collations = {kInvalidOid};
    s.nullsFirst = {nulls_first};
    return s;
  }

  ExecState estate_;
  std::vector<std::shared_ptr<nodes::Plan>> plans_;
};

TEST_F(OperatorsTest, SortOrdersByOperatorWithNullPlacement) {
  Rows input = {{3}, {std::nullopt}, {1}, {2}};
  auto* asc = MakePlan<nodes::Sort>();
  asc->sort = SortOn(1, "<", false);
  SortOperator sort(*asc, &estate_, Input({kInt4}, input));
  sort.Open();
  EXPECT_EQ(Drain(&sort), (Rows{{1}, {2}, {3}, {std::nullopt}}));
  sort.Close();

  auto* desc = MakePlan<nodes::Sort>();
  desc->sort = SortOn(1, ">", true);  // ORDER BY a DESC (NULLS FIRST is the default)
  SortOperator sort_desc(*desc, &estate_, Input({kInt4}, input));
  sort_desc.Open();
  EXPECT_EQ(Drain(&sort_desc), (Rows{{std::nullopt}, {3}, {2}, {1}}));
  EXPECT_EQ(sort_desc.sort_stats().method, "quicksort");
}

TEST_F(OperatorsTest, LimitOffsetAndTopNSort) {
  Rows input;
  for (int i = 10; i >= 1; --i) input.push_back({i});
  auto* sort_plan = MakePlan<nodes::Sort>();
  sort_plan->sort = SortOn(1, "<", false);
  auto* limit_plan = MakePlan<nodes::Limit>();
  limit_plan->limitCount = Int8(2);
  limit_plan->limitOffset = Int8(1);
  auto sort = std::make_unique<SortOperator>(*sort_plan, &estate_, Input({kInt4}, input));
  SortOperator* sort_raw = sort.get();
  LimitOperator limit(*limit_plan, &estate_, std::move(sort));
  limit.Open();
  EXPECT_EQ(Drain(&limit), (Rows{{2}, {3}}));
  // 10 input rows > 2 * (offset + count): PostgreSQL's bounded heap sort.
  EXPECT_EQ(sort_raw->sort_stats().method, "top-N heapsort");
  // Rescan returns the same rows again.
  limit.ReScan();
  EXPECT_EQ(Drain(&limit), (Rows{{2}, {3}}));
}

TEST_F(OperatorsTest, NegativeLimitAndOffsetRaiseErrors) {
  auto* plan = MakePlan<nodes::Limit>();
  plan->limitCount = Int8(-1);
  LimitOperator limit(*plan, &estate_, Input({kInt4}, {{1}}));
  limit.Open();
  try {
    limit.Next();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidRowCountInLimitClause);
    EXPECT_EQ(e.message(), "LIMIT must not be negative");
  }
  auto* off = MakePlan<nodes::Limit>();
  off->limitOffset = Int8(-5);
  LimitOperator offset(*off, &estate_, Input({kInt4}, {{1}}));
  offset.Open();
  try {
    offset.Next();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidRowCountInResultOffsetClause);
  }
}

// Agg over (g int4, v int4): targetlist built from the given expressions.
nodes::Agg* AggPlan(OperatorsTest* t, nodes::AggStrategy strategy, nodes::TargetList tlist,
                    bool group_by_first) {
  auto p = std::make_shared<nodes::Agg>();
  p->aggstrategy = strategy;
  p->targetlist = std::move(tlist);
  if (group_by_first) {
    p->group.colIdx = {1};
    p->group.eqOperators = {FindOperator("=", kInt4, kInt4).oid};
    p->group.collations = {kInvalidOid};
  }
  static std::vector<std::shared_ptr<nodes::Agg>> keep;
  keep.push_back(p);
  return p.get();
}

TEST_F(OperatorsTest, PlainAggregatesFollowStrictTransitionRules) {
  auto v = Var(nodes::kOuterVar, 2, kInt4);
  nodes::TargetList tlist = {Tle(Agg("count", {}, 0, true), 1), Tle(Agg("count", {v}, 1), 2),
                             Tle(Agg("sum", {v}, 2), 3), Tle(Agg("max", {v}, 3), 4),
                             Tle(Agg("min", {v}, 4), 5)};
  auto* plan = AggPlan(this, nodes::AggStrategy::kPlain, tlist, false);
  Rows input = {{1, 5}, {1, std::nullopt}, {2, -3}, {2, 10}};
  AggOperator agg(*plan, &estate_, Input({kInt4, kInt4}, input));
  agg.Open();
  // count(*) counts rows, count(v) skips NULLs, sum(int4) is int8.
  EXPECT_EQ(Drain(&agg), (Rows{{4, 3, 12, 10, -3}}));

  // Over no rows: one row; counts are 0, the others NULL.
  AggOperator empty(*plan, &estate_, Input({kInt4, kInt4}, {}));
  empty.Open();
  EXPECT_EQ(Drain(&empty), (Rows{{0, 0, std::nullopt, std::nullopt, std::nullopt}}));
}

TEST_F(OperatorsTest, BoolAggregates) {
  auto b = Var(nodes::kOuterVar, 1, kBool);
  nodes::TargetList tlist = {Tle(Agg("bool_and", {b}, 0), 1), Tle(Agg("bool_or", {b}, 1), 2)};
  auto* plan = AggPlan(this, nodes::AggStrategy::kPlain, tlist, false);
  AggOperator agg(*plan, &estate_, Input({kBool}, {{1}, {std::nullopt}, {0}}));
  agg.Open();
  EXPECT_EQ(Drain(&agg), (Rows{{0, 1}}));
}

TEST_F(OperatorsTest, SortedAndHashedGroupingAgree) {
  auto g = Var(nodes::kOuterVar, 1, kInt4);
  auto v = Var(nodes::kOuterVar, 2, kInt4);
  nodes::TargetList tlist = {Tle(g, 1), Tle(Agg("sum", {v}, 0), 2),
                             Tle(Agg("count", {}, 1, true), 3)};
  Rows sorted_input = {{1, 1}, {1, 2}, {2, 5}, {std::nullopt, 7}, {std::nullopt, 1}};
  auto* sorted = AggPlan(this, nodes::AggStrategy::kSorted, tlist, true);
  AggOperator sorted_agg(*sorted, &estate_, Input({kInt4, kInt4}, sorted_input));
  sorted_agg.Open();
  Rows expected = {{1, 3, 2}, {2, 5, 1}, {std::nullopt, 8, 2}};
  EXPECT_EQ(Drain(&sorted_agg), expected);

  Rows shuffled = {{2, 5}, {std::nullopt, 7}, {1, 1}, {std::nullopt, 1}, {1, 2}};
  auto* hashed = AggPlan(this, nodes::AggStrategy::kHashed, tlist, true);
  AggOperator hashed_agg(*hashed, &estate_, Input({kInt4, kInt4}, shuffled));
  hashed_agg.Open();
  Rows got = Drain(&hashed_agg);
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
}

TEST_F(OperatorsTest, HavingFiltersGroupsAndIsCounted) {
  estate_.instrument_options = kInstrumentRows;
  auto g = Var(nodes::kOuterVar, 1, kInt4);
  auto count = Agg("count", {}, 0, true);
  auto* plan = AggPlan(this, nodes::AggStrategy::kSorted, {Tle(g, 1), Tle(count, 2)}, true);
  plan->qual = {Op(">", count, Int8(1))};
  AggOperator agg(*plan, &estate_, Input({kInt4, kInt4}, {{1, 0}, {2, 0}, {2, 0}, {3, 0}}));
  agg.Open();
  EXPECT_EQ(Drain(&agg), (Rows{{2, 2}}));
  agg.EndLoops();
  EXPECT_EQ(agg.instrument()->ntuples, 1);
  EXPECT_EQ(agg.instrument()->nfiltered1, 2);
  EXPECT_EQ(agg.instrument()->nloops, 1);
}

nodes::NestLoop* JoinPlan(OperatorsTest* t, nodes::JoinType type) {
  static std::vector<std::shared_ptr<nodes::NestLoop>> keep;
  auto p = std::make_shared<nodes::NestLoop>();
  p->jointype = type;
  p->joinqual = {Op("=", Var(nodes::kOuterVar, 1, kInt4), Var(nodes::kInnerVar, 1, kInt4))};
  p->targetlist = {Tle(Var(nodes::kOuterVar, 1, kInt4), 1),
                   Tle(Var(nodes::kInnerVar, 2, kInt4), 2)};
  keep.push_back(p);
  return p.get();
}

TEST_F(OperatorsTest, NestLoopJoinTypes) {
  Rows outer = {{1}, {2}, {3}};
  Rows inner = {{1, 10}, {3, 30}, {3, 31}};
  {
    auto in = Input({kInt4, kInt4}, inner);
    auto* in_raw = static_cast<TestInputOperator*>(in.get());
    NestLoopOperator nl(*JoinPlan(this, nodes::JoinType::kInner), &estate_, Input({kInt4}, outer),
                        std::move(in));
    nl.Open();
    EXPECT_EQ(Drain(&nl), (Rows{{1, 10}, {3, 30}, {3, 31}}));
    EXPECT_EQ(in_raw->rescans, 3);  // once per outer row
  }
  {
    NestLoopOperator nl(*JoinPlan(this, nodes::JoinType::kLeft), &estate_, Input({kInt4}, outer),
                        Input({kInt4, kInt4}, inner));
    nl.Open();
    EXPECT_EQ(Drain(&nl), (Rows{{1, 10}, {2, std::nullopt}, {3, 30}, {3, 31}}));
  }
  {
    NestLoopOperator nl(*JoinPlan(this, nodes::JoinType::kAnti), &estate_, Input({kInt4}, outer),
                        Input({kInt4, kInt4}, inner));
    nl.Open();
    EXPECT_EQ(Drain(&nl), (Rows{{2, std::nullopt}}));
  }
  {
    NestLoopOperator nl(*JoinPlan(this, nodes::JoinType::kSemi), &estate_, Input({kInt4}, outer),
                        Input({kInt4, kInt4}, inner));
    nl.Open();
    Rows got = Drain(&nl);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0][0], 1);
    EXPECT_EQ(got[1][0], 3);
  }
}

TEST_F(OperatorsTest, NestLoopPassesParamsToInnerSide) {
  // Inner side: Result with qual  $0 = 2, i.e. emits its row only for outer value 2.
  estate_.param_exec.resize(1);
  auto* result = MakePlan<nodes::Result>();
  auto p0 = std::make_shared<nodes::Param>();
  p0->paramkind = nodes::ParamKind::kExec;
  p0->paramid = 0;
  p0->result_type = kInt4;
  result->qual = {Op("=", p0, Int4(2))};
  result->targetlist = {Tle(Int4(99), 1), Tle(Int4(0), 2)};
  auto* join = MakePlan<nodes::NestLoop>();
  join->jointype = nodes::JoinType::kInner;
  nodes::NestLoopParam np;
  np.paramno = 0;
  np.paramval = nodes::MakeVar(nodes::kOuterVar, 1, kInt4, -1, 0);
  join->nestParams = {np};
  join->targetlist = {Tle(Var(nodes::kOuterVar, 1, kInt4), 1),
                      Tle(Var(nodes::kInnerVar, 1, kInt4), 2)};
  NestLoopOperator nl(*join, &estate_, Input({kInt4}, {{1}, {2}, {3}}),
                      std::make_unique<ResultOperator>(*result, &estate_, nullptr));
  nl.Open();
  EXPECT_EQ(Drain(&nl), (Rows{{2, 99}}));
}

// HashJoin of outer (k int4) with inner (k int4, v int4) on outer.k = inner.k.
TEST_F(OperatorsTest, HashJoinTypes) {
  Rows outer = {{1}, {2}, {3}, {std::nullopt}};
  Rows inner = {{1, 10}, {3, 30}, {3, 31}, {4, 40}, {std::nullopt, 50}};
  auto run = [&](nodes::JoinType type) {
    auto eq = FindOperator("=", kInt4, kInt4);
    auto* hash = MakePlan<nodes::Hash>();
    hash->hashkeys = {Var(nodes::kOuterVar, 1, kInt4)};
    auto* join = MakePlan<nodes::HashJoin>();
    join->jointype = type;
    join->hashclauses = {Op("=", Var(nodes::kOuterVar, 1, kInt4), Var(nodes::kInnerVar, 1, kInt4))};
    join->hashoperators = {eq.oid};
    join->hashcollations = {kInvalidOid};
    join->hashkeys = {Var(nodes::kOuterVar, 1, kInt4)};
    join->targetlist = {Tle(Var(nodes::kOuterVar, 1, kInt4), 1),
                        Tle(Var(nodes::kInnerVar, 2, kInt4), 2)};
    auto hash_op = std::make_unique<HashOperator>(*hash, &estate_, Input({kInt4, kInt4}, inner));
    HashJoinOperator hj(*join, &estate_, Input({kInt4}, outer), std::move(hash_op));
    hj.Open();
    Rows got = Drain(&hj);
    std::sort(got.begin(), got.end());
    return got;
  };
  EXPECT_EQ(run(nodes::JoinType::kInner), (Rows{{1, 10}, {3, 30}, {3, 31}}));
  EXPECT_EQ(run(nodes::JoinType::kLeft),
            (Rows{{std::nullopt, std::nullopt}, {1, 10}, {2, std::nullopt}, {3, 30}, {3, 31}}));
  EXPECT_EQ(run(nodes::JoinType::kRight),
            (Rows{{std::nullopt, 40}, {std::nullopt, 50}, {1, 10}, {3, 30}, {3, 31}}));
  EXPECT_EQ(run(nodes::JoinType::kAnti), (Rows{{std::nullopt, std::nullopt}, {2, std::nullopt}}));
  Rows semi = run(nodes::JoinType::kSemi);
  ASSERT_EQ(semi.size(), 2u);
  EXPECT_EQ(semi[0][0], 1);
  EXPECT_EQ(semi[1][0], 3);
}

TEST_F(OperatorsTest, MaterializeReplaysWithoutRereadingInput) {
  auto* plan = MakePlan<nodes::Material>();
  auto in = Input({kInt4}, {{1}, {2}});
  auto* raw = static_cast<TestInputOperator*>(in.get());
  MaterialOperator mat(*plan, &estate_, std::move(in));
  mat.Open();
  EXPECT_EQ(Drain(&mat), (Rows{{1}, {2}}));
  mat.ReScan();
  EXPECT_EQ(Drain(&mat), (Rows{{1}, {2}}));
  EXPECT_EQ(raw->rescans, 0);
}

TEST_F(OperatorsTest, ValuesScanWithQualAndProjection) {
  auto* plan = MakePlan<nodes::ValuesScan>();
  plan->scanrelid = 1;
  plan->values_lists = {{Int4(1), Int4(2)}, {Int4(3), Int4(4)}, {Int4(5), NullInt4()}};
  plan->qual = {Op(">", Var(1, 1, kInt4), Int4(1))};
  plan->targetlist = {Tle(Op("+", Var(1, 1, kInt4), Var(1, 2, kInt4)), 1)};
  ValuesScanOperator scan(*plan, &estate_);
  scan.Open();
  EXPECT_EQ(Drain(&scan), (Rows{{7}, {std::nullopt}}));
}

TEST_F(OperatorsTest, ResultWithoutInputReturnsOneRowUnlessGated) {
  auto* plan = MakePlan<nodes::Result>();
  plan->targetlist = {Tle(Op("+", Int4(1), Int4(1)), 1)};
  ResultOperator result(*plan, &estate_, nullptr);
  result.Open();
  EXPECT_EQ(Drain(&result), (Rows{{2}}));
  auto* gated = MakePlan<nodes::Result>();
  gated->targetlist = plan->targetlist;
  gated->resconstantqual = Bool(false);
  ResultOperator none(*gated, &estate_, nullptr);
  none.Open();
  EXPECT_TRUE(Drain(&none).empty());
}

}  // namespace
}  // namespace hyrax::executor
