// Expression typing as PostgreSQL 15 does it: literal types, operator and function choice
// (exact match, unknown literals, preferred types, implicit casts), the coercion nodes
// inserted, and the SQL constructs built on them (IN, BETWEEN, CASE, COALESCE, ...). OIDs are
// PostgreSQL's.
#include "../parser_test_util.h"
#include "common/varlena.h"

namespace hyrax::parser::testing {
namespace {

using nodes::As;
using nodes::NodeTag;

class ExprTypesTest : public ParserTest {};

TEST_F(ExprTypesTest, IntegerLiteralsAreInt4Int8OrNumericBySize) {
  auto q = Analyze1("select 1, 3000000000, 99999999999999999999, -2147483648, 1.5, 1e5");
  EXPECT_EQ(q->targetList[0].expr->result_type, 23u);
  EXPECT_EQ(q->targetList[1].expr->result_type, 20u);
  EXPECT_EQ(q->targetList[2].expr->result_type, 1700u);
  EXPECT_EQ(q->targetList[3].expr->result_type, 23u);
  EXPECT_EQ(DatumGetInt32(As<nodes::Const>(q->targetList[3].expr)->constvalue), INT32_MIN);
  EXPECT_EQ(q->targetList[4].expr->result_type, 1700u);
  EXPECT_EQ(q->targetList[5].expr->result_type, 1700u);
}

TEST_F(ExprTypesTest, StringLiteralOutputIsResolvedAsText) {
  auto q = Analyze1("select 'abc', null, true");
  EXPECT_EQ(q->targetList[0].expr->result_type, 25u);
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kConst);
  EXPECT_EQ(DatumGetString(As<nodes::Const>(q->targetList[0].expr)->constvalue), "abc");
  EXPECT_EQ(q->targetList[0].expr->result_collation, 100u);
  EXPECT_EQ(q->targetList[1].expr->result_type, 25u);
  EXPECT_EQ(q->targetList[2].expr->result_type, 16u);
}

TEST_F(ExprTypesTest, IntegerPlusNumericPicksNumericAdd) {
  auto e = FirstTarget("select 1 + 2.5");
  ASSERT_EQ(e->tag, NodeTag::kOpExpr);
  auto* op = As<nodes::OpExpr>(e);
  EXPECT_EQ(op->opno, 1758u);
  EXPECT_EQ(op->result_type, 1700u);
  // The integer side is cast with numeric(int4), shown as an implicit cast.
  ASSERT_EQ(op->args[0]->tag, NodeTag::kFuncExpr);
  auto* cast = As<nodes::FuncExpr>(op->args[0]);
  EXPECT_EQ(cast->funcid, 1740u);
  EXPECT_EQ(cast->funcformat, nodes::CoercionForm::kImplicitCast);
}

TEST_F(ExprTypesTest, UnknownLiteralTakesTheOtherOperandsType) {
  auto e = FirstTarget("select '1' + 1");
  auto* op = As<nodes::OpExpr>(e);
  EXPECT_EQ(op->opno, 551u);  // int4 + int4
  ASSERT_EQ(op->args[0]->tag, NodeTag::kConst);
  EXPECT_EQ(op->args[0]->result_type, 23u);
  EXPECT_EQ(DatumGetInt32(As<nodes::Const>(op->args[0])->constvalue), 1);
}

TEST_F(ExprTypesTest, CrossTypeComparisonUsesTheCrossTypeOperator) {
  auto e = FirstTarget("select 1::int8 = 2::int4");
  auto* op = As<nodes::OpExpr>(e);
  EXPECT_EQ(op->opno, 416u);  // int84eq
  EXPECT_EQ(op->args[0]->result_type, 20u);
  EXPECT_EQ(op->args[1]->result_type, 23u);
}

TEST_F(ExprTypesTest, VarcharConcatenationPicksTextcatAfterRelabel) {
  auto e = FirstTarget("select c || 'x' from t");
  auto* op = As<nodes::OpExpr>(e);
  EXPECT_EQ(op->opno, 654u);
  ASSERT_EQ(op->args[0]->tag, NodeTag::kRelabelType);
  EXPECT_EQ(op->args[0]->result_type, 25u);
  EXPECT_EQ(As<nodes::RelabelType>(op->args[0])->arg->tag, NodeTag::kVar);
  EXPECT_EQ(op->args[1]->result_type, 25u);
  EXPECT_EQ(op->inputcollid, 100u);
  EXPECT_EQ(op->result_collation, 100u);
}

TEST_F(ExprTypesTest, LengthOfUnknownLiteralPicksTextLength) {
  auto e = FirstTarget("select length('abc')");
  ASSERT_EQ(e->tag, NodeTag::kFuncExpr);
  EXPECT_EQ(As<nodes::FuncExpr>(e)->funcid, 1317u);
  EXPECT_EQ(e->result_type, 23u);
  EXPECT_EQ(As<nodes::FuncExpr>(e)->args[0]->result_type, 25u);
}

TEST_F(ExprTypesTest, ExplicitCastsUseRelabelFunctionOrIo) {
  auto q = Analyze1("select b::varchar, a::int8, b::int4, c::text from t");
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kRelabelType);  // binary coercible
  EXPECT_EQ(As<nodes::RelabelType>(q->targetList[0].expr)->relabelformat,
            nodes::CoercionForm::kExplicitCast);
  ASSERT_EQ(q->targetList[1].expr->tag, NodeTag::kFuncExpr);
  EXPECT_EQ(As<nodes::FuncExpr>(q->targetList[1].expr)->funcid, 481u);  // int8(int4)
  EXPECT_EQ(As<nodes::FuncExpr>(q->targetList[1].expr)->funcformat,
            nodes::CoercionForm::kExplicitCast);
  EXPECT_EQ(q->targetList[2].expr->tag, NodeTag::kCoerceViaIO);  // text -> int via I/O
  EXPECT_EQ(q->targetList[3].expr->tag, NodeTag::kRelabelType);
}

