// Index scan plans and costs, compared with PostgreSQL 15's EXPLAIN for the same empty,
// never-analyzed tables (10 heap pages assumed, a one-page index):
//   CREATE TABLE it (a int PRIMARY KEY, b int);
//   CREATE TABLE iu (a int, b text, c int); CREATE INDEX iu_c_idx ON iu (c);
// with enable_bitmapscan = off where PostgreSQL would prefer a bitmap scan.
#include <gtest/gtest.h>

#include "planner/cost/costsize.h"
#include "planner/explain/explain.h"
#include "tests/unit/planner/planner_test_support.h"

namespace hyrax::planner {
namespace {

using namespace testing;  // NOLINT

constexpr Oid kInt4Ops = 1978;

// Registers a btree index `name` on `table`'s columns `keys` (once per process).
void MakeIndex(const std::string& table, const std::string& name, const std::vector<int16_t>& keys,
               bool unique) {
  if (Catalog().RelationByName(name, catalog::kPublicNamespace)) return;
  static Oid next_oid = 41000;
  Oid table_oid = Catalog().RelationByName(table, catalog::kPublicNamespace)->oid;
  catalog::PgClass rel;
  rel.oid = next_oid++;
  rel.relname = name;
  rel.relnamespace = catalog::kPublicNamespace;
  rel.relfilenode = rel.oid;
  rel.relam = catalog::kBtreeAmOid;
  rel.relkind = 'i';
  rel.relnatts = static_cast<int16_t>(keys.size());
  std::vector<catalog::PgAttribute> attrs;
  auto table_attrs = Catalog().AttributesOf(table_oid);
  for (size_t i = 0; i < keys.size(); ++i) {
    catalog::PgAttribute a = table_attrs.at(keys[i] - 1);
    a.attrelid = rel.oid;
    a.attnum = static_cast<int16_t>(i + 1);
    attrs.push_back(a);
  }
  Catalog().AddRelation(rel, attrs);
  catalog::PgIndex index;
  index.indexrelid = rel.oid;
  index.indrelid = table_oid;
  index.indnatts = static_cast<int16_t>(keys.size());
  index.indnkeyatts = index.indnatts;
  index.indisunique = unique;
  index.indisprimary = unique;
  index.indkey = keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    index.indcollation.push_back(kInvalidOid);
    index.indclass.push_back(kInt4Ops);
    index.indoption.push_back(0);
  }
  Catalog().AddIndex(index);
  catalog::RelationCacheInvalidate();
}

class IndexPlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    MakeTable("it", {{"a", kInt4, true}, {"b", kInt4}});
    MakeIndex("it", "it_pkey", {1}, true);
    MakeTable("iu", {{"a", kInt4}, {"b", kText}, {"c", kInt4}});
    MakeIndex("iu", "iu_c_idx", {3}, false);
  }
  void TearDown() override {
    g_enable_indexscan = true;
    g_enable_indexonlyscan = true;
  }
  static std::vector<std::string> Explain(nodes::Query& q) { return ExplainQuery(q, {}); }
  using Lines = std::vector<std::string>;
};

TEST_F(IndexPlansTest, EqualityOnPrimaryKeyIsOneRowIndexScan) {
  QueryBuilder q;
  auto t = q.From("it");
  q.Select(q.Col(t, "a"), "a");
  q.Select(q.Col(t, "b"), "b");
  q.Where(Op("=", q.Col(t, "a"), Int4(1)));
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Index Scan using it_pkey on it  (cost=0.15..8.17 rows=1 width=8)",
                   "  Index Cond: (a = 1)"}));
}

TEST_F(IndexPlansTest, ConstantOnTheLeftIsCommuted) {
  QueryBuilder q;
  auto t = q.From("it");
  q.Select(q.Col(t, "b"), "b");
  q.Where(Op("=", Int4(1), q.Col(t, "a")));
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Index Scan using it_pkey on it  (cost=0.15..8.17 rows=1 width=4)",
                   "  Index Cond: (a = 1)"}));
}

TEST_F(IndexPlansTest, IndexColumnsOnlyGiveIndexOnlyScan) {
  QueryBuilder q;
  auto t = q.From("it");
  q.Select(q.Col(t, "a"), "a");
  q.Where(Op("=", q.Col(t, "a"), Int4(1)));
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Index Only Scan using it_pkey on it  (cost=0.15..8.17 rows=1 width=4)",
                   "  Index Cond: (a = 1)"}));
}

