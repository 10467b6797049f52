// INSERT / UPDATE / DELETE analysis: target entries per column (resno = attnum), assignment
// coercions, DEFAULT, multi-row VALUES, INSERT ... SELECT, RETURNING, ON CONFLICT.
#include "../parser_test_util.h"
#include "common/varlena.h"

namespace hyrax::parser::testing {
namespace {

using nodes::As;
using nodes::NodeTag;

class DmlTest : public ParserTest {};

TEST_F(DmlTest, InsertSingleRowCoercesToColumnTypes) {
  auto q = Analyze1("insert into t values (1, 'x', 'abc')");
  EXPECT_EQ(q->commandType, nodes::CmdType::kInsert);
  EXPECT_EQ(q->resultRelation, 1u);
  EXPECT_EQ(q->rtable[0].rellockmode, 3);  // RowExclusiveLock
  EXPECT_EQ(q->rtable[0].requiredPerms, nodes::kAclInsert);
  ASSERT_EQ(q->targetList.size(), 3u);
  EXPECT_EQ(q->targetList[1].resno, 2);
  EXPECT_EQ(q->targetList[1].resname, "b");
  EXPECT_EQ(q->targetList[1].expr->tag, NodeTag::kConst);
  EXPECT_EQ(q->targetList[1].expr->result_type, 25u);
  // varchar(10): the literal becomes a varchar Const under the length-coercion function.
  auto* len = As<nodes::FuncExpr>(q->targetList[2].expr);
  EXPECT_EQ(len->funcid, 669u);
  EXPECT_FALSE(DatumGetBool(As<nodes::Const>(len->args[2])->constvalue));  // not explicit
  EXPECT_EQ(len->args[0]->result_type, 1043u);
}

TEST_F(DmlTest, InsertColumnListOrderAndDefaults) {
  auto q = Analyze1("insert into t (c, a) values (default, 7)");
  ASSERT_EQ(q->targetList.size(), 2u);
  EXPECT_EQ(q->targetList[0].resno, 3);
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kSetToDefault);
  EXPECT_EQ(q->targetList[0].expr->result_type, 1043u);
  EXPECT_EQ(q->targetList[1].resno, 1);
  EXPECT_EQ(q->rtable[0].insertedCols, (std::vector<nodes::AttrNumber>{3, 1}));
}

TEST_F(DmlTest, InsertFewerValuesThanColumnsWithoutAList) {
  auto q = Analyze1("insert into t values (1)");
  EXPECT_EQ(q->targetList.size(), 1u);
  auto d = Analyze1("insert into t default values");
  EXPECT_TRUE(d->targetList.empty());
}

TEST_F(DmlTest, InsertAssignmentCastsIntToText) {
  auto q = Analyze1("insert into t (a, b) values (1.7, 5)");
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kFuncExpr);     // int4(numeric), assignment cast
  EXPECT_EQ(q->targetList[1].expr->tag, NodeTag::kCoerceViaIO);  // to a string type via I/O
}

TEST_F(DmlTest, MultiRowValuesUseAValuesRte) {
  auto q = Analyze1("insert into t (a, b) values (1, 'x'), (2, default)");
  ASSERT_EQ(q->rtable.size(), 2u);
  EXPECT_EQ(q->rtable[1].rtekind, nodes::RteKind::kValues);
  EXPECT_EQ(q->rtable[1].values_lists.size(), 2u);
  EXPECT_EQ(q->rtable[1].values_lists[1][1]->tag, NodeTag::kSetToDefault);
  EXPECT_EQ(q->rtable[1].coltypes, (std::vector<Oid>{23, 25}));
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kVar);
  ASSERT_EQ(q->jointree->fromlist.size(), 1u);
}

TEST_F(DmlTest, InsertSelectUsesASubqueryRte) {
  auto q = Analyze1("insert into t (a, b) select x, 'lit' from u");
  ASSERT_EQ(q->rtable.size(), 2u);
  EXPECT_EQ(q->rtable[1].rtekind, nodes::RteKind::kSubquery);
  EXPECT_EQ(q->rtable[1].eref.aliasname, "*SELECT*");
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kVar);
  // The unknown literal is coerced straight to the column type.
  EXPECT_EQ(q->targetList[1].expr->tag, NodeTag::kConst);
  EXPECT_EQ(q->targetList[1].expr->result_type, 25u);
}