TEST_F(ExprTypesTest, LengthCoercionAppliesTheTypmodFunction) {
  auto e = FirstTarget("select b::varchar(5) from t");
  ASSERT_EQ(e->tag, NodeTag::kFuncExpr);
  auto* f = As<nodes::FuncExpr>(e);
  EXPECT_EQ(f->funcid, 669u);  // varchar(varchar, int4, bool)
  EXPECT_EQ(f->result_typmod, 9);
  ASSERT_EQ(f->args.size(), 3u);
  EXPECT_EQ(DatumGetInt32(As<nodes::Const>(f->args[1])->constvalue), 9);
  EXPECT_TRUE(DatumGetBool(As<nodes::Const>(f->args[2])->constvalue));  // explicit
  EXPECT_EQ(f->args[0]->tag, NodeTag::kRelabelType);
  EXPECT_EQ(As<nodes::RelabelType>(f->args[0])->relabelformat, nodes::CoercionForm::kImplicitCast);
}

TEST_F(ExprTypesTest, CastOfLiteralBecomesAConstOfTheTargetType) {
  auto q = Analyze1("select '42'::int4, 'yes'::bool, '1.5'::float8, 'x'::text, '7'::int2");
  for (auto& tle : q->targetList) EXPECT_EQ(tle.expr->tag, NodeTag::kConst) << tle.resname;
  EXPECT_EQ(DatumGetInt32(As<nodes::Const>(q->targetList[0].expr)->constvalue), 42);
  EXPECT_TRUE(DatumGetBool(As<nodes::Const>(q->targetList[1].expr)->constvalue));
  EXPECT_EQ(DatumGetFloat8(As<nodes::Const>(q->targetList[2].expr)->constvalue), 1.5);
  EXPECT_EQ(q->targetList[4].expr->result_type, 21u);
  // Column names of casts are the type names.
  EXPECT_EQ(q->targetList[0].resname, "int4");
  EXPECT_EQ(q->targetList[1].resname, "bool");
}