TEST_F(IndexPlansTest, OtherRestrictionsBecomeFilter) {
  QueryBuilder q;
  auto t = q.From("it");
  q.Select(q.Col(t, "a"), "a");
  q.Select(q.Col(t, "b"), "b");
  auto both = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, {Op("=", q.Col(t, "a"), Int4(1)),
                                                              Op("=", q.Col(t, "b"), Int4(2))});
  both->result_type = kBool;
  q.Where(both);
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Index Scan using it_pkey on it  (cost=0.15..8.17 rows=1 width=8)",
                   "  Index Cond: (a = 1)", "  Filter: (b = 2)"}));
}

TEST_F(IndexPlansTest, OrderByLimitReadsTheIndexInOrder) {
  for (bool desc : {false, true}) {
    QueryBuilder q;
    auto t = q.From("it");
    auto ref = q.Select(q.Col(t, "a"), "a", false, true);
    q.Select(q.Col(t, "b"), "b");
    q.OrderBy(ref, kInt4, desc);
    q.query().limitCount = nodes::MakeInt8Const(10);
    std::string scan = desc ? "Index Scan Backward" : "Index Scan";
    EXPECT_EQ(
        Explain(q.query()),
        (Lines{"Limit  (cost=0.15..0.50 rows=10 width=8)",
               "  ->  " + scan + " using it_pkey on it  (cost=0.15..78.06 rows=2260 width=8)"}));
  }
}

TEST_F(IndexPlansTest, OrderByWithoutLimitPrefersTheIndexOverSorting) {
  QueryBuilder q;
  auto t = q.From("it");
  auto ref = q.Select(q.Col(t, "a"), "a", false, true);
  q.Select(q.Col(t, "b"), "b");
  q.OrderBy(ref, kInt4);
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Index Scan using it_pkey on it  (cost=0.15..78.06 rows=2260 width=8)"}));
}

TEST_F(IndexPlansTest, NonUniqueIndexEquality) {
  QueryBuilder q;
  auto u = q.From("iu");
  q.Select(q.Col(u, "a"), "a");
  q.Select(q.Col(u, "b"), "b");
  q.Select(q.Col(u, "c"), "c");
  q.Where(Op("=", q.Col(u, "c"), Int4(5)));
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Index Scan using iu_c_idx on iu  (cost=0.15..24.26 rows=6 width=40)",
                   "  Index Cond: (c = 5)"}));
}

TEST_F(IndexPlansTest, EnableIndexscanOffFallsBackToSeqScan) {
  g_enable_indexscan = false;
  QueryBuilder q;
  auto t = q.From("it");
  q.Select(q.Col(t, "a"), "a");
  q.Select(q.Col(t, "b"), "b");
  q.Where(Op("=", q.Col(t, "a"), Int4(1)));
  EXPECT_EQ(Explain(q.query()),
            (Lines{"Seq Scan on it  (cost=0.00..38.25 rows=1 width=8)", "  Filter: (a = 1)"}));
}

TEST_F(IndexPlansTest, NestedLoopWithParameterisedInnerIndexScan) {
  QueryBuilder q;
  auto u = q.From("iu");
  auto t = q.From("it", "t1");
  q.Select(q.Col(u, "a"), "a");
  q.Select(q.Col(t, "b"), "b");
  auto both = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, {Op("=", q.Col(u, "c"), q.Col(t, "a")),
                                                              Op("=", q.Col(u, "a"), Int4(7))});
  both->result_type = kBool;
  q.Where(both);
  std::vector<std::string> plan = Explain(q.query());
  ASSERT_EQ(plan.size(), 5u) << ::testing::PrintToString(plan);
  EXPECT_EQ(plan[0].substr(0, 11), "Nested Loop");
  EXPECT_EQ(plan[3], "  ->  Index Scan using it_pkey on it t1  (cost=0.15..4.17 rows=1 width=8)");
  EXPECT_EQ(plan[4], "        Index Cond: (a = iu.c)");
}

}  // namespace
}  // namespace hyrax::planner
