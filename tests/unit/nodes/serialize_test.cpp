// Round trips of expression trees and Queries through their stored text form (serialize.h).
#include "nodes/serialize.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/varlena.h"
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"

namespace hyrax::nodes {
namespace {

ExprPtr SampleExpr() {
  auto op = std::make_shared<OpExpr>();
  op->opno = 98;  // text = text
  op->opfuncid = 67;
  op->result_type = 16;
  op->inputcollid = 100;
  op->location = 12;
  op->args = {MakeVar(1, 2, 25, -1, 100), MakeTextConst("it's \"quoted\" \\ ")};
  auto test = std::make_shared<NullTest>();
  test->arg = MakeVar(1, 1, 23, -1, kInvalidOid);
  test->nulltesttype = NullTestType::kIsNotNull;
  test->result_type = 16;
  auto cases = std::make_shared<CaseExpr>();
  cases->result_type = 23;
  cases->args.push_back(CaseWhen{test, MakeInt4Const(1), 3});
  cases->defresult = MakeNullConst(23, -1, kInvalidOid, 4, true);
  return MakeBoolExpr(BoolExprType::kOr, {op, MakeBoolConst(false), cases});
}

TEST(SerializeTest, ExpressionRoundTripsExactly) {
  ExprPtr expr = SampleExpr();
  std::string text = NodeToString(expr);
  ExprPtr back = StringToNode(text);
  EXPECT_TRUE(ExprEqual(expr, back));
  EXPECT_EQ(NodeToString(back), text);
  EXPECT_EQ(ExprLocation(As<BoolExpr>(back)->args[0].get()), 12);
}

TEST(SerializeTest, NullAndByReferenceConstantsKeepTheirBytes) {
  ExprPtr text = MakeTextConst("abc");
  ExprPtr back = StringToNode(NodeToString(text));
  EXPECT_EQ(DatumGetString(As<Const>(back)->constvalue), "abc");
  ExprPtr null = MakeNullConst(25, -1, 100, -1, false);
  EXPECT_TRUE(As<Const>(StringToNode(NodeToString(null)))->constisnull);
  EXPECT_EQ(StringToNode("<>"), nullptr);
}

TEST(SerializeTest, AggrefWithTargetListAndSortClauseRoundTrips) {
  auto agg = std::make_shared<Aggref>();
  agg->aggfnoid = 2803;
  agg->result_type = 20;
  agg->aggstar = true;
  agg->args = std::make_shared<TargetList>(TargetList{TargetEntry{MakeInt4Const(1), 1, "x"}});
  agg->aggorder.push_back(SortGroupClause{1, 96, 97, false, true});
  ExprPtr back = StringToNode(NodeToString(agg));
  EXPECT_TRUE(ExprEqual(agg, back));
  EXPECT_EQ(As<Aggref>(back)->aggorder[0].sortop, 97u);
}

TEST(SerializeTest, QueryRoundTrips) {
  Query q;
  q.commandType = CmdType::kSelect;
  RangeTblEntry rte;
  rte.relid = 16384;
  rte.eref.aliasname = "t";
  rte.eref.colnames = {"a", "b"};
  rte.alias = Alias{"t", {}};
  rte.requiredPerms = kAclSelect;
  q.rtable.push_back(rte);
  q.jointree = std::make_shared<FromExpr>();
  q.jointree->fromlist.push_back(std::make_shared<RangeTblRef>(1));
  q.jointree->quals = SampleExpr();
  q.targetList.push_back(TargetEntry{MakeVar(1, 1, 23, -1, kInvalidOid), 1, "a", 1, 16384, 1});
  q.sortClause.push_back(SortGroupClause{1, 96, 97, false, true});
  q.limitCount = MakeInt8Const(10);
  q.paramTypes = {23, 25};
  std::string text = QueryToString(q);
  QueryPtr back = StringToQuery(text);
  EXPECT_TRUE(QueryEqual(q, *back));
  EXPECT_EQ(back->rtable[0].eref.colnames[1], "b");
  EXPECT_EQ(back->paramTypes.size(), 2u);
  EXPECT_EQ(QueryToString(*back), text);
}

TEST(SerializeTest, SubLinkCarriesItsQuery) {
  auto sub = std::make_shared<Query>();
  sub->targetList.push_back(TargetEntry{MakeInt4Const(5), 1, "five"});
  auto link = std::make_shared<SubLink>();
  link->subLinkType = SubLinkType::kExpr;
  link->subselect = sub;
  link->result_type = 23;
  ExprPtr back = StringToNode(NodeToString(link));
  ASSERT_NE(As<SubLink>(back)->subselect, nullptr);
  EXPECT_EQ(As<SubLink>(back)->subselect->targetList[0].resname, "five");
}

TEST(SerializeTest, UnknownFieldsAreSkippedAndMissingOnesDefault) {
  ExprPtr back = StringToNode("{VAR :type 23 :future (1 {X :y 2}) :varno 3}");
  ASSERT_EQ(back->tag, NodeTag::kVar);
  EXPECT_EQ(As<Var>(back)->varno, 3u);
  EXPECT_EQ(back->result_type, 23u);
  EXPECT_EQ(back->result_typmod, -1);
}

TEST(SerializeTest, MalformedTextThrowsInternalError) {
  EXPECT_THROW(StringToNode("{NOSUCHNODE}"), Error);
  EXPECT_THROW(StringToNode("{VAR :varno 1"), Error);
  EXPECT_THROW(StringToNode("{VAR} junk"), Error);
}

}  // namespace
}  // namespace hyrax::nodes
