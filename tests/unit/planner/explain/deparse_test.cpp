// Expression deparsing as PostgreSQL's ruleutils prints it in EXPLAIN: parentheses,
// constant labels, casts, CASE/COALESCE/NULLIF/GREATEST, tests, aggregates, parameters,
// and references into child plans. Expected strings are PostgreSQL 15's.
#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/deparse/deparse_expr.h"
#include "tests/unit/planner/planner_test_support.h"

namespace hyrax::executor {
namespace {

using namespace planner::testing;  // NOLINT

class DeparseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Catalog();
    MakeTable("dp", {{"a", kInt4}, {"b", kText}});
    rte_.rtekind = nodes::RteKind::kRelation;
    rte_.relid = Catalog().RelationByName("dp", catalog::kPublicNamespace)->oid;
    rte_.eref.aliasname = "dp";
    rte_.eref.colnames = {"a", "b"};
    rtable_ = {rte_};
    names_ = MakeRefNames(rtable_);
    ctx_.rtable = &rtable_;
    ctx_.refnames = &names_;
  }
  std::string Deparse(const nodes::ExprPtr& e, bool prefix = false) {
    DeparseContext c = ctx_;
    c.useprefix = prefix;
    return DeparseExpr(e, c);
  }
  nodes::ExprPtr A() { return nodes::MakeVar(1, 1, kInt4, -1, kInvalidOid); }
  nodes::ExprPtr B() { return nodes::MakeVar(1, 2, kText, -1, 100); }

  nodes::RangeTblEntry rte_;
  std::vector<nodes::RangeTblEntry> rtable_;
  std::vector<std::string> names_;
  DeparseContext ctx_;
};

TEST_F(DeparseTest, OperatorsAreFullyParenthesised) {
  EXPECT_EQ(Deparse(Op("=", Op("+", A(), Int4(1)), Int4(2))), "((a + 1) = 2)");
  EXPECT_EQ(Deparse(Op("=", A(), Int4(5)), true), "(dp.a = 5)");
  auto neg = std::make_shared<nodes::OpExpr>();
  auto um = FindOperator("-", 0, kInt4);
  neg->opno = um.oid;
  neg->result_type = kInt4;
  neg->args = {A()};
  EXPECT_EQ(Deparse(neg), "(- a)");
}

TEST_F(DeparseTest, ConstantsCarryPostgresLabels) {
  EXPECT_EQ(Deparse(Int4(7)), "7");
  EXPECT_EQ(Deparse(Int4(-7)), "'-7'::integer");
  EXPECT_EQ(Deparse(nodes::MakeInt8Const(3)), "'3'::bigint");
  EXPECT_EQ(Deparse(Text("it's")), "'it''s'::text");
  EXPECT_EQ(Deparse(nodes::MakeBoolConst(true)), "true");
  EXPECT_EQ(Deparse(nodes::MakeNullConst(kInt4, -1, kInvalidOid, 4, true)), "NULL::integer");
}

TEST_F(DeparseTest, BooleanAndNullTests) {
  auto both = nodes::MakeBoolExpr(nodes::BoolExprType::kAnd,
                                  {Op(">", A(), Int4(1)), Op("=", B(), Text("x"))});
  auto either = nodes::MakeBoolExpr(nodes::BoolExprType::kOr, {both, Op("<", A(), Int4(0))});
  EXPECT_EQ(Deparse(either), "(((a > 1) AND (b = 'x'::text)) OR (a < 0))");
  auto negated = nodes::MakeBoolExpr(nodes::BoolExprType::kNot, {Op("=", A(), Int4(1))});
  EXPECT_EQ(Deparse(negated), "(NOT (a = 1))");
  auto isnull = std::make_shared<nodes::NullTest>();
  isnull->arg = B();
  isnull->nulltesttype = nodes::NullTestType::kIsNotNull;
  EXPECT_EQ(Deparse(isnull), "(b IS NOT NULL)");
  auto bt = std::make_shared<nodes::BooleanTest>();
  bt->arg = Op("=", A(), Int4(1));
  bt->booltesttype = nodes::BoolTestType::kIsNotUnknown;
  EXPECT_EQ(Deparse(bt), "((a = 1) IS NOT UNKNOWN)");
}

