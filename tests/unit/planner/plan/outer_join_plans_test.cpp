// RIGHT and FULL join plans and merge joins over index scans, compared with PostgreSQL 15's
// EXPLAIN for the same empty tables:
//   CREATE TABLE t (a int4, b text); CREATE TABLE t2 (x int4, y int4 NOT NULL);
//   CREATE TABLE it (a int PRIMARY KEY, b int); CREATE TABLE iu (a int, b text, c int);
//   CREATE INDEX iu_c_idx ON iu (c);
// Merge Full/Right Join with sorted inputs by default, Hash Full/Left Join without merge
// joins, join filters forcing hash full joins, outer-join reduction by WHERE clauses, the
// 0A000 error for FULL JOIN without an equality, and merge joins reading two index scans.
#include <gtest/gtest.h>

#include "common/error.h"
#include "planner/cost/costsize.h"
#include "planner/explain/explain.h"
#include "tests/unit/planner/planner_test_support.h"

namespace hyrax::planner {
namespace {

using namespace testing;  // NOLINT
using Lines = std::vector<std::string>;

constexpr Oid kInt4Ops = 1978;

// Registers a btree index `name` on `table`'s column `key` (once per process).
void MakeInt4Index(const std::string& table, const std::string& name, int16_t key, bool unique) {
  if (Catalog().RelationByName(name, catalog::kPublicNamespace)) return;
  static Oid next_oid = 42000;
  Oid table_oid = Catalog().RelationByName(table, catalog::kPublicNamespace)->oid;
  catalog::PgClass rel;
  rel.oid = next_oid++;
  rel.relname = name;
  rel.relnamespace = catalog::kPublicNamespace;
  rel.relfilenode = rel.oid;
  rel.relam = catalog::kBtreeAmOid;
  rel.relkind = 'i';
  rel.relnatts = 1;
  catalog::PgAttribute attr = Catalog().AttributesOf(table_oid).at(key - 1);
  attr.attrelid = rel.oid;
  attr.attnum = 1;
  Catalog().AddRelation(rel, {attr});
  catalog::PgIndex index;
  index.indexrelid = rel.oid;
  index.indrelid = table_oid;
  index.indnatts = 1;
  index.indnkeyatts = 1;
  index.indisunique = unique;
  index.indisprimary = unique;
  index.indkey = {key};
  index.indcollation = {kInvalidOid};
  index.indclass = {kInt4Ops};
  index.indoption = {0};
  Catalog().AddIndex(index);
  catalog::RelationCacheInvalidate();
}

class OuterJoinPlansTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    MakeTable("t", {{"a", kInt4}, {"b", kText}});
    MakeTable("t2", {{"x", kInt4}, {"y", kInt4, true}});
  }
  void TearDown() override {
    g_enable_hashjoin = true;
    g_enable_mergejoin = true;
  }
  // SELECT t.a, t.b, t2.x, t2.y FROM t <jointype> JOIN t2 ON <on> [WHERE <where>]
  static std::vector<std::string> ExplainJoin(
      nodes::JoinType jointype,
      const std::function<nodes::ExprPtr(QueryBuilder&, nodes::Index, nodes::Index)>& on,
      const std::function<nodes::ExprPtr(QueryBuilder&, nodes::Index, nodes::Index)>& where =
          nullptr) {
    QueryBuilder q;
    auto t = q.From("t", "", false);
    auto t2 = q.From("t2", "", false);
    auto join = std::make_shared<nodes::JoinExpr>();
    join->jointype = jointype;
    join->larg = std::make_shared<nodes::RangeTblRef>(t);
    join->rarg = std::make_shared<nodes::RangeTblRef>(t2);
    join->quals = on(q, t, t2);
    q.query().jointree->fromlist.push_back(join);
    if (where) q.Where(where(q, t, t2));
    q.Select(q.Col(t, "a"), "a");
    q.Select(q.Col(t, "b"), "b");
    q.Select(q.Col(t2, "x"), "x");
    q.Select(q.Col(t2, "y"), "y");
    return ExplainQuery(q.query(), {});
  }
  static nodes::ExprPtr AEqualsX(QueryBuilder& q, nodes::Index t, nodes::Index t2) {
    return Op("=", q.Col(t, "a"), q.Col(t2, "x"));
  }
  static nodes::ExprPtr And(nodes::ExprList args) {
    auto e = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd, std::move(args));
    e->result_type = kBool;
    return e;
  }
};

const Lines kSortedMergeTail = {"  Merge Cond: (t.a = t2.x)",
                                "  ->  Sort  (cost=88.17..91.35 rows=1270 width=36)",
                                "        Sort Key: t.a",
                                "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)",
                                "  ->  Sort  (cost=158.51..164.16 rows=2260 width=8)",
                                "        Sort Key: t2.x",
                                "        ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)"};

const Lines kHashTail = {"  Hash Cond: (t2.x = t.a)",
                         "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                         "  ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
                         "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"};

Lines Concat(std::string head, const Lines& tail) {
  Lines out{std::move(head)};
  out.insert(out.end(), tail.begin(), tail.end());
  return out;
}

TEST_F(OuterJoinPlansTest, FullJoinMergesSortedInputs) {
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kFull, AEqualsX),
            Concat("Merge Full Join  (cost=246.68..468.29 rows=14351 width=44)", kSortedMergeTail));
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kFull, AEqualsX),
            Concat("Hash Full Join  (cost=38.58..579.11 rows=14351 width=44)", kHashTail));
}

