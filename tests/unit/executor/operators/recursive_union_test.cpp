// Recursive Union over a WorkTable Scan (WITH RECURSIVE's executor side): UNION ALL runs
// the recursive term until a round returns no rows; UNION drops rows returned before, so a
// cycle ends; a rescan starts over from the non-recursive term. Also TupleHashSet's
// NULL-equal duplicate check.
#include "executor/operators/recursive_union.h"

#include <gtest/gtest.h>

#include "executor/exec/exec_state.h"
#include "executor/exec/tuple_hash_set.h"
#include "executor/operators/worktable_scan.h"
#include "tests/unit/executor/executor_test_support.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT
using Rows = std::vector<TestRow>;

class RecursiveUnionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    nodes::RangeTblEntry rte;
    rte.rtekind = nodes::RteKind::kCte;
    rte.self_reference = true;
    rte.coltypes = {kInt4};
    rte.coltypmods = {-1};
    rte.colcollations = {kInvalidOid};
    rtable_.push_back(rte);
    estate_.range_table = &rtable_;
    estate_.param_exec.resize(1);
  }

  // WorkTable Scan of column n returning `next` for rows passing `qual`.
  OperatorPtr WorkTable(nodes::ExprPtr next, nodes::ExprPtr qual) {
    auto plan = std::make_shared<nodes::WorkTableScan>();
    plan->scanrelid = 1;
    plan->wtParam = 0;
    plan->targetlist = {Tle(std::move(next), 1)};
    if (qual) plan->qual = {std::move(qual)};
    plans_.push_back(plan);
    return std::make_unique<WorkTableScanOperator>(*plan, &estate_);
  }

  nodes::RecursiveUnion* Union(bool distinct) {
    auto plan = std::make_shared<nodes::RecursiveUnion>();
    plan->wtParam = 0;
    plan->targetlist = {Tle(Var(kOuterVarNo, 1, kInt4), 1)};
    if (distinct) {
      plan->dup.colIdx = {1};
      plan->dup.eqOperators = {FindOperator("=", kInt4, kInt4).oid};
      plan->dup.collations = {kInvalidOid};
    }
    plans_.push_back(plan);
    return plan.get();
  }

  static constexpr nodes::Index kOuterVarNo = nodes::kOuterVar;
  ExecState estate_;
  std::vector<nodes::RangeTblEntry> rtable_;
  std::vector<std::shared_ptr<nodes::Plan>> plans_;
};

TEST_F(RecursiveUnionTest, UnionAllIteratesUntilARoundIsEmpty) {
  nodes::RecursiveUnion* plan = Union(false);
  auto input = std::make_unique<TestInputOperator>(&estate_, std::vector<Oid>{kInt4}, Rows{{1}});
  RecursiveUnionOperator ru(
      *plan, &estate_, std::move(input),
      WorkTable(Op("+", Var(1, 1, kInt4), Int4(1)), Op("<", Var(1, 1, kInt4), Int4(4))));
  ru.Open();
  EXPECT_EQ(Drain(&ru), (Rows{{1}, {2}, {3}, {4}}));
  ru.ReScan();
  EXPECT_EQ(Drain(&ru), (Rows{{1}, {2}, {3}, {4}}));
}

TEST_F(RecursiveUnionTest, UnionDropsRowsSeenBeforeSoCyclesEnd) {
  nodes::RecursiveUnion* plan = Union(true);
  auto input =
      std::make_unique<TestInputOperator>(&estate_, std::vector<Oid>{kInt4}, Rows{{1}, {1}});
  // n % 3 + 1 cycles 1 -> 2 -> 3 -> 1.
  RecursiveUnionOperator ru(
      *plan, &estate_, std::move(input),
      WorkTable(Op("+", Op("%", Var(1, 1, kInt4), Int4(3)), Int4(1)), nullptr));
  ru.Open();
  EXPECT_EQ(Drain(&ru), (Rows{{1}, {2}, {3}}));
}

TEST(TupleHashSetTest, TreatsNullsAsEqualAndKeepsFirstRow) {
  Catalog();
  auto desc = MakeTupleDesc({kInt4}, {-1});
  nodes::GroupColumns keys;
  keys.colIdx = {1};
  keys.eqOperators = {FindOperator("=", kInt4, kInt4).oid};
  keys.collations = {kInvalidOid};
  TupleHashSet set(keys, desc);
  TupleSlot slot(desc);
  auto store = [&](std::optional<int32_t> v) {
    slot.Clear();
    slot.values()[0] = v ? Int32GetDatum(*v) : 0;
    slot.nulls()[0] = !v;
    slot.StoreVirtual();
    return set.Insert(&slot);
  };
  EXPECT_TRUE(store(1));
  EXPECT_FALSE(store(1));
  EXPECT_TRUE(store(std::nullopt));
  EXPECT_FALSE(store(std::nullopt));
  EXPECT_TRUE(store(2));
  set.Clear();
  EXPECT_TRUE(store(1));
}

}  // namespace
}  // namespace hyrax::executor
