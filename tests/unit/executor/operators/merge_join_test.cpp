// MergeJoin over sorted in-memory inputs (the inner side under a Materialize, which marks and
// restores): duplicate keys on both sides (the inner group is re-read from the mark for each
// outer duplicate, not rescanned), NULL keys that never match, unmatched rows of both sides
// in LEFT / RIGHT / FULL joins, semi and anti joins, a join filter within a key group, and
// Sort / Materialize returning to a marked row.
#include "executor/operators/merge_join.h"

#include <gtest/gtest.h>

#include "executor/exec/exec_state.h"
#include "executor/operators/material.h"
#include "executor/operators/sort.h"
#include "tests/unit/executor/executor_test_support.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT
using Rows = std::vector<TestRow>;
using nodes::JoinType;

constexpr Oid kIntegerBtreeFamily = 1976;  // integer_ops
const std::optional<int64_t> kNull = std::nullopt;

class MergeJoinTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }

  // Merge join on outer.col1 = inner.col1 returning (outer.col1, outer.col2, inner.col1,
  // inner.col2); inputs are (key, tag) rows already in key order, NULLs last.
  Rows Join(JoinType jointype, Rows outer, Rows inner, nodes::ExprList joinqual = {}) {
    auto plan = std::make_shared<nodes::MergeJoin>();
    plan->jointype = jointype;
    plan->mergeclauses = {
        Op("=", Var(nodes::kOuterVar, 1, kInt4), Var(nodes::kInnerVar, 1, kInt4))};
    plan->mergeFamilies = {kIntegerBtreeFamily};
    plan->mergeCollations = {kInvalidOid};
    plan->mergeStrategies = {1};
    plan->mergeNullsFirst = {false};
    plan->joinqual = std::move(joinqual);
    plan->targetlist = {
        Tle(Var(nodes::kOuterVar, 1, kInt4), 1), Tle(Var(nodes::kOuterVar, 2, kInt4), 2),
        Tle(Var(nodes::kInnerVar, 1, kInt4), 3), Tle(Var(nodes::kInnerVar, 2, kInt4), 4)};
    plans_.push_back(plan);
    auto inner_input = Input(std::move(inner));
    inner_input_ = static_cast<TestInputOperator*>(inner_input.get());
    auto material =
        std::make_unique<MaterialOperator>(material_plan_, &estate_, std::move(inner_input));
    MergeJoinOperator join(*plan, &estate_, Input(std::move(outer)), std::move(material));
    join.Open();
    Rows out = Drain(&join);
    join.Close();
    return out;
  }
  OperatorPtr Input(Rows rows) {
    return std::make_unique<TestInputOperator>(&estate_, std::vector<Oid>{kInt4, kInt4},
                                               std::move(rows));
  }

  ExecState estate_;
  nodes::Material material_plan_;
  std::vector<std::shared_ptr<nodes::Plan>> plans_;
  TestInputOperator* inner_input_ = nullptr;
};

const Rows kOuter = {{1, 100}, {2, 200}, {2, 201}, {3, 300}, {kNull, 900}};
const Rows kInner = {{2, 20}, {2, 21}, {3, 30}, {4, 40}, {kNull, 90}};

TEST_F(MergeJoinTest, InnerJoinPairsDuplicateKeysFromTheMark) {
  EXPECT_EQ(
      Join(JoinType::kInner, kOuter, kInner),
      (Rows{{2, 200, 2, 20}, {2, 200, 2, 21}, {2, 201, 2, 20}, {2, 201, 2, 21}, {3, 300, 3, 30}}));
  // The second outer 2 went back to the marked inner row instead of rescanning the input.
  EXPECT_EQ(inner_input_->rescans, 0);
}

TEST_F(MergeJoinTest, LeftAndRightJoinsKeepUnmatchedRowsAndNullKeys) {
  EXPECT_EQ(Join(JoinType::kLeft, kOuter, kInner), (Rows{{1, 100, kNull, kNull},
                                                         {2, 200, 2, 20},
                                                         {2, 200, 2, 21},
                                                         {2, 201, 2, 20},
                                                         {2, 201, 2, 21},
                                                         {3, 300, 3, 30},
                                                         {kNull, 900, kNull, kNull}}));
  EXPECT_EQ(Join(JoinType::kRight, kOuter, kInner), (Rows{{2, 200, 2, 20},
                                                          {2, 200, 2, 21},
                                                          {2, 201, 2, 20},
                                                          {2, 201, 2, 21},
                                                          {3, 300, 3, 30},
                                                          {kNull, kNull, 4, 40},
                                                          {kNull, kNull, kNull, 90}}));
}