TEST_F(DeparseTest, CastsCaseCoalesceNullifGreatest) {
  auto cast = std::make_shared<nodes::CoerceViaIO>();
  cast->arg = A();
  cast->result_type = kText;
  EXPECT_EQ(Deparse(cast), "(a)::text");
  auto implicit = std::make_shared<nodes::RelabelType>();
  implicit->arg = B();
  implicit->result_type = 1043;
  EXPECT_EQ(Deparse(implicit), "b");
  auto cs = std::make_shared<nodes::CaseExpr>();
  cs->args.push_back({Op(">", A(), Int4(1)), Text("x")});
  cs->defresult = B();
  EXPECT_EQ(Deparse(cs), "CASE WHEN (a > 1) THEN 'x'::text ELSE b END");
  auto coalesce = std::make_shared<nodes::CoalesceExpr>();
  coalesce->args = {B(), Text("z")};
  EXPECT_EQ(Deparse(coalesce), "COALESCE(b, 'z'::text)");
  auto nullif = std::make_shared<nodes::OpExpr>(nodes::NodeTag::kNullIfExpr);
  nullif->opno = FindOperator("=", kInt4, kInt4).oid;
  nullif->args = {A(), Int4(2)};
  EXPECT_EQ(Deparse(nullif), "NULLIF(a, 2)");
  auto greatest = std::make_shared<nodes::MinMaxExpr>();
  greatest->args = {A(), Int4(3)};
  EXPECT_EQ(Deparse(greatest), "GREATEST(a, 3)");
  auto distinct = std::make_shared<nodes::OpExpr>(nodes::NodeTag::kDistinctExpr);
  distinct->opno = FindOperator("=", kText, kText).oid;
  distinct->args = {B(), Text("x")};
  EXPECT_EQ(Deparse(distinct), "(b IS DISTINCT FROM 'x'::text)");
}

TEST_F(DeparseTest, AggregatesParamsAndSubPlans) {
  EXPECT_EQ(Deparse(Agg("count", {}, true)), "count(*)");
  EXPECT_EQ(Deparse(Agg("sum", {A()})), "sum(a)");
  auto p = std::make_shared<nodes::Param>();
  p->paramkind = nodes::ParamKind::kExec;
  p->paramid = 0;
  EXPECT_EQ(Deparse(p), "$0");
  std::map<int, std::string> referents = {{0, "t.a"}};
  DeparseContext c = ctx_;
  c.param_referents = &referents;
  EXPECT_EQ(DeparseExpr(p, c), "t.a");
  auto sp = std::make_shared<nodes::SubPlan>();
  sp->plan_name = "SubPlan 1";
  EXPECT_EQ(Deparse(nodes::MakeBoolExpr(nodes::BoolExprType::kNot, {sp})), "(NOT (SubPlan 1))");
}

TEST_F(DeparseTest, ReferencesIntoChildPlansAreResolved) {
  // A Sort over a scan whose second column is (a + 1): the Sort's reference shows the
  // child's expression in parentheses, a plain column without.
  auto scan = std::make_shared<nodes::SeqScan>();
  scan->scanrelid = 1;
  scan->targetlist = {nodes::TargetEntry{A(), 1}, nodes::TargetEntry{Op("+", A(), Int4(1)), 2}};
  auto sort = std::make_shared<nodes::Sort>();
  sort->lefttree = scan;
  DeparseContext c = ctx_;
  c.plan = sort.get();
  c.useprefix = true;
  EXPECT_EQ(DeparseExpr(nodes::MakeVar(nodes::kOuterVar, 2, kInt4, -1, 0), c), "((dp.a + 1))");
  EXPECT_EQ(DeparseExpr(nodes::MakeVar(nodes::kOuterVar, 1, kInt4, -1, 0), c), "dp.a");
}

TEST_F(DeparseTest, RepeatedRelationNamesGetSuffixes) {
  std::vector<nodes::RangeTblEntry> rtable = {rte_, rte_, rte_};
  auto names = MakeRefNames(rtable);
  EXPECT_EQ(names[1], "dp");
  EXPECT_EQ(names[2], "dp_1");
  EXPECT_EQ(names[3], "dp_2");
}

}  // namespace
}  // namespace hyrax::executor
