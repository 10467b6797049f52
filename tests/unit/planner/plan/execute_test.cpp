// Planner and executor together: analyzed queries over VALUES lists are planned, run
// through ExecutorStart/Run/Finish/End into a collecting receiver, and their rows checked;
// EXPLAIN ANALYZE reports what ran. (Table scans need the heap and are tested once it lands.)
#include <algorithm>

#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/exec/executor.h"
#include "planner/cost/costsize.h"
#include "planner/explain/explain.h"
#include "planner/planner.h"
#include "tests/unit/planner/planner_test_support.h"

namespace hyrax::planner {
namespace {

using namespace testing;  // NOLINT
using Rows = std::vector<std::vector<std::optional<int64_t>>>;

class ExecuteTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }
  static inline storage::SnapshotData snapshot_;

  // Plans and runs `q`; returns its rows (int4/int8/bool columns as int64).
  static Rows Run(nodes::Query& q, uint64_t* processed = nullptr) {
    executor::QueryDesc desc;
    desc.plannedstmt = Planner(q);
    desc.snapshot = &snapshot_;  // VALUES only: no table is read
    executor::CollectingDestReceiver dest;
    desc.dest = &dest;
    executor::ExecutorStart(&desc);
    executor::ExecutorRun(&desc);
    executor::ExecutorFinish(&desc);
    if (processed != nullptr) *processed = desc.estate->processed;
    executor::ExecutorEnd(&desc);
    Rows rows;
    for (size_t r = 0; r < dest.size(); ++r) {
      std::vector<std::optional<int64_t>> row;
      for (size_t c = 0; c < dest.desc().columns.size(); ++c) {
        if (dest.isnull(r, static_cast<int>(c))) {
          row.push_back(std::nullopt);
          continue;
        }
        Datum v = dest.value(r, static_cast<int>(c));
        row.push_back(dest.desc().columns[c].typlen == 4 ? int64_t{DatumGetInt32(v)}
                                                         : DatumGetInt64(v));
      }
      rows.push_back(row);
    }
    return rows;
  }

  static nodes::Index Values(QueryBuilder& q, const std::vector<std::vector<int>>& rows) {
    std::vector<nodes::ExprList> lists;
    for (const auto& r : rows) {
      nodes::ExprList l;
      for (int v : r) l.push_back(Int4(v));
      lists.push_back(l);
    }
    return q.FromValues(lists);
  }
};

TEST_F(ExecuteTest, OrderByDescWithLimit) {
  QueryBuilder q;
  auto v = Values(q, {{1}, {3}, {2}});
  auto ref = q.Select(Op("+", q.ColAt(v, 1), Int4(1)), "x", false, true);
  q.OrderBy(ref, kInt4, /*desc=*/true);
  q.query().limitCount = nodes::MakeInt8Const(2);
  uint64_t processed = 0;
  EXPECT_EQ(Run(q.query(), &processed), (Rows{{4}, {3}}));
  EXPECT_EQ(processed, 2u);
}

TEST_F(ExecuteTest, GroupByWithAggregatesAndHaving) {
  QueryBuilder q;
  auto v = Values(q, {{1, 10}, {2, 5}, {1, 7}, {3, 1}, {2, 1}});
  auto ref = q.Select(q.ColAt(v, 1), "g", false, true);
  auto sum = Agg("sum", {q.ColAt(v, 2)});
  q.Select(sum, "sum");
  q.Select(Agg("count", {}, true), "count");
  q.GroupBy(ref, kInt4);
  q.query().hasAggs = true;
  q.query().havingQual = Op(">", sum, nodes::MakeInt8Const(2));
  Rows rows = Run(q.query());
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, (Rows{{1, 17, 2}, {2, 6, 2}}));
}

TEST_F(ExecuteTest, DistinctAndWhere) {
  QueryBuilder q;
  auto v = Values(q, {{1}, {2}, {1}, {3}, {2}});
  auto ref = q.Select(q.ColAt(v, 1), "x", false, true);
  q.Distinct(ref, kInt4);
  q.OrderBy(ref, kInt4);
  q.query().sortClause[0] = QueryBuilder::Clause(ref, kInt4);
  q.Where(Op("<>", q.ColAt(v, 1), Int4(3)));
  EXPECT_EQ(Run(q.query()), (Rows{{1}, {2}}));
}