TEST_F(MergeJoinTest, FullJoinReturnsUnmatchedRowsOfBothSides) {
  EXPECT_EQ(Join(JoinType::kFull, kOuter, kInner),
            (Rows{{1, 100, kNull, kNull},
                  {2, 200, 2, 20},
                  {2, 200, 2, 21},
                  {2, 201, 2, 20},
                  {2, 201, 2, 21},
                  {3, 300, 3, 30},
                  {kNull, 900, kNull, kNull},  // a NULL key comes out as soon as it is read
                  {kNull, kNull, 4, 40},
                  {kNull, kNull, kNull, 90}}));
  // Either side empty: every row of the other comes out once.
  EXPECT_EQ(Join(JoinType::kFull, {}, {{1, 10}, {kNull, 90}}),
            (Rows{{kNull, kNull, 1, 10}, {kNull, kNull, kNull, 90}}));
  EXPECT_EQ(Join(JoinType::kFull, {{1, 100}}, {}), (Rows{{1, 100, kNull, kNull}}));
}

TEST_F(MergeJoinTest, SemiAndAntiJoinsStopAtTheFirstMatch) {
  EXPECT_EQ(Join(JoinType::kSemi, kOuter, kInner),
            (Rows{{2, 200, 2, 20}, {2, 201, 2, 20}, {3, 300, 3, 30}}));
  EXPECT_EQ(Join(JoinType::kAnti, kOuter, kInner),
            (Rows{{1, 100, kNull, kNull}, {kNull, 900, kNull, kNull}}));
}

TEST_F(MergeJoinTest, JoinFilterIsCheckedWithinTheKeyGroup) {
  // outer.col2 - 180 > inner.col2: 200 matches neither 20 nor 21 (NULL-extended), 201
  // matches 20 (read again from the mark), 300 matches 30.
  auto filter =
      Op(">", Op("-", Var(nodes::kOuterVar, 2, kInt4), Int4(180)), Var(nodes::kInnerVar, 2, kInt4));
  EXPECT_EQ(Join(JoinType::kLeft, kOuter, kInner, {filter}), (Rows{{1, 100, kNull, kNull},
                                                                   {2, 200, kNull, kNull},
                                                                   {2, 201, 2, 20},
                                                                   {3, 300, 3, 30},
                                                                   {kNull, 900, kNull, kNull}}));
}

TEST_F(MergeJoinTest, SortAndMaterialReturnToTheMarkedRow) {
  nodes::Sort sort_plan;
  sort_plan.sort.sortColIdx = {1};
  sort_plan.sort.sortOperators = {FindOperator("<", kInt4, kInt4).oid};
  sort_plan.sort.collations = {kInvalidOid};
  sort_plan.sort.nullsFirst = {false};
  SortOperator sort(sort_plan, &estate_, Input({{3, 0}, {1, 0}, {2, 0}, {4, 0}}));
  MaterialOperator material(material_plan_, &estate_, Input({{5, 0}, {6, 0}, {7, 0}}));
  for (Operator* op : std::initializer_list<Operator*>{&sort, &material}) {
    op->Open();
    ASSERT_TRUE(op->SupportsMarkRestore());
    op->Next();
    TupleSlot* marked = op->Next();
    bool isnull;
    int32_t marked_value = DatumGetInt32(marked->GetAttr(1, &isnull));
    op->MarkPos();
    TupleSlot* after = op->Next();
    int32_t after_value = DatumGetInt32(after->GetAttr(1, &isnull));
    while (op->Next() != nullptr) {
    }
    op->RestrPos();
    TupleSlot* again = op->Next();
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(DatumGetInt32(again->GetAttr(1, &isnull)), after_value);
    EXPECT_NE(marked_value, after_value);
    op->Close();
  }
}

}  // namespace
}  // namespace hyrax::executor