TEST_F(ExprTypesTest, TypeNamesWithModifiers) {
  auto q = Analyze1(
      "select null::varchar(10), null::character varying, null::char(3), null::numeric(10,2), "
      "null::timestamp(3), null::double precision, null::int[], null::bit(4), null::interval day");
  EXPECT_EQ(q->targetList[0].expr->result_type, 1043u);
  EXPECT_EQ(q->targetList[0].expr->result_typmod, 14);
  EXPECT_EQ(q->targetList[1].expr->result_typmod, -1);
  EXPECT_EQ(q->targetList[2].expr->result_type, 1042u);
  EXPECT_EQ(q->targetList[2].expr->result_typmod, 7);
  EXPECT_EQ(q->targetList[3].expr->result_typmod, ((10 << 16) | 2) + 4);
  EXPECT_EQ(q->targetList[4].expr->result_typmod, 3);
  EXPECT_EQ(q->targetList[5].expr->result_type, 701u);
  EXPECT_EQ(q->targetList[6].expr->result_type, 1007u);
  EXPECT_EQ(q->targetList[7].expr->result_typmod, 4);
  EXPECT_EQ(q->targetList[8].expr->result_typmod, (1 << 3) << 16 | 0xFFFF);
}

TEST_F(ExprTypesTest, FunctionCallSyntaxForTypeNamesIsACast) {
  auto e = FirstTarget("select text(c) from t");
  EXPECT_EQ(e->tag, NodeTag::kRelabelType);
  EXPECT_EQ(As<nodes::RelabelType>(e)->relabelformat, nodes::CoercionForm::kExplicitCall);
  auto lit = FirstTarget("select int4('12')");
  EXPECT_EQ(lit->tag, NodeTag::kConst);
  EXPECT_EQ(lit->result_type, 23u);
}

TEST_F(ExprTypesTest, InListBecomesScalarArrayOp) {
  auto q = Analyze1("select * from t where a in (1, 2, 3)");
  auto qual = q->jointree->quals;
  ASSERT_EQ(qual->tag, NodeTag::kScalarArrayOpExpr);
  auto* saop = As<nodes::ScalarArrayOpExpr>(qual);
  EXPECT_EQ(saop->opno, 96u);
  EXPECT_TRUE(saop->useOr);
  ASSERT_EQ(saop->args[1]->tag, NodeTag::kArrayExpr);
  EXPECT_EQ(saop->args[1]->result_type, 1007u);
  auto not_in = Analyze1("select * from t where a not in (1, 2)")->jointree->quals;
  ASSERT_EQ(not_in->tag, NodeTag::kScalarArrayOpExpr);
  EXPECT_FALSE(As<nodes::ScalarArrayOpExpr>(not_in)->useOr);
  EXPECT_EQ(As<nodes::ScalarArrayOpExpr>(not_in)->opno, 518u);  // int4ne
}

TEST_F(ExprTypesTest, InListWithOneItemOrColumnsIsOrOfComparisons) {
  auto one = Analyze1("select * from t where a in (1)")->jointree->quals;
  EXPECT_EQ(one->tag, NodeTag::kOpExpr);
  auto vars = Analyze1("select * from u where x in (w, 5)")->jointree->quals;
  ASSERT_EQ(vars->tag, NodeTag::kBoolExpr);
  EXPECT_EQ(As<nodes::BoolExpr>(vars)->boolop, nodes::BoolExprType::kOr);
}

TEST_F(ExprTypesTest, BetweenIsAndOfComparisons) {
  auto qual = Analyze1("select * from t where a between 1 and 10")->jointree->quals;
  ASSERT_EQ(qual->tag, NodeTag::kBoolExpr);
  auto* b = As<nodes::BoolExpr>(qual);
  EXPECT_EQ(b->boolop, nodes::BoolExprType::kAnd);
  EXPECT_EQ(As<nodes::OpExpr>(b->args[0])->opno, 525u);  // >=
  EXPECT_EQ(As<nodes::OpExpr>(b->args[1])->opno, 523u);  // <=
}

TEST_F(ExprTypesTest, LikeUsesTheTildeOperators) {
  auto qual = Analyze1("select * from t where b like 'a%'")->jointree->quals;
  EXPECT_EQ(As<nodes::OpExpr>(qual)->opno, 1209u);
}

