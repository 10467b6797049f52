// Expression evaluation on hand-built Expr trees: fmgr calls, strictness, SQL's three-valued
// logic, CASE / COALESCE / NULLIF, NULL and boolean tests, ScalarArrayOpExpr NULL rules,
// CoerceViaIO, Vars from slots, parameters.
#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_state.h"
#include "executor/functions/type_io.h"
#include "tests/unit/executor/executor_test_support.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT

class ExprEvalTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }

  // Evaluates `e`; returns nullopt for NULL, else the Datum.
  std::optional<Datum> Eval(const nodes::ExprPtr& e) {
    auto state = ExecInitExpr(*e, &estate_);
    bool isnull;
    Datum v = ExecEvalExprSwitchContext(state.get(), &econtext_, &isnull);
    if (isnull) return std::nullopt;
    return v;
  }
  // nullopt for NULL, else the boolean.
  std::optional<bool> EvalBool(const nodes::ExprPtr& e) {
    auto v = Eval(e);
    if (!v) return std::nullopt;
    return DatumGetBool(*v);
  }

  ExecState estate_;
  ExprContext econtext_{&estate_};
};

TEST_F(ExprEvalTest, OperatorsCallBuiltinsThroughFmgr) {
  auto sum = Op("+", Int4(2), Int4(3));
  EXPECT_EQ(DatumGetInt32(*Eval(sum)), 5);
  EXPECT_EQ(EvalBool(Op("=", sum, Int4(5))), true);
  EXPECT_EQ(EvalBool(Op("<", Int4(7), Int4(5))), false);
}

TEST_F(ExprEvalTest, StrictFunctionYieldsNullOnNullArgument) {
  EXPECT_EQ(Eval(Op("+", Int4(2), NullInt4())), std::nullopt);
  EXPECT_EQ(EvalBool(Op("=", NullInt4(), NullInt4())), std::nullopt);
}

TEST_F(ExprEvalTest, AndOrNotFollowThreeValuedLogic) {
  using nodes::BoolExprType;
  auto T = Bool(true), F = Bool(false), N = NullBool();
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kAnd, {T, N})), std::nullopt);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kAnd, {N, F})), false);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kAnd, {T, T, T})), true);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kOr, {F, N})), std::nullopt);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kOr, {N, T})), true);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kOr, {F, F})), false);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kNot, {N})), std::nullopt);
  EXPECT_EQ(EvalBool(BoolOp(BoolExprType::kNot, {F})), true);
}

TEST_F(ExprEvalTest, QualTreatsNullAsFalse) {
  auto qual = ExecInitQual({Bool(true), NullBool()}, &estate_);
  EXPECT_FALSE(ExecQual(qual.get(), &econtext_));
  auto pass = ExecInitQual({Bool(true), Op("<", Int4(1), Int4(2))}, &estate_);
  EXPECT_TRUE(ExecQual(pass.get(), &econtext_));
  EXPECT_TRUE(ExecQual(nullptr, &econtext_));
}

TEST_F(ExprEvalTest, CaseWithAndWithoutTestValue) {
  // CASE WHEN NULL THEN 1 WHEN 2 > 1 THEN 2 ELSE 3 END
  auto searched = std::make_shared<nodes::CaseExpr>();
  searched->result_type = kInt4;
  searched->args.push_back({NullBool(), Int4(1)});
  searched->args.push_back({Op(">", Int4(2), Int4(1)), Int4(2)});
  searched->defresult = Int4(3);
  EXPECT_EQ(DatumGetInt32(*Eval(searched)), 2);
  // CASE 5 WHEN 4 THEN 40 WHEN 5 THEN 50 END
  auto simple = std::make_shared<nodes::CaseExpr>();
  simple->result_type = kInt4;
  simple->arg = Int4(5);
  auto test = std::make_shared<nodes::CaseTestExpr>();
  test->result_type = kInt4;
  simple->args.push_back({Op("=", test, Int4(4)), Int4(40)});
  simple->args.push_back({Op("=", test, Int4(5)), Int4(50)});
  EXPECT_EQ(DatumGetInt32(*Eval(simple)), 50);
  // No branch matches and no ELSE: NULL.
  simple->arg = Int4(6);
  EXPECT_EQ(Eval(simple), std::nullopt);
}