TEST_F(ExecuteTest, SelectWithoutFromAndFalseWhere) {
  QueryBuilder one;
  one.Select(Op("*", Int4(6), Int4(7)), "x");
  EXPECT_EQ(Run(one.query()), (Rows{{42}}));
  QueryBuilder none;
  auto v = Values(none, {{1}});
  none.Select(none.ColAt(v, 1), "x");
  none.Where(nodes::MakeBoolConst(false));
  EXPECT_TRUE(Run(none.query()).empty());
}

TEST_F(ExecuteTest, InitPlanAndCorrelatedSubPlan) {
  // SELECT x, (SELECT max(column1) FROM (VALUES (5),(7))), (SELECT count(*) FROM (VALUES
  // (1),(1),(2)) w WHERE w.column1 = v.x) FROM (VALUES (1),(2),(3)) v
  QueryBuilder maxq;
  auto mv = Values(maxq, {{5}, {7}});
  maxq.Select(Agg("max", {maxq.ColAt(mv, 1)}), "max");
  maxq.query().hasAggs = true;
  auto init = std::make_shared<nodes::SubLink>();
  init->subLinkType = nodes::SubLinkType::kExpr;
  init->subselect = maxq.ptr();
  init->result_type = kInt4;

  QueryBuilder countq;
  auto cv = Values(countq, {{1}, {1}, {2}});
  countq.Select(Agg("count", {}, true), "count");
  countq.query().hasAggs = true;
  auto outer_var = nodes::MakeVar(1, 1, kInt4, -1, kInvalidOid, /*varlevelsup=*/1);
  countq.Where(Op("=", countq.ColAt(cv, 1), outer_var));
  auto corr = std::make_shared<nodes::SubLink>();
  corr->subLinkType = nodes::SubLinkType::kExpr;
  corr->subselect = countq.ptr();
  corr->result_type = kInt8;

  QueryBuilder q;
  auto v = Values(q, {{1}, {2}, {3}});
  q.Select(q.ColAt(v, 1), "x");
  q.Select(init, "max");
  q.Select(corr, "count");
  q.query().hasSubLinks = true;
  EXPECT_EQ(Run(q.query()), (Rows{{1, 7, 2}, {2, 7, 1}, {3, 7, 0}}));

  ExplainOptions opts;
  opts.costs = false;
  opts.analyze = true;
  opts.timing = false;
  EXPECT_EQ(ExplainQuery(q.query(), opts, nullptr, &snapshot_),
            (std::vector<std::string>{
                "Values Scan on \"*VALUES*\" (actual rows=3 loops=1)", "  InitPlan 1 (returns $0)",
                "    ->  Aggregate (actual rows=1 loops=1)",
                "          ->  Values Scan on \"*VALUES*_1\" (actual rows=2 loops=1)",
                "  SubPlan 2", "    ->  Aggregate (actual rows=1 loops=3)",
                "          ->  Values Scan on \"*VALUES*_2\" (actual rows=1 loops=3)",
                "                Filter: (column1 = \"*VALUES*\".column1)",
                "                Rows Removed by Filter: 2"}));
}

TEST_F(ExecuteTest, AnyAndAllSubPlansFollowNullRules) {
  // SELECT column1 = ANY (SELECT ... VALUES (1), (NULL)), column1 <> ALL (...) FROM
  // (VALUES (1), (2), (NULL)): 1 -> true/false, 2 -> NULL/NULL, NULL -> NULL/NULL.
  auto make_link = [](nodes::SubLinkType type, const char* op) {
    auto sub = std::make_shared<QueryBuilder>();
    auto sv = sub->FromValues({{Int4(1)}, {nodes::MakeNullConst(kInt4, -1, 0, 4, true)}});
    sub->Select(sub->ColAt(sv, 1), "column1");
    auto link = std::make_shared<nodes::SubLink>();
    link->subLinkType = type;
    link->subselect = sub->ptr();
    link->result_type = kBool;
    auto p = std::make_shared<nodes::Param>();
    p->paramkind = nodes::ParamKind::kSublink;
    p->paramid = 1;
    p->result_type = kInt4;
    // The outer operand is filled in below (it is a Var of the outer query).
    link->testexpr = Op(op, Int4(0), p);
    return link;
  };
  QueryBuilder q;
  auto v = q.FromValues({{Int4(1)}, {Int4(2)}, {nodes::MakeNullConst(kInt4, -1, 0, 4, true)}});
  auto any = make_link(nodes::SubLinkType::kAny, "=");
  nodes::As<nodes::OpExpr>(any->testexpr)->args[0] = q.ColAt(v, 1);
  auto all = make_link(nodes::SubLinkType::kAll, "<>");
  nodes::As<nodes::OpExpr>(all->testexpr)->args[0] = q.ColAt(v, 1);
  q.Select(q.ColAt(v, 1), "x");
  q.Select(any, "any");
  q.Select(all, "all");
  q.query().hasSubLinks = true;
  EXPECT_EQ(Run(q.query()), (Rows{{1, 1, 0},
                                  {2, std::nullopt, std::nullopt},
                                  {std::nullopt, std::nullopt, std::nullopt}}));
}