TEST_F(OuterJoinPlansTest, RightJoinIsALeftJoinWithSwappedInputs) {
  EXPECT_EQ(
      ExplainJoin(nodes::JoinType::kRight, AEqualsX),
      Concat("Merge Right Join  (cost=246.68..468.29 rows=14351 width=44)", kSortedMergeTail));
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kRight, AEqualsX),
            Concat("Hash Left Join  (cost=38.58..579.11 rows=14351 width=44)", kHashTail));
}

TEST_F(OuterJoinPlansTest, FullJoinWithAFilterClauseCannotMerge) {
  auto on = [](QueryBuilder& q, nodes::Index t, nodes::Index t2) {
    return And({Op("=", q.Col(t, "a"), q.Col(t2, "x")), Op("=", q.Col(t, "b"), Text("x"))});
  };
  Lines expected = {"Hash Full Join  (cost=38.58..614.99 rows=2260 width=44)",
                    "  Hash Cond: (t2.x = t.a)",
                    "  Join Filter: (t.b = 'x'::text)",
                    "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                    "  ->  Hash  (cost=22.70..22.70 rows=1270 width=36)",
                    "        ->  Seq Scan on t  (cost=0.00..22.70 rows=1270 width=36)"};
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kFull, on), expected);
  // enable_hashjoin = off only adds disable_cost: a full join has no other way.
  g_enable_hashjoin = false;
  expected[0] = "Hash Full Join  (cost=10000000038.58..10000000614.99 rows=2260 width=44)";
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kFull, on), expected);
}

TEST_F(OuterJoinPlansTest, StrictWhereClauseReducesOuterJoins) {
  auto b_is_x = [](QueryBuilder& q, nodes::Index t, nodes::Index) {
    return Op("=", q.Col(t, "b"), Text("x"));
  };
  const Lines filtered_t = {"  Hash Cond: (t2.x = t.a)",
                            "  ->  Seq Scan on t2  (cost=0.00..32.60 rows=2260 width=8)",
                            "  ->  Hash  (cost=25.88..25.88 rows=6 width=36)",
                            "        ->  Seq Scan on t  (cost=0.00..25.88 rows=6 width=36)",
                            "              Filter: (b = 'x'::text)"};
  // FULL -> LEFT (t is kept), executed with t hashed.
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kFull, AEqualsX, b_is_x),
            Concat("Hash Right Join  (cost=25.95..67.70 rows=68 width=44)", filtered_t));
  // RIGHT -> INNER.
  g_enable_mergejoin = false;
  EXPECT_EQ(ExplainJoin(nodes::JoinType::kRight, AEqualsX, b_is_x),
            Concat("Hash Join  (cost=25.95..67.70 rows=68 width=44)", filtered_t));
}

TEST_F(OuterJoinPlansTest, FullJoinWithoutEqualityIsNotSupported) {
  auto on = [](QueryBuilder& q, nodes::Index t, nodes::Index t2) {
    return Op(">", q.Col(t, "a"), q.Col(t2, "x"));
  };
  try {
    ExplainJoin(nodes::JoinType::kFull, on);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
    EXPECT_EQ(e.message(),
              "FULL JOIN is only supported with merge-joinable or hash-joinable join conditions");
  }
}

TEST_F(OuterJoinPlansTest, MergeJoinReadsOrderedIndexScans) {
  MakeTable("it", {{"a", kInt4, true}, {"b", kInt4}});
  MakeInt4Index("it", "it_pkey", 1, true);
  MakeTable("iu", {{"a", kInt4}, {"b", kText}, {"c", kInt4}});
  MakeInt4Index("iu", "iu_c_idx", 3, false);
  auto build = [](nodes::JoinType jointype) {
    QueryBuilder q;
    auto iu = q.From("iu", "", false);
    auto it = q.From("it", "", false);
    auto join = std::make_shared<nodes::JoinExpr>();
    join->jointype = jointype;
    join->larg = std::make_shared<nodes::RangeTblRef>(iu);
    join->rarg = std::make_shared<nodes::RangeTblRef>(it);
    join->quals = Op("=", q.Col(it, "a"), q.Col(iu, "c"));
    q.query().jointree->fromlist.push_back(join);
    for (const char* col : {"a", "b", "c"}) q.Select(q.Col(iu, col), col);
    for (const char* col : {"a", "b"}) q.Select(q.Col(it, col), col);
    return ExplainQuery(q.query(), {});
  };
  // With enable_hashjoin = off (PostgreSQL's hash join is cheaper here only because it
  // knows it.a is unique, which Hyrax's costs do not use yet):
  // SELECT * FROM iu FULL JOIN it ON it.a = iu.c
  g_enable_hashjoin = false;
  EXPECT_EQ(build(nodes::JoinType::kFull),
            (Lines{"Merge Full Join  (cost=0.31..160.86 rows=2260 width=48)",
                   "  Merge Cond: (iu.c = it.a)",
                   "  ->  Index Scan using iu_c_idx on iu  (cost=0.15..62.15 rows=1200 width=40)",
                   "  ->  Index Scan using it_pkey on it  (cost=0.15..78.06 rows=2260 width=8)"}));
  // SELECT * FROM iu RIGHT JOIN it ON it.a = iu.c
  EXPECT_EQ(
      build(nodes::JoinType::kRight),
      (Lines{"Merge Left Join  (cost=0.31..160.86 rows=2260 width=48)",
             "  Merge Cond: (it.a = iu.c)",
             "  ->  Index Scan using it_pkey on it  (cost=0.15..78.06 rows=2260 width=8)",
             "  ->  Index Scan using iu_c_idx on iu  (cost=0.15..62.15 rows=1200 width=40)"}));
}

}  // namespace
}  // namespace hyrax::planner
