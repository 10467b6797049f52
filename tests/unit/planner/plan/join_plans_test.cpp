// Join planning compared with PostgreSQL 15's EXPLAIN for the same empty tables:
//   CREATE TABLE t (a int4, b text); CREATE TABLE t2 (x int4, y int4 NOT NULL);
//   CREATE TABLE t3 (k int4, v text);
// with the default settings (merge joins of sorted inputs win for equal-sized inputs) and,
// where the plan differs, again with enable_mergejoin = off: join order search, hash joins
// hashing the cheaper side, nested loops over a materialised inner side, left joins as
// hash right joins, join filters.
#include <gtest/gtest.h>

#include "common/error.h"
#include "planner/cost/costsize.h"
#include "planner/explain/explain.h"
#include "tests/unit/planner/planner_test_support.h"

namespace hyrax::planner {
namespace {

using namespace testing;  // NOLINT
using Lines = std::vector<std::string>;

class JoinPlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    MakeTable("t", {{"a", kInt4}, {"b", kText}});
    MakeTable("t2", {{"x", kInt4}, {"y", kInt4, true}});
    MakeTable("t3", {{"k", kInt4}, {"v", kText}});
  }
  void TearDown() override {
    g_enable_hashjoin = true;
    g_enable_mergejoin = true;
  }
  static nodes::ExprPtr And(nodes::ExprList args) {
    auto e = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, std::move(args));
    e->result_type = kBool;
    return e;
  }
  // SELECT * FROM t, t2 [...]
  static void SelectAll(QueryBuilder& q, nodes::Index t, nodes::Index t2) {
    q.Select(q.Col(t, "a"), "a");
    q.Select(q.Col(t, "b"), "b");
    q.Select(q.Col(t2, "x"), "x");
    q.Select(q.Col(t2, "y"), "y");
  }
};