TEST_F(ExecuteTest, JoinsReturnTheSameRowsWithEveryMethod) {
  // SELECT a.column1, b.column2 FROM (VALUES ...) a JOIN (VALUES ...) b ON a.column1 = b.column1
  // LEFT JOIN variant too; run with hash joins on and off.
  auto build = [](bool left) {
    auto q = std::make_shared<QueryBuilder>();
    auto a = Values(*q, {{1}, {2}, {3}, {4}});
    auto b = Values(*q, {{1, 10}, {3, 30}, {3, 31}, {5, 50}});
    if (left) {
      auto join = std::make_shared<nodes::JoinExpr>();
      join->jointype = nodes::JoinType::kLeft;
      join->larg = q->query().jointree->fromlist[0];
      join->rarg = q->query().jointree->fromlist[1];
      join->quals = Op("=", q->ColAt(a, 1), q->ColAt(b, 1));
      q->query().jointree->fromlist = {join};
    } else {
      q->Where(Op("=", q->ColAt(a, 1), q->ColAt(b, 1)));
    }
    q->Select(q->ColAt(a, 1), "k");
    q->Select(q->ColAt(b, 2), "v");
    return q;
  };
  for (bool hash : {true, false}) {
    g_enable_hashjoin = hash;
    auto inner = build(false);
    Rows rows = Run(inner->query());
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, (Rows{{1, 10}, {3, 30}, {3, 31}})) << "hash=" << hash;
    auto left = build(true);
    rows = Run(left->query());
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, (Rows{{1, 10}, {2, std::nullopt}, {3, 30}, {3, 31}, {4, std::nullopt}}))
        << "hash=" << hash;
  }
  g_enable_hashjoin = true;
}

TEST_F(ExecuteTest, ExplainAnalyzeReportsSortAndHashStatistics) {
  QueryBuilder q;
  auto v = Values(q, {{3}, {1}, {2}});
  auto ref = q.Select(q.ColAt(v, 1), "x", false, true);
  q.OrderBy(ref, kInt4);
  ExplainOptions opts;
  opts.costs = false;
  opts.analyze = true;
  opts.timing = false;
  auto lines = ExplainQuery(q.query(), opts, nullptr, &snapshot_);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "Sort (actual rows=3 loops=1)");
  EXPECT_EQ(lines[1], "  Sort Key: column1");
  EXPECT_EQ(lines[2].rfind("  Sort Method: quicksort  Memory: ", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3], "  ->  Values Scan on \"*VALUES*\" (actual rows=3 loops=1)");

  // SUMMARY adds the planning and execution times (values vary; the layout does not).
  ExplainOptions summary = opts;
  summary.summary = true;
  auto with_summary = ExplainQuery(q.query(), summary, nullptr, &snapshot_);
  ASSERT_EQ(with_summary.size(), 6u);
  EXPECT_EQ(with_summary[4].rfind("Planning Time: ", 0), 0u);
  EXPECT_EQ(with_summary[5].rfind("Execution Time: ", 0), 0u);
  EXPECT_EQ(with_summary[5].substr(with_summary[5].size() - 3), " ms");

  QueryBuilder g;
  auto gv = Values(g, {{3}, {1}, {2}, {1}});
  auto gref = g.Select(g.ColAt(gv, 1), "x", false, true);
  g.Select(Agg("count", {}, true), "count");
  g.GroupBy(gref, kInt4);
  g.query().hasAggs = true;
  lines = ExplainQuery(g.query(), opts, nullptr, &snapshot_);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "HashAggregate (actual rows=3 loops=1)");
  EXPECT_EQ(lines[1], "  Group Key: column1");
  EXPECT_EQ(lines[2].rfind("  Batches: 1  Memory Usage: ", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3], "  ->  Values Scan on \"*VALUES*\" (actual rows=4 loops=1)");
}

}  // namespace
}  // namespace hyrax::planner
