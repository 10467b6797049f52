// Array subscripts (SubscriptingRef: fetch, NULL rules, assignment) and array casts
// (ArrayCoerceExpr: element-wise through a per-element program, and relabel-only) on
// hand-built Expr trees.
#include <gtest/gtest.h>

#include "common/array_layout.h"
#include "common/error.h"
#include "executor/exec/exec_state.h"
#include "executor/expr/expr_state.h"
#include "executor/functions/array_support.h"
#include "tests/unit/executor/executor_test_support.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT

constexpr Oid kInt4Array = 1007, kInt8Array = 1016, kInt4ToInt8Func = 481;

nodes::ExprPtr Int4Array(std::vector<int32_t> values) {
  auto a = std::make_shared<nodes::ArrayExpr>();
  a->element_typeid = kInt4;
  a->result_type = kInt4Array;
  for (int32_t v : values) a->elements.push_back(Int4(v));
  return a;
}

nodes::ExprPtr Subscript(nodes::ExprPtr array, nodes::ExprList subscripts,
                         nodes::ExprPtr assigned = nullptr) {
  auto s = std::make_shared<nodes::SubscriptingRef>();
  s->refcontainertype = kInt4Array;
  s->refelemtype = kInt4;
  s->result_type = assigned ? kInt4Array : kInt4;
  s->refexpr = std::move(array);
  s->refupperindexpr = std::move(subscripts);
  s->refassgnexpr = std::move(assigned);
  return s;
}

class ArrayExprTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }

  std::optional<Datum> Eval(const nodes::ExprPtr& e) {
    auto state = ExecInitExpr(*e, &estate_);
    bool isnull;
    Datum v = ExecEvalExprSwitchContext(state.get(), &econtext_, &isnull);
    if (isnull) return std::nullopt;
    return v;
  }

  // The elements of an array result as int64 (int4 or int8 arrays).
  std::vector<int64_t> Elements(Datum array) {
    const void* a = DatumGetPointer<const void>(array);
    Oid elem = ArrayElemType(a);
    std::vector<Datum> values;
    std::vector<bool> nulls;
    DeconstructArray(a, LookupElementOps(elem).elem.layout(), &values, &nulls);
    std::vector<int64_t> out;
    for (Datum d : values) out.push_back(elem == kInt8 ? DatumGetInt64(d) : DatumGetInt32(d));
    return out;
  }

  ExecState estate_;
  ExprContext econtext_{&estate_};
};

TEST_F(ArrayExprTest, SubscriptFetchesOneElementOrNull) {
  EXPECT_EQ(DatumGetInt32(*Eval(Subscript(Int4Array({10, 20, 30}), {Int4(2)}))), 20);
  EXPECT_EQ(Eval(Subscript(Int4Array({10, 20, 30}), {Int4(4)})), std::nullopt);
  EXPECT_EQ(Eval(Subscript(Int4Array({10, 20, 30}), {NullInt4()})), std::nullopt);
  EXPECT_EQ(Eval(Subscript(Int4Array({10, 20, 30}), {Int4(1), Int4(1)})), std::nullopt);
}

TEST_F(ArrayExprTest, SubscriptAssignmentReplacesAndExtends) {
  auto replaced = Eval(Subscript(Int4Array({10, 20, 30}), {Int4(2)}, Int4(99)));
  EXPECT_EQ(Elements(*replaced), (std::vector<int64_t>{10, 99, 30}));
  auto extended = Eval(Subscript(Int4Array({10}), {Int4(2)}, Int4(7)));
  EXPECT_EQ(Elements(*extended), (std::vector<int64_t>{10, 7}));
  EXPECT_THROW(Eval(Subscript(Int4Array({10}), {NullInt4()}, Int4(7))), hyrax::Error);
}

TEST_F(ArrayExprTest, ArrayCoerceConvertsEachElement) {
  auto cast = std::make_shared<nodes::FuncExpr>();
  cast->funcid = kInt4ToInt8Func;
  cast->result_type = kInt8;
  auto element = std::make_shared<nodes::CaseTestExpr>();
  element->result_type = kInt4;
  cast->args = {element};
  auto coerce = std::make_shared<nodes::ArrayCoerceExpr>();
  coerce->arg = Int4Array({1, -2, 3});
  coerce->elemexpr = cast;
  coerce->result_type = kInt8Array;
  auto result = Eval(coerce);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(ArrayElemType(DatumGetPointer<const void>(*result)), kInt8);
  EXPECT_EQ(Elements(*result), (std::vector<int64_t>{1, -2, 3}));
}

TEST_F(ArrayExprTest, ArrayCoerceRelabelKeepsValues) {
  auto element = std::make_shared<nodes::CaseTestExpr>();
  element->result_type = kInt4;
  auto coerce = std::make_shared<nodes::ArrayCoerceExpr>();
  coerce->arg = Int4Array({4, 5});
  coerce->elemexpr = element;
  coerce->result_type = kInt4Array;
  EXPECT_EQ(Elements(*Eval(coerce)), (std::vector<int64_t>{4, 5}));
}

}  // namespace
}  // namespace hyrax::executor