TEST_F(JoinPlansTest, EquiJoinHashesTheSmallerSide) {
  QueryBuilder q;
  auto t = q.From("t");
  auto t2 = q.From("t2");
  SelectAll(q, t, t2);
  q.Where(Op("=", q.Col(t, "a"), q.Col(t2, "x")));
  EXPECT_EQ(
      ExplainQuery(q.query(), {}),
      (Lines{"Merge Join  (cost=246.68..468.29 rows=14351 width=44)", "  Merge Cond: (t.a = t2.x)",
             "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)", "        Sort Key: t.a",
             "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
             "  ->  Sort  (cost=158.51..164.16 rows=2260 width=8)", "        Sort Key: t2.x",
             "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
  g_enable_mergejoin = false;
  EXPECT_EQ(
      ExplainQuery(q.query(), {}),
      (Lines{"Hash Join  (cost=38.58..579.11 rows=14351 width=44)", "  Hash Cond: (t2.x = t.a)",
             "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
             "  ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
             "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"}));
}

TEST_F(JoinPlansTest, FilteredSideIsHashedAndExtraClauseIsAJoinFilter) {
  QueryBuilder q;
  auto t = q.From("t");
  auto t2 = q.From("t2");
  q.Select(q.Col(t, "a"), "a");
  q.Select(q.Col(t2, "y"), "y");
  q.Where(And({Op("=", q.Col(t, "a"), q.Col(t2, "x")), Op("=", q.Col(t, "b"), Text("x"))}));
  EXPECT_EQ(ExplainQuery(q.query(), {}),
            (Lines{"Hash Join  (cost=25.95..67.70 rows=68 width=8)", "  Hash Cond: (t2.x = t.a)",
                   "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                   "  ->  Hash  (cost=25.88..25.88 rows=6 width=4)",
                   "        ->  Seq Scan on t  (cost=0.00..25.88 rows=6 width=4)",
                   "              Filter: (b = 'x'::text)"}));
  QueryBuilder f;
  auto ft = f.From("t");
  auto ft2 = f.From("t2");
  SelectAll(f, ft, ft2);
  f.Where(And({Op("=", f.Col(ft, "a"), f.Col(ft2, "x")),
               Op(">", Op("+", f.Col(ft, "a"), f.Col(ft2, "y")), Int4(5))}));
  EXPECT_EQ(ExplainQuery(f.query(), {}),
            (Lines{"Merge Join  (cost=246.68..540.05 rows=4784 width=44)",
                   "  Merge Cond: (t.a = t2.x)", "  Join Filter: ((t.a + t2.y) > 5)",
                   "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)", "        Sort Key: t.a",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
                   "  ->  Sort  (cost=158.51..164.16 rows=2260 width=8)", "        Sort Key: t2.x",
                   "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainQuery(f.query(), {}),
            (Lines{"Hash Join  (cost=38.58..650.87 rows=4784 width=44)",
                   "  Hash Cond: (t2.x = t.a)", "  Join Filter: ((t.a + t2.y) > 5)",
                   "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                   "  ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"}));
}

TEST_F(JoinPlansTest, ThreeWayJoinOrder) {
  QueryBuilder q;
  auto t = q.From("t");
  auto t2 = q.From("t2");
  auto t3 = q.From("t3");
  SelectAll(q, t, t2);
  q.Select(q.Col(t3, "k"), "k");
  q.Select(q.Col(t3, "v"), "v");
  q.Where(And({Op("=", q.Col(t, "a"), q.Col(t2, "x")), Op("=", q.Col(t2, "y"), q.Col(t3, "k"))}));
  EXPECT_EQ(
      ExplainQuery(q.query(), {}),
      (Lines{"Merge Join  (cost=1547.32..2920.61 rows=91129 width=80)",
             "  Merge Cond: (t3.k = t2.y)", "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)",
             "        Sort Key: t3.k",
             "        ->  Seq Scan on t3  (cost=0.00..22.70 rows=1270 width=36)",
             "  ->  Sort  (cost=1459.15..1495.03 rows=14351 width=44)", "        Sort Key: t2.y",
             "        ->  Merge Join  (cost=246.68..468.29 rows=14351 width=44)",
             "              Merge Cond: (t.a = t2.x)",
             "              ->  Sort  (cost=88.17..91.35 rows=1270 width=36)",
             "                    Sort Key: t.a",
             "                    ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
             "              ->  Sort  (cost=158.51..164.16 rows=2260 width=8)",
             "                    Sort Key: t2.x",
             "                    ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
  g_enable_mergejoin = false;
  EXPECT_EQ(
      ExplainQuery(q.query(), {}),
      (Lines{"Hash Join  (cost=77.15..3843.07 rows=91129 width=80)", "  Hash Cond: (t2.y = t3.k)",
             "  ->  Hash Join  (cost=38.58..579.11 rows=14351 width=44)",
             "        Hash Cond: (t2.x = t.a)",
             "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
             "        ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
             "              ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
             "  ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
             "        ->  Seq Scan on t3  (cost=0.00..22.70 rows=1270 width=36)"}));
}

TEST_F(JoinPlansTest, CrossJoinIsANestedLoopOverMaterialize) {
  QueryBuilder q;
  auto t = q.From("t");
  auto t2 = q.From("t2");
  SelectAll(q, t, t2);
  EXPECT_EQ(ExplainQuery(q.query(), {}),
            (Lines{"Nested Loop  (cost=0.00..35935.97 rows=2870200 width=44)",
                   "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                   "  ->  Materialize  (cost=0.00..29.05 rows=1270 width=36)",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"}));
}

TEST_F(JoinPlansTest, LeftJoinHashesThePreservedSide) {
  QueryBuilder q;
  auto t = q.From("t", "", false);
  auto t2 = q.From("t2", "", false);
  auto join = std::make_shared<nodes::JoinExpr>();
  join->jointype = nodes::JoinType::kLeft;
  join->larg = std::make_shared<nodes::RangeTblRef>(t);
  join->rarg = std::make_shared<nodes::RangeTblRef>(t2);
  join->quals = Op("=", q.Col(t, "a"), q.Col(t2, "x"));
  q.query().jointree->fromlist.push_back(join);
  SelectAll(q, t, t2);
  EXPECT_EQ(ExplainQuery(q.query(), {}),
            (Lines{"Merge Left Join  (cost=246.68..468.29 rows=14351 width=44)",
                   "  Merge Cond: (t.a = t2.x)",
                   "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)", "        Sort Key: t.a",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
                   "  ->  Sort  (cost=158.51..164.16 rows=2260 width=8)", "        Sort Key: t2.x",
                   "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainQuery(q.query(), {}),
            (Lines{"Hash Right Join  (cost=38.58..579.11 rows=14351 width=44)",
                   "  Hash Cond: (t2.x = t.a)",
                   "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                   "  ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"}));
}

TEST_F(JoinPlansTest, WithoutHashJoinsNestedLoopsWithFilters) {
  g_enable_hashjoin = false;
  QueryBuilder q;
  auto t = q.From("t");
  auto t2 = q.From("t2");
  SelectAll(q, t, t2);
  q.Where(Op("=", q.Col(t, "a"), q.Col(t2, "x")));
  EXPECT_EQ(
      ExplainQuery(q.query(), {}),
      (Lines{"Merge Join  (cost=246.68..468.29 rows=14351 width=44)", "  Merge Cond: (t.a = t2.x)",
             "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)", "        Sort Key: t.a",
             "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
             "  ->  Sort  (cost=158.51..164.16 rows=2260 width=8)", "        Sort Key: t2.x",
             "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainQuery(q.query(), {}),
            (Lines{"Nested Loop  (cost=0.00..43111.47 rows=14351 width=44)",
                   "  Join Filter: (t.a = t2.x)",
                   "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                   "  ->  Materialize  (cost=0.00..29.05 rows=1270 width=36)",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"}));

  QueryBuilder l;
  auto lt = l.From("t", "", false);
  auto lt2 = l.From("t2", "", false);
  auto join = std::make_shared<nodes::JoinExpr>();
  join->jointype = nodes::JoinType::kLeft;
  join->larg = std::make_shared<nodes::RangeTblRef>(lt);
  join->rarg = std::make_shared<nodes::RangeTblRef>(lt2);
  join->quals = Op("=", l.Col(lt, "a"), l.Col(lt2, "x"));
  l.query().jointree->fromlist.push_back(join);
  auto isnull = std::make_shared<nodes::NullTest>();
  isnull->arg = l.Col(lt2, "y");
  isnull->result_type = kBool;
  l.Where(isnull);
  SelectAll(l, lt, lt2);
  g_enable_mergejoin = true;
  EXPECT_EQ(ExplainQuery(l.query(), {}),
            (Lines{"Merge Left Join  (cost=246.68..468.29 rows=72 width=44)",
                   "  Merge Cond: (t.a = t2.x)", "  Filter: (t2.y IS NULL)",
                   "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)", "        Sort Key: t.a",
                   "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
                   "  ->  Sort  (cost=158.51..164.16 rows=2260 width=8)", "        Sort Key: t2.x",
                   "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainQuery(l.query(), {}),
            (Lines{"Nested Loop Left Join  (cost=0.00..43113.95 rows=72 width=44)",
                   "  Join Filter: (t.a = t2.x)", "  Filter: (t2.y IS NULL)",
                   "  ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
                   "  ->  Materialize  (cost=0.00..43.90 rows=2260 width=8)",
                   "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"}));
}

}  // namespace
}  // namespace hyrax::planner
