// Walkers, mutators, copy and equality over expression trees and Queries (node_funcs.h).
#include "nodes/node_funcs.h"

#include <gtest/gtest.h>

#include "common/varlena.h"
#include "nodes/make_nodes.h"

namespace hyrax::nodes {
namespace {

// int4 column 1 of RTE 1 + 42, as an OpExpr (int4pl is operator 551, function 177).
ExprPtr PlusExpr() {
  auto op = std::make_shared<OpExpr>();
  op->opno = 551;
  op->opfuncid = 177;
  op->result_type = 23;
  op->location = 9;
  auto var = MakeVar(1, 1, 23, -1, kInvalidOid);
  var->location = 7;
  op->args = {var, MakeInt4Const(42)};
  return op;
}

TEST(NodeFuncsTest, WalkerVisitsDirectChildrenOnly) {
  auto bool_expr = MakeBoolExpr(BoolExprType::kAnd, {PlusExpr(), MakeBoolConst(true)});
  int visited = 0;
  ExpressionTreeWalker(*bool_expr, [&](const ExprPtr&) {
    ++visited;
    return false;
  });
  EXPECT_EQ(visited, 2);
  int all = 0;
  WalkExprTree(bool_expr, [&](const Expr&, int) {
    ++all;
    return false;
  });
  EXPECT_EQ(all, 5);  // and, opexpr, var, const, const
}

TEST(NodeFuncsTest, WalkerStopsWhenCallbackReturnsTrue) {
  auto expr = PlusExpr();
  int visited = 0;
  bool stopped = ExpressionTreeWalker(*expr, [&](const ExprPtr&) {
    ++visited;
    return true;
  });
  EXPECT_TRUE(stopped);
  EXPECT_EQ(visited, 1);
}

TEST(NodeFuncsTest, WalkerEntersSubLinkQueriesOnlyWhenAsked) {
  auto sub = std::make_shared<Query>();
  sub->targetList.push_back(TargetEntry{MakeVar(1, 1, 23, -1, kInvalidOid, 1), 1, "x"});
  auto link = std::make_shared<SubLink>();
  link->subLinkType = SubLinkType::kExists;
  link->subselect = sub;
  int vars_without = 0, vars_with = 0, max_level = 0;
  WalkExprTree(link,
               [&](const Expr& e, int) { return vars_without += e.tag == NodeTag::kVar, false; });
  WalkExprTree(
      link,
      [&](const Expr& e, int level) {
        if (e.tag == NodeTag::kVar) ++vars_with, max_level = level;
        return false;
      },
      true);
  EXPECT_EQ(vars_without, 0);
  EXPECT_EQ(vars_with, 1);
  EXPECT_EQ(max_level, 1);
}

TEST(NodeFuncsTest, MutatorCopiesAndLeavesOriginalUntouched) {
  auto expr = PlusExpr();
  auto mutated = ExpressionTreeMutator(expr, [](const ExprPtr& child) -> ExprPtr {
    if (child->tag == NodeTag::kConst) return MakeInt4Const(7);
    return child;
  });
  ASSERT_NE(mutated.get(), expr.get());
  auto* orig_op = As<OpExpr>(expr);
  auto* new_op = As<OpExpr>(mutated);
  EXPECT_EQ(DatumGetInt32(As<Const>(orig_op->args[1])->constvalue), 42);
  EXPECT_EQ(DatumGetInt32(As<Const>(new_op->args[1])->constvalue), 7);
  EXPECT_EQ(new_op->args[0].get(), orig_op->args[0].get());  // unchanged child shared
}

TEST(NodeFuncsTest, EqualIgnoresLocationsButNotValues) {
  auto a = PlusExpr();
  auto b = PlusExpr();
  b->location = 100;
  EXPECT_TRUE(ExprEqual(a, b));
  As<OpExpr>(b)->args[1] = MakeInt4Const(43);
  EXPECT_FALSE(ExprEqual(a, b));
  EXPECT_FALSE(ExprEqual(MakeTextConst("abc"), MakeTextConst("abd")));
  EXPECT_TRUE(ExprEqual(MakeTextConst("abc"), MakeTextConst("abc")));
  EXPECT_FALSE(ExprEqual(a, nullptr));
}

TEST(NodeFuncsTest, DistinctExprDiffersFromOpExprWithSameFields) {
  auto op = PlusExpr();
  auto distinct = CopyExprShallow(*op);
  distinct->tag = NodeTag::kDistinctExpr;
  EXPECT_FALSE(ExprEqual(op, distinct));
  EXPECT_EQ(CopyExpr(distinct)->tag, NodeTag::kDistinctExpr);
}

TEST(NodeFuncsTest, DeepCopyDuplicatesEveryNode) {
  auto expr = PlusExpr();
  auto copy = CopyExpr(expr);
  EXPECT_TRUE(ExprEqual(expr, copy));
  EXPECT_NE(As<OpExpr>(copy)->args[0].get(), As<OpExpr>(expr)->args[0].get());
  auto text = MakeTextConst("hello");
  auto text_copy = CopyExpr(text);
  EXPECT_NE(As<Const>(text_copy)->constvalue, As<Const>(text)->constvalue);
  EXPECT_EQ(DatumGetString(As<Const>(text_copy)->constvalue), "hello");
}

TEST(NodeFuncsTest, ExprLocationIsLeftmost) {
  auto expr = PlusExpr();
  EXPECT_EQ(ExprLocation(expr.get()), 7);  // the Var, left of the operator at 9
  auto relabel = std::make_shared<RelabelType>();
  relabel->arg = expr;
  relabel->location = -1;
  EXPECT_EQ(ExprLocation(relabel.get()), 7);
}

TEST(NodeFuncsTest, QueryWalkerSeesTargetsAndQuals) {
  Query q;
  q.targetList.push_back(TargetEntry{PlusExpr(), 1, "sum"});
  q.jointree = std::make_shared<FromExpr>();
  q.jointree->fromlist.push_back(std::make_shared<RangeTblRef>(1));
  q.jointree->quals = MakeBoolConst(true);
  int count = 0;
  QueryTreeWalker(q, [&](const ExprPtr&) { return ++count, false; });
  EXPECT_EQ(count, 2);
  auto copy = CopyQuery(q);
  EXPECT_TRUE(QueryEqual(q, *copy));
  copy->jointree->quals = MakeBoolConst(false);
  EXPECT_FALSE(QueryEqual(q, *copy));
  EXPECT_TRUE(DatumGetBool(As<Const>(q.jointree->quals)->constvalue));
}

TEST(NodeFuncsTest, ReturnsSetLooksThroughArgumentsButNotAggregates) {
  auto srf = std::make_shared<FuncExpr>();
  srf->funcretset = true;
  auto outer = std::make_shared<FuncExpr>();
  outer->args = {srf};
  EXPECT_TRUE(ExpressionReturnsSet(outer));
  auto agg = std::make_shared<Aggref>();
  agg->args = std::make_shared<TargetList>(TargetList{TargetEntry{srf, 1}});
  EXPECT_FALSE(ExpressionReturnsSet(agg));
}

}  // namespace
}  // namespace hyrax::nodes
