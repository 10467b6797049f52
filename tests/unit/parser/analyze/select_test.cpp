// SELECT analysis: range tables, column references (qualified, *, system columns), joins
// and their merged columns, GROUP BY / HAVING / aggregates, ORDER BY rules, DISTINCT,
// LIMIT, sub-selects (correlated Vars), set operations, CTEs and window functions.
#include "../parser_test_util.h"

namespace hyrax::parser::testing {
namespace {

using nodes::As;
using nodes::NodeTag;

class SelectTest : public ParserTest {};

const nodes::Var* VarOf(const nodes::ExprPtr& e) {
  EXPECT_EQ(e->tag, NodeTag::kVar);
  return As<nodes::Var>(e);
}

TEST_F(SelectTest, ColumnReferencesBecomeVarsWithOrigins) {
  auto q = Analyze1("select a, t.b, public.t.c from t");
  ASSERT_EQ(q->rtable.size(), 1u);
  EXPECT_EQ(q->rtable[0].relid, kTableT);
  EXPECT_EQ(q->rtable[0].rellockmode, 1);  // AccessShareLock
  EXPECT_EQ(VarOf(q->targetList[0].expr)->varattno, 1);
  EXPECT_EQ(VarOf(q->targetList[2].expr)->varattno, 3);
  EXPECT_EQ(q->targetList[2].expr->result_typmod, 14);
  EXPECT_EQ(q->targetList[1].resorigtbl, kTableT);
  EXPECT_EQ(q->targetList[1].resorigcol, 2);
  EXPECT_EQ(q->rtable[0].selectedCols, (std::vector<nodes::AttrNumber>{1, 2, 3}));
}

TEST_F(SelectTest, StarExpandsEveryVisibleColumnInOrder) {
  auto q = Analyze1("select *, u.* from t, u");
  ASSERT_EQ(q->targetList.size(), 13u);
  EXPECT_EQ(q->targetList[0].resname, "a");
  EXPECT_EQ(q->targetList[3].resname, "x");
  EXPECT_EQ(q->targetList[8].resname, "x");
  EXPECT_EQ(VarOf(q->targetList[8].expr)->varno, 2u);
}

TEST_F(SelectTest, SystemColumnsHavePostgresTypes) {
  auto q = Analyze1("select ctid, xmin, cmin, xmax, cmax, tableoid from t");
  const Oid types[] = {27, 28, 29, 28, 29, 26};
  const int attnos[] = {-1, -2, -3, -4, -5, -6};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(q->targetList[i].expr->result_type, types[i]);
    EXPECT_EQ(VarOf(q->targetList[i].expr)->varattno, attnos[i]);
  }
}

TEST_F(SelectTest, WholeRowReferenceUsesTheRowType) {
  auto e = FirstTarget("select t from t");
  EXPECT_EQ(VarOf(e)->varattno, 0);
  EXPECT_EQ(e->result_type, kTableT + 1);
}

TEST_F(SelectTest, AliasesRenameTablesAndColumns) {
  auto q = Analyze1("select x1.q from t as x1(q, r)");
  EXPECT_EQ(q->rtable[0].eref.aliasname, "x1");
  EXPECT_EQ(q->rtable[0].eref.colnames[0], "q");
  EXPECT_EQ(q->targetList[0].resname, "q");
}

TEST_F(SelectTest, InnerJoinColumnsReferToTheirInputs) {
  auto q = Analyze1("select a, x from t join u on a = x");
  ASSERT_EQ(q->rtable.size(), 3u);
  EXPECT_EQ(q->rtable[2].rtekind, nodes::RteKind::kJoin);
  ASSERT_EQ(q->jointree->fromlist.size(), 1u);
  auto* join = static_cast<nodes::JoinExpr*>(q->jointree->fromlist[0].get());
  EXPECT_EQ(join->jointype, nodes::JoinType::kInner);
  EXPECT_EQ(As<nodes::OpExpr>(join->quals)->opno, 96u);
  EXPECT_EQ(VarOf(q->targetList[0].expr)->varno, 1u);
  EXPECT_EQ(VarOf(q->targetList[1].expr)->varno, 2u);
}

TEST_F(SelectTest, FullJoinUsingMergesColumnsWithCoalesce) {
  auto q = Analyze1("select * from t t1 full join t t2 using (a)");
  ASSERT_EQ(q->targetList.size(), 5u);
  const auto* merged = VarOf(q->targetList[0].expr);
  EXPECT_EQ(merged->varno, 3u);  // the join RTE
  EXPECT_EQ(q->rtable[2].joinaliasvars[0]->tag, NodeTag::kCoalesceExpr);
  EXPECT_EQ(q->rtable[2].joinmergedcols, 1);
  auto left = Analyze1("select a from t t1 left join t t2 using (a)");
  EXPECT_EQ(VarOf(left->targetList[0].expr)->varno, 1u);
  EXPECT_EQ(VarOf(left->targetList[0].expr)->varnosyn, 3u);
}

TEST_F(SelectTest, NaturalJoinUsesCommonColumnNames) {
  auto q = Analyze1("select * from t natural join (select 1 as a, 2 as z) s2");
  auto* join = static_cast<nodes::JoinExpr*>(q->jointree->fromlist[0].get());
  EXPECT_EQ(join->usingClause, (std::vector<std::string>{"a"}));
  EXPECT_EQ(q->targetList.size(), 4u);  // a, b, c, z
}

TEST_F(SelectTest, AggregatesAndGroupBy) {
  auto q = Analyze1("select b, count(*), sum(a) from t group by b having count(*) > 1");
  EXPECT_TRUE(q->hasAggs);
  ASSERT_EQ(q->groupClause.size(), 1u);
  EXPECT_EQ(q->groupClause[0].eqop, 98u);
  EXPECT_EQ(q->groupClause[0].sortop, 664u);
  auto* count = As<nodes::Aggref>(q->targetList[1].expr);
  EXPECT_EQ(count->aggfnoid, 2803u);
  EXPECT_TRUE(count->aggstar);
  EXPECT_EQ(count->result_type, 20u);
  auto* sum = As<nodes::Aggref>(q->targetList[2].expr);
  EXPECT_EQ(sum->aggfnoid, 2108u);
  EXPECT_EQ(sum->aggargtypes, (std::vector<Oid>{23}));
  ASSERT_TRUE(q->havingQual);
}

TEST_F(SelectTest, GroupingByPrimaryKeyAllowsOtherColumns) {
  auto q = Analyze1("select a, b, c from t group by a");
  EXPECT_EQ(q->constraintDeps, (std::vector<Oid>{40001}));
}

TEST_F(SelectTest, AggregateOfOuterColumnBelongsToTheOuterQuery) {
  auto q = Analyze1("select (select sum(t.a) from u) from t");
  EXPECT_TRUE(q->hasAggs);
  auto* link = As<nodes::SubLink>(q->targetList[0].expr);
  auto* agg = As<nodes::Aggref>(link->subselect->targetList[0].expr);
  EXPECT_EQ(agg->agglevelsup, 1u);
  EXPECT_FALSE(link->subselect->hasAggs);
}

TEST_F(SelectTest, OrderByOutputNameOrdinalAndExpression) {
  auto q = Analyze1("select a as k, b from t order by k desc, 2, c nulls first");
  ASSERT_EQ(q->sortClause.size(), 3u);
  EXPECT_EQ(q->sortClause[0].sortop, 521u);   // int4 >
  EXPECT_TRUE(q->sortClause[0].nulls_first);  // DESC defaults to NULLS FIRST
  EXPECT_EQ(q->sortClause[1].sortop, 664u);
  EXPECT_FALSE(q->sortClause[1].nulls_first);
  ASSERT_EQ(q->targetList.size(), 3u);  // c added as a junk column
  EXPECT_TRUE(q->targetList[2].resjunk);
  EXPECT_TRUE(q->sortClause[2].nulls_first);
}

TEST_F(SelectTest, DistinctAndDistinctOn) {
  auto q = Analyze1("select distinct a, b from t");
  EXPECT_EQ(q->distinctClause.size(), 2u);
  EXPECT_FALSE(q->hasDistinctOn);
  auto on = Analyze1("select distinct on (b) a, b from t order by b, a");
  EXPECT_TRUE(on->hasDistinctOn);
  EXPECT_EQ(on->distinctClause.size(), 1u);
}

TEST_F(SelectTest, LimitAndOffsetAreBigint) {
  auto q = Analyze1("select a from t limit 10 offset 5");
  EXPECT_EQ(q->limitCount->result_type, 20u);
  EXPECT_EQ(q->limitOffset->result_type, 20u);
  auto all = Analyze1("select a from t limit all");
  ASSERT_TRUE(all->limitCount);
  EXPECT_TRUE(As<nodes::Const>(all->limitCount)->constisnull);
}

TEST_F(SelectTest, CorrelatedSubqueryVarsPointUp) {
  auto q = Analyze1("select a from t where exists (select 1 from u where x = t.a)");
  EXPECT_TRUE(q->hasSubLinks);
  auto* link = As<nodes::SubLink>(q->jointree->quals);
  EXPECT_EQ(link->subLinkType, nodes::SubLinkType::kExists);
  auto* op = As<nodes::OpExpr>(link->subselect->jointree->quals);
  EXPECT_EQ(VarOf(op->args[1])->varlevelsup, 1u);
}

TEST_F(SelectTest, InSubqueryIsAnySubLinkWithParams) {
  auto q = Analyze1("select a from t where a in (select x from u)");
  auto* link = As<nodes::SubLink>(q->jointree->quals);
  EXPECT_EQ(link->subLinkType, nodes::SubLinkType::kAny);
  auto* test = As<nodes::OpExpr>(link->testexpr);
  EXPECT_EQ(test->args[1]->tag, NodeTag::kParam);
  EXPECT_EQ(As<nodes::Param>(test->args[1])->paramkind, nodes::ParamKind::kSublink);
}

TEST_F(SelectTest, ScalarSubqueryTakesItsColumnTypeAndName) {
  auto q = Analyze1("select (select max(y) from u) from t");
  EXPECT_EQ(q->targetList[0].expr->result_type, 1700u);
  EXPECT_EQ(q->targetList[0].resname, "max");
}

TEST_F(SelectTest, SubqueryInFromIsASubqueryRte) {
  auto q = Analyze1("select s2.n from (select a + 1 as n from t) s2");
  EXPECT_EQ(q->rtable[0].rtekind, nodes::RteKind::kSubquery);
  EXPECT_EQ(q->targetList[0].expr->result_type, 23u);
}

TEST_F(SelectTest, UnionResolvesColumnTypes) {
  auto q = Analyze1("select a from t union select 2.5");
  ASSERT_TRUE(q->setOperations);
  EXPECT_EQ(q->setOperations->colTypes, (std::vector<Oid>{1700}));
  EXPECT_EQ(q->targetList[0].expr->result_type, 1700u);
  EXPECT_EQ(q->setOperations->groupClauses.size(), 1u);
  auto all = Analyze1("select a from t union all select x from u");
  EXPECT_TRUE(all->setOperations->all);
  EXPECT_TRUE(all->setOperations->groupClauses.empty());
  auto lits = Analyze1("select 'a' union select 'b'");
  EXPECT_EQ(lits->setOperations->colTypes, (std::vector<Oid>{25}));
}

TEST_F(SelectTest, ValuesListsBecomeAValuesRte) {
  auto q = Analyze1("values (1, 'a'), (2.5, 'b')");
  ASSERT_EQ(q->rtable.size(), 1u);
  EXPECT_EQ(q->rtable[0].rtekind, nodes::RteKind::kValues);
  EXPECT_EQ(q->rtable[0].coltypes, (std::vector<Oid>{1700, 25}));
  EXPECT_EQ(q->targetList[0].resname, "column1");
}

TEST_F(SelectTest, CommonTableExpressions) {
  auto q = Analyze1("with w(n) as (select a from t) select n from w");
  ASSERT_EQ(q->cteList.size(), 1u);
  EXPECT_EQ(q->cteList[0].ctecolnames, (std::vector<std::string>{"n"}));
  EXPECT_EQ(q->cteList[0].cterefcount, 1);
  EXPECT_EQ(q->rtable[0].rtekind, nodes::RteKind::kCte);
  auto rec = Analyze1(
      "with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select * from "
      "r");
  EXPECT_TRUE(rec->hasRecursive);
  EXPECT_TRUE(rec->cteList[0].cterecursive);
  EXPECT_EQ(rec->cteList[0].ctecoltypes, (std::vector<Oid>{23}));
}

TEST_F(SelectTest, WindowFunctionsGetWindowClauses) {
  auto q = Analyze1(
      "select row_number() over w, sum(a) over (partition by b order by a) from t "
      "window w as (order by a)");
  EXPECT_TRUE(q->hasWindowFuncs);
  ASSERT_EQ(q->windowClause.size(), 2u);
  EXPECT_EQ(q->windowClause[0].name, "w");
  EXPECT_EQ(As<nodes::WindowFunc>(q->targetList[0].expr)->winref, 1u);
  EXPECT_EQ(As<nodes::WindowFunc>(q->targetList[1].expr)->winref, 2u);
  EXPECT_TRUE(As<nodes::WindowFunc>(q->targetList[1].expr)->winagg);
  EXPECT_EQ(q->windowClause[1].partitionClause.size(), 1u);
}

TEST_F(SelectTest, FunctionsInFrom) {
  auto q = Analyze1("select g from generate_series(1, 3) g");
  EXPECT_EQ(q->rtable[0].rtekind, nodes::RteKind::kFunction);
  EXPECT_EQ(q->rtable[0].coltypes, (std::vector<Oid>{23}));
  EXPECT_EQ(q->rtable[0].eref.colnames, (std::vector<std::string>{"g"}));
  auto ord = Analyze1("select * from generate_series(1, 3) with ordinality");
  EXPECT_EQ(ord->targetList.size(), 2u);
  EXPECT_EQ(ord->targetList[0].resname, "generate_series");
  EXPECT_EQ(ord->targetList[1].resname, "ordinality");
}

TEST_F(SelectTest, ForUpdateMarksRows) {
  auto q = Analyze1("select a from t for update");
  EXPECT_TRUE(q->hasForUpdate);
  ASSERT_EQ(q->rowMarks.size(), 1u);
  EXPECT_EQ(q->rowMarks[0].rti, 1u);
  EXPECT_EQ(q->rtable[0].rellockmode, 2);  // RowShareLock
}

TEST_F(SelectTest, GroupingSetsAndGrouping) {
  auto q = Analyze1("select a, grouping(a) from t group by rollup(a)");
  ASSERT_EQ(q->groupingSets.size(), 1u);
  EXPECT_EQ(q->groupingSets[0].kind, nodes::GroupingSetKind::kRollup);
  auto* g = As<nodes::GroupingFunc>(q->targetList[1].expr);
  EXPECT_EQ(g->refs, (std::vector<nodes::Index>{1}));
}

TEST_F(SelectTest, SchemaQualifiedTablesAndSearchPath) {
  auto q = Analyze1("select d from s.t2");
  EXPECT_EQ(q->rtable[0].relid, kTableT2);
  catalog::g_search_path = "s, public";
  auto q2 = Analyze1("select d from t2");
  catalog::g_search_path = "\"$user\", public";
  EXPECT_EQ(q2->rtable[0].relid, kTableT2);
}

TEST_F(SelectTest, ScalarSubSelectColumnTakesItsOutputName) {
  EXPECT_EQ(Analyze1("select (select u.x from u)")->targetList[0].resname, "x");
  EXPECT_EQ(Analyze1("select (values (1))")->targetList[0].resname, "column1");
  EXPECT_EQ(Analyze1("select (select 1 union select 2)")->targetList[0].resname, "?column?");
}

TEST_F(SelectTest, LockHookSeesEveryRelation) {
  std::vector<std::pair<Oid, int>> locks;
  AnalyzeOptions options;
  options.lock_relation = [&](Oid relid, int mode) { locks.emplace_back(relid, mode); };
  Analyze1("select * from t, u", options);
  ASSERT_EQ(locks.size(), 2u);
  EXPECT_EQ(locks[0], std::make_pair(kTableT, 1));
}

}  // namespace
}  // namespace hyrax::parser::testing