TEST_F(ExprTypesTest, CaseAndCoalesceResolveACommonType) {
  auto q = Analyze1(
      "select case when a > 0 then 1 else 2.5 end, coalesce(a, 1.5), coalesce(b, 'x') from t");
  EXPECT_EQ(q->targetList[0].expr->result_type, 1700u);
  EXPECT_EQ(q->targetList[0].resname, "case");
  EXPECT_EQ(q->targetList[1].expr->result_type, 1700u);
  EXPECT_EQ(q->targetList[1].resname, "coalesce");
  EXPECT_EQ(q->targetList[2].expr->result_type, 25u);
  EXPECT_EQ(q->targetList[2].expr->result_collation, 100u);
}

TEST_F(ExprTypesTest, SimpleCaseComparesAgainstAPlaceholder) {
  auto e = FirstTarget("select case a when 1 then 'one' end from t");
  auto* c = As<nodes::CaseExpr>(e);
  ASSERT_TRUE(c->arg);
  auto* cond = As<nodes::OpExpr>(c->args[0].expr);
  EXPECT_EQ(cond->args[0]->tag, NodeTag::kCaseTestExpr);
  EXPECT_EQ(e->result_type, 25u);
}

TEST_F(ExprTypesTest, NullIfAndDistinctFrom) {
  auto q = Analyze1("select nullif(a, 0), a is distinct from 1, a is not distinct from 1 from t");
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kNullIfExpr);
  EXPECT_EQ(q->targetList[0].expr->result_type, 23u);
  EXPECT_EQ(q->targetList[0].resname, "nullif");
  EXPECT_EQ(q->targetList[1].expr->tag, NodeTag::kDistinctExpr);
  EXPECT_EQ(q->targetList[1].expr->result_type, 16u);
  ASSERT_EQ(q->targetList[2].expr->tag, NodeTag::kBoolExpr);
  EXPECT_EQ(As<nodes::BoolExpr>(q->targetList[2].expr)->boolop, nodes::BoolExprType::kNot);
}

TEST_F(ExprTypesTest, GreatestAndArrayConstructor) {
  auto q = Analyze1(
      "select greatest(1, 2.0, 3), array[1, 2], array[[1],[2]], a = any(array[1,2]) from t");
  EXPECT_EQ(q->targetList[0].expr->result_type, 1700u);
  EXPECT_EQ(q->targetList[0].resname, "greatest");
  EXPECT_EQ(q->targetList[1].expr->result_type, 1007u);
  EXPECT_EQ(q->targetList[1].resname, "array");
  EXPECT_TRUE(As<nodes::ArrayExpr>(q->targetList[2].expr)->multidims);
  EXPECT_EQ(q->targetList[3].expr->tag, NodeTag::kScalarArrayOpExpr);
}

TEST_F(ExprTypesTest, ArraySubscriptsAndSlices) {
  auto q = Analyze1("select (array[1,2,3])[2], (array[1,2,3])[1:2]");
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kSubscriptingRef);
  EXPECT_EQ(q->targetList[0].expr->result_type, 23u);
  EXPECT_EQ(q->targetList[1].expr->result_type, 1007u);
}

TEST_F(ExprTypesTest, BooleanTestsAndNullTests) {
  auto q = Analyze1("select a is null, b is not null, (a > 1) is true from t");
  EXPECT_EQ(q->targetList[0].expr->tag, NodeTag::kNullTest);
  EXPECT_EQ(As<nodes::NullTest>(q->targetList[1].expr)->nulltesttype,
            nodes::NullTestType::kIsNotNull);
  EXPECT_EQ(q->targetList[2].expr->tag, NodeTag::kBooleanTest);
}

TEST_F(ExprTypesTest, VariadicFunctionsCollectTheirArguments) {
  auto e = FirstTarget("select concat('a', 1, 2.5)");
  auto* f = As<nodes::FuncExpr>(e);
  EXPECT_EQ(f->args.size(), 3u);  // "any" variadic: no array
  EXPECT_EQ(e->result_type, 25u);
  auto g = FirstTarget("select greatest(1,2)");
  EXPECT_EQ(g->tag, NodeTag::kMinMaxExpr);
}