TEST_F(ExprEvalTest, CoalesceNullIfAndDistinct) {
  auto coalesce = std::make_shared<nodes::CoalesceExpr>();
  coalesce->result_type = kInt4;
  coalesce->args = {NullInt4(), Int4(7), Int4(8)};
  EXPECT_EQ(DatumGetInt32(*Eval(coalesce)), 7);

  auto eq = FindOperator("=", kInt4, kInt4);
  auto nullif = std::make_shared<nodes::OpExpr>(nodes::NodeTag::kNullIfExpr);
  nullif->opno = eq.oid;
  nullif->result_type = kInt4;
  nullif->args = {Int4(3), Int4(3)};
  EXPECT_EQ(Eval(nullif), std::nullopt);
  nullif->args = {Int4(3), Int4(4)};
  EXPECT_EQ(DatumGetInt32(*Eval(nullif)), 3);

  auto distinct = std::make_shared<nodes::OpExpr>(nodes::NodeTag::kDistinctExpr);
  distinct->opno = eq.oid;
  distinct->result_type = kBool;
  distinct->args = {NullInt4(), NullInt4()};
  EXPECT_EQ(EvalBool(distinct), false);
  distinct->args = {NullInt4(), Int4(1)};
  EXPECT_EQ(EvalBool(distinct), true);
}

TEST_F(ExprEvalTest, NullTestAndBooleanTest) {
  auto isnull = std::make_shared<nodes::NullTest>();
  isnull->result_type = kBool;
  isnull->arg = NullInt4();
  EXPECT_EQ(EvalBool(isnull), true);
  isnull->nulltesttype = nodes::NullTestType::kIsNotNull;
  EXPECT_EQ(EvalBool(isnull), false);

  auto bt = std::make_shared<nodes::BooleanTest>();
  bt->result_type = kBool;
  bt->arg = NullBool();
  bt->booltesttype = nodes::BoolTestType::kIsUnknown;
  EXPECT_EQ(EvalBool(bt), true);
  bt->booltesttype = nodes::BoolTestType::kIsNotTrue;
  EXPECT_EQ(EvalBool(bt), true);
  bt->booltesttype = nodes::BoolTestType::kIsFalse;
  EXPECT_EQ(EvalBool(bt), false);
}

nodes::ExprPtr Int4Array(const std::vector<std::optional<int32_t>>& items) {
  auto arr = std::make_shared<nodes::ArrayExpr>();
  arr->element_typeid = kInt4;
  arr->result_type = 1007;
  for (const auto& i : items) arr->elements.push_back(i ? Int4(*i) : NullInt4());
  return arr;
}

nodes::ExprPtr AnyAll(bool use_or, nodes::ExprPtr scalar, nodes::ExprPtr array,
                      const std::string& opname = "=") {
  auto op = FindOperator(opname, kInt4, kInt4);
  auto e = std::make_shared<nodes::ScalarArrayOpExpr>();
  e->opno = op.oid;
  e->opfuncid = op.oprcode;
  e->useOr = use_or;
  e->result_type = kBool;
  e->args = {std::move(scalar), std::move(array)};
  return e;
}

TEST_F(ExprEvalTest, ScalarArrayOpFollowsNullRules) {
  EXPECT_EQ(EvalBool(AnyAll(true, Int4(2), Int4Array({1, 2, std::nullopt}))), true);
  EXPECT_EQ(EvalBool(AnyAll(true, Int4(5), Int4Array({1, std::nullopt}))), std::nullopt);
  EXPECT_EQ(EvalBool(AnyAll(true, Int4(5), Int4Array({1, 2}))), false);
  EXPECT_EQ(EvalBool(AnyAll(false, Int4(5), Int4Array({1, 2}), "<>")), true);
  EXPECT_EQ(EvalBool(AnyAll(false, Int4(1), Int4Array({1, std::nullopt}), "<>")), false);
  EXPECT_EQ(EvalBool(AnyAll(true, Int4(1), Int4Array({}))), false);
  EXPECT_EQ(EvalBool(AnyAll(false, Int4(1), Int4Array({}))), true);
  EXPECT_EQ(EvalBool(AnyAll(true, NullInt4(), Int4Array({1}))), std::nullopt);
}