TEST_F(DmlTest, InsertReturning) {
  auto q = Analyze1("insert into t values (1) returning a, b || 'x' as bx, *");
  ASSERT_EQ(q->returningList.size(), 5u);
  EXPECT_EQ(q->returningList[1].resname, "bx");
  EXPECT_EQ(q->returningList[2].resno, 3);
  EXPECT_EQ(q->returningList[0].resorigtbl, kTableT);
}

TEST_F(DmlTest, InsertOnConflict) {
  auto q =
      Analyze1("insert into t values (1, 'x') on conflict (a) do update set b = excluded.b || t.b");
  ASSERT_TRUE(q->onConflict);
  EXPECT_EQ(q->onConflict->action, nodes::OnConflictAction::kUpdate);
  ASSERT_EQ(q->onConflict->arbiterElems.size(), 1u);
  EXPECT_EQ(q->onConflict->exclRelIndex, 2u);
  EXPECT_EQ(q->rtable[1].eref.aliasname, "excluded");
  ASSERT_EQ(q->onConflict->onConflictSet.size(), 1u);
  EXPECT_EQ(q->onConflict->onConflictSet[0].resno, 2);
  auto nothing = Analyze1("insert into t values (1) on conflict do nothing");
  EXPECT_EQ(nothing->onConflict->action, nodes::OnConflictAction::kNothing);
}

TEST_F(DmlTest, UpdateTargetEntriesAreColumnNumbers) {
  auto q = Analyze1("update t set c = 'x', b = default where a = 1 returning *");
  EXPECT_EQ(q->commandType, nodes::CmdType::kUpdate);
  EXPECT_EQ(q->rtable[0].requiredPerms & nodes::kAclUpdate, nodes::kAclUpdate);
  ASSERT_EQ(q->targetList.size(), 2u);
  EXPECT_EQ(q->targetList[0].resno, 3);
  EXPECT_EQ(q->targetList[1].resno, 2);
  EXPECT_EQ(q->targetList[1].expr->tag, NodeTag::kSetToDefault);
  ASSERT_EQ(q->jointree->fromlist.size(), 1u);  // the target is scanned
  EXPECT_TRUE(q->jointree->quals);
  EXPECT_EQ(q->returningList.size(), 3u);
  EXPECT_EQ(q->rtable[0].updatedCols, (std::vector<nodes::AttrNumber>{3, 2}));
}

TEST_F(DmlTest, UpdateMultipleColumnsFromARow) {
  auto q = Analyze1("update t set (b, c) = ('x', 'y')");
  ASSERT_EQ(q->targetList.size(), 2u);
  EXPECT_EQ(q->targetList[0].resno, 2);
  EXPECT_EQ(q->targetList[1].resno, 3);
  EXPECT_EQ(q->targetList[0].expr->result_type, 25u);
}

TEST_F(DmlTest, UpdateMultipleColumnsFromASubSelectUsesMultiExprParams) {
  auto q = Analyze1("update t set (a, b) = (select x, 'q' from u), c = 'z'");
  ASSERT_EQ(q->targetList.size(), 4u);
  auto* a = As<nodes::Param>(q->targetList[0].expr);
  EXPECT_EQ(a->paramkind, nodes::ParamKind::kMultiExpr);
  EXPECT_EQ(a->paramid, (1 << 16) | 1);
  EXPECT_EQ(a->result_type, 23u);
  EXPECT_EQ(As<nodes::Param>(q->targetList[1].expr)->paramid, (1 << 16) | 2);
  EXPECT_EQ(q->targetList[2].resno, 3);
  // The sub-link itself rides along as a resjunk entry after the assigned columns.
  const auto& junk = q->targetList[3];
  EXPECT_TRUE(junk.resjunk);
  EXPECT_EQ(junk.resno, 4);
  auto* link = As<nodes::SubLink>(junk.expr);
  EXPECT_EQ(link->subLinkType, nodes::SubLinkType::kMultiExpr);
  EXPECT_EQ(link->subLinkId, 1);
  EXPECT_TRUE(q->hasSubLinks);
}