TEST_F(ExprTypesTest, PolymorphicFunctionResultIsResolved) {
  auto q = Analyze1(
      "select array_append(array[1,2], 3), array_length(array['a'], 1), unnest(array[1.5])");
  EXPECT_EQ(q->targetList[0].expr->result_type, 1007u);
  EXPECT_EQ(q->targetList[1].expr->result_type, 23u);
  EXPECT_EQ(q->targetList[2].expr->result_type, 1700u);
  EXPECT_TRUE(q->hasTargetSRFs);
}

TEST_F(ExprTypesTest, DefaultArgumentsAreFilledIn) {
  auto e = FirstTarget("select make_interval(days => 3)");
  auto* f = As<nodes::FuncExpr>(e);
  EXPECT_EQ(f->args.size(), 7u);
  EXPECT_EQ(DatumGetInt32(As<nodes::Const>(f->args[3])->constvalue), 3);  // days is 4th
  EXPECT_EQ(DatumGetInt32(As<nodes::Const>(f->args[0])->constvalue), 0);  // years default
}

TEST_F(ExprTypesTest, SqlValueFunctions) {
  auto q = Analyze1("select current_date, current_timestamp, current_user, localtimestamp(2)");
  EXPECT_EQ(q->targetList[0].expr->result_type, 1082u);
  EXPECT_EQ(q->targetList[0].resname, "current_date");
  EXPECT_EQ(q->targetList[1].expr->result_type, 1184u);
  EXPECT_EQ(q->targetList[2].expr->result_type, 19u);
  EXPECT_EQ(q->targetList[3].expr->result_typmod, 2);
}

TEST_F(ExprTypesTest, RowComparisonOfEqualityIsAndOfColumns) {
  auto eq = Analyze1("select (a, b) = (1, 'x') from t")->targetList[0].expr;
  ASSERT_EQ(eq->tag, NodeTag::kBoolExpr);
  EXPECT_EQ(As<nodes::BoolExpr>(eq)->args.size(), 2u);
  auto lt = Analyze1("select (a, b) < (1, 'x') from t")->targetList[0].expr;
  ASSERT_EQ(lt->tag, NodeTag::kRowCompareExpr);
  EXPECT_EQ(As<nodes::RowCompareExpr>(lt)->rctype, nodes::RowCompareType::kLt);
}

TEST_F(ExprTypesTest, CollateClauseSetsExplicitCollation) {
  auto e = FirstTarget("select b collate \"C\" < 'x' from t");
  auto* op = As<nodes::OpExpr>(e);
  EXPECT_EQ(op->inputcollid, 950u);
}

TEST_F(ExprTypesTest, RowCastToCompositeCoercesEachField) {
  auto e = FirstTarget("select row(1.5, 2, 'x')::t");
  auto* row = As<nodes::RowExpr>(e);
  EXPECT_EQ(row->result_type, kTableT + 1);  // t's row type
  EXPECT_EQ(row->row_format, nodes::CoercionForm::kExplicitCast);
  ASSERT_EQ(row->args.size(), 3u);
  EXPECT_EQ(As<nodes::FuncExpr>(row->args[0])->funcid, 1744u);  // int4(numeric)
  EXPECT_EQ(row->args[1]->result_type, 25u);
  EXPECT_EQ(row->args[2]->result_type, 1043u);
}

TEST_F(ExprTypesTest, FieldOfWholeRowReferenceIsTheColumn) {
  auto e = FirstTarget("select (t).b from t");
  auto* var = As<nodes::Var>(e);
  EXPECT_EQ(var->varattno, 2);
  auto f = FirstTarget("select (row(1, 'x'::text)).f2");
  auto* fs = As<nodes::FieldSelect>(f);
  EXPECT_EQ(fs->fieldnum, 2);
  EXPECT_EQ(fs->result_type, 25u);
}

}  // namespace
}  // namespace hyrax::parser::testing