TEST_F(ExprEvalTest, GreatestAndLeastIgnoreNulls) {
  auto mm = std::make_shared<nodes::MinMaxExpr>();
  mm->result_type = kInt4;
  mm->args = {Int4(1), NullInt4(), Int4(3)};
  EXPECT_EQ(DatumGetInt32(*Eval(mm)), 3);
  mm->op = nodes::MinMaxOp::kLeast;
  EXPECT_EQ(DatumGetInt32(*Eval(mm)), 1);
  mm->args = {NullInt4()};
  EXPECT_EQ(Eval(mm), std::nullopt);
}

TEST_F(ExprEvalTest, CoerceViaIoUsesOutputThenInputFunction) {
  auto coerce = std::make_shared<nodes::CoerceViaIO>();
  coerce->arg = Int4(42);
  coerce->result_type = kText;
  auto v = Eval(coerce);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(DatumGetString(*v), "42");
}

TEST_F(ExprEvalTest, VarsReadScanOuterAndInnerSlots) {
  auto desc = MakeTupleDesc({kInt4, kInt4}, {-1, -1});
  TupleSlot scan(desc), outer(desc), inner(desc);
  for (auto* slot : {&scan, &outer, &inner}) {
    slot->values()[0] = Int32GetDatum(slot == &scan ? 1 : slot == &outer ? 10 : 100);
    slot->nulls()[0] = false;
    slot->nulls()[1] = true;
    slot->StoreVirtual();
  }
  econtext_.scantuple = &scan;
  econtext_.outertuple = &outer;
  econtext_.innertuple = &inner;
  auto sum = Op("+", Op("+", Var(1, 1, kInt4), Var(nodes::kOuterVar, 1, kInt4)),
                Var(nodes::kInnerVar, 1, kInt4));
  EXPECT_EQ(DatumGetInt32(*Eval(sum)), 111);
  EXPECT_EQ(Eval(Var(1, 2, kInt4)), std::nullopt);
  // A virtual slot has no system columns.
  EXPECT_THROW(Eval(Var(1, nodes::kSelfItemPointerAttributeNumber, 27)), Error);
}

TEST_F(ExprEvalTest, ExternParamsAndMissingParam) {
  ParamListInfo params;
  params.params.push_back({Int32GetDatum(9), false, kInt4});
  estate_.params = &params;
  auto p = std::make_shared<nodes::Param>();
  p->paramid = 1;
  p->result_type = kInt4;
  EXPECT_EQ(DatumGetInt32(*Eval(Op("*", p, Int4(2)))), 18);
  p->paramid = 2;
  try {
    Eval(p);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kUndefinedObject);
  }
}

TEST_F(ExprEvalTest, ProjectionFillsResultSlot) {
  auto in_desc = MakeTupleDesc({kInt4}, {-1});
  TupleSlot scan(in_desc);
  scan.values()[0] = Int32GetDatum(4);
  scan.nulls()[0] = false;
  scan.StoreVirtual();
  econtext_.scantuple = &scan;
  nodes::TargetList tlist = {Tle(Var(1, 1, kInt4), 1), Tle(Op("*", Var(1, 1, kInt4), Int4(3)), 2)};
  TupleSlot result(TupleDescFromTargetList(tlist, true));
  auto proj = ExecBuildProjection(tlist, &result, &estate_);
  TupleSlot* out = ExecProject(proj.get(), &econtext_);
  EXPECT_EQ(DatumGetInt32(out->values()[0]), 4);
  EXPECT_EQ(DatumGetInt32(out->values()[1]), 12);
}

TEST_F(ExprEvalTest, UnimplementedFunctionFailsOnlyWhenCalled) {
  // A CASE branch that is never taken may mention any function.
  auto proc = FindProc("pg_sleep", {701});
  auto call = std::make_shared<nodes::FuncExpr>();
  call->funcid = proc.oid;
  call->result_type = proc.prorettype;
  call->args = {std::make_shared<nodes::Const>(
      *nodes::MakeConst(701, -1, 0, 8, true, Float8GetDatum(1.0), false))};
  auto never = std::make_shared<nodes::CaseExpr>();
  never->result_type = proc.prorettype;
  never->args.push_back({Bool(false), call});
  EXPECT_EQ(Eval(never), std::nullopt);
}

}  // namespace
}  // namespace hyrax::executor