TEST_F(DmlTest, UpdateAssigningOneColumnTwiceIsRejected) {
  EXPECT_PG_ERROR(AnalyzeError("update t set a = 1, a = 2"), "42601",
                  "multiple assignments to same column \"a\"", 0);
}

TEST_F(DmlTest, InsertIntoArrayElementsBuildsSubscriptedAssignments) {
  auto q = Analyze1("insert into arr (ia[1], ia[2]) values (1, 2)");
  ASSERT_EQ(q->targetList.size(), 2u);
  EXPECT_EQ(q->targetList[0].resno, 2);
  EXPECT_EQ(q->targetList[1].resno, 2);  // the rewriter combines the two
  auto* sref = As<nodes::SubscriptingRef>(q->targetList[0].expr);
  EXPECT_EQ(sref->result_type, 1007u);
  EXPECT_EQ(sref->refelemtype, 23u);
  EXPECT_EQ(sref->refexpr->tag, NodeTag::kConst);  // no old value: NULL
  EXPECT_TRUE(As<nodes::Const>(sref->refexpr)->constisnull);
  ASSERT_EQ(sref->refupperindexpr.size(), 1u);
  EXPECT_EQ(sref->refassgnexpr->result_type, 23u);
}

TEST_F(DmlTest, UpdateOfACompositeFieldBuildsAFieldStore) {
  auto q = Analyze1("update arr set c.b = 5, va[1] = 'x'");
  auto* store = As<nodes::FieldStore>(q->targetList[0].expr);
  EXPECT_EQ(store->arg->tag, NodeTag::kVar);  // the old value of the column
  EXPECT_EQ(store->fieldnums, (std::vector<nodes::AttrNumber>{2}));
  EXPECT_EQ(store->newvals[0]->result_type, 25u);  // 5 assignment-cast to text
  auto* sref = As<nodes::SubscriptingRef>(q->targetList[1].expr);
  EXPECT_EQ(sref->result_typmod, 9);  // varchar(5)[]
  // The element is length-coerced to varchar(5).
  EXPECT_EQ(sref->refassgnexpr->result_type, 1043u);
}

TEST_F(DmlTest, NestedSubscriptAndFieldUseCaseTestPlaceholders) {
  auto q = Analyze1("update arr set ia2[1][2] = 3");
  auto* sref = As<nodes::SubscriptingRef>(q->targetList[0].expr);
  EXPECT_EQ(sref->refupperindexpr.size(), 2u);
  EXPECT_EQ(sref->refassgnexpr->tag, NodeTag::kConst);
}

TEST_F(DmlTest, UpdateRowSourceMayContainDefault) {
  auto q = Analyze1("update t set (a, b) = (1, default)");
  EXPECT_EQ(q->targetList[1].expr->tag, NodeTag::kSetToDefault);
  EXPECT_EQ(q->targetList[1].expr->result_type, 25u);
}

TEST_F(DmlTest, UpdateFromJoinsAnotherTable) {
  auto q = Analyze1("update t set b = u.z::text from u where t.a = u.x");
  EXPECT_EQ(q->rtable.size(), 2u);
  EXPECT_EQ(q->jointree->fromlist.size(), 2u);
}

TEST_F(DmlTest, DeleteWithUsingAndReturning) {
  auto q = Analyze1("delete from t using u where t.a = u.x returning t.a");
  EXPECT_EQ(q->commandType, nodes::CmdType::kDelete);
  EXPECT_EQ(q->rtable[0].requiredPerms, nodes::kAclDelete | nodes::kAclSelect);  // WHERE reads it
  EXPECT_EQ(q->jointree->fromlist.size(), 2u);
  EXPECT_EQ(q->returningList.size(), 1u);
}

}  // namespace
}  // namespace hyrax::parser::testing
