// The deparser's pretty mode (pg_get_expr(..., true)) against its plain mode: parentheses
// only where arithmetic or boolean precedence needs them, as PostgreSQL prints them, and
// implicit casts shown on operator operands.
#include <gtest/gtest.h>

#include "executor/deparse/deparse_expr.h"
#include "tests/unit/executor/executor_test_support.h"

namespace hyrax::executor {
namespace {

using namespace testing;  // NOLINT

std::string Deparse(const nodes::ExprPtr& e, bool pretty) {
  DeparseContext context;
  context.pretty = pretty;
  return DeparseExpr(e, context);
}

class DeparsePrettyTest : public ::testing::Test {
 protected:
  void SetUp() override { Catalog(); }
};

TEST_F(DeparsePrettyTest, ArithmeticKeepsOnlyNeededParentheses) {
  auto product_of_sum = Op("*", Op("+", Int4(1), Int4(2)), Int4(3));
  EXPECT_EQ(Deparse(product_of_sum, false), "((1 + 2) * 3)");
  EXPECT_EQ(Deparse(product_of_sum, true), "(1 + 2) * 3");
  EXPECT_EQ(Deparse(Op("+", Int4(1), Op("*", Int4(2), Int4(3))), true), "1 + 2 * 3");
  EXPECT_EQ(Deparse(Op("-", Op("-", Int4(1), Int4(2)), Int4(3)), true), "1 - 2 - 3");
  EXPECT_EQ(Deparse(Op("-", Int4(1), Op("-", Int4(2), Int4(3))), true), "1 - (2 - 3)");
}

TEST_F(DeparsePrettyTest, ComparisonsInsideBooleansNeedNone) {
  auto expr = BoolOp(
      nodes::BoolExprType::kAnd,
      {Op(">", Int4(1), Int4(0)),
       BoolOp(nodes::BoolExprType::kOr, {Op("<", Int4(1), Int4(9)), Op("=", Int4(2), Int4(2))})});
  EXPECT_EQ(Deparse(expr, false), "((1 > 0) AND ((1 < 9) OR (2 = 2)))");
  EXPECT_EQ(Deparse(expr, true), "1 > 0 AND (1 < 9 OR 2 = 2)");
  auto not_and = BoolOp(nodes::BoolExprType::kNot,
                        {BoolOp(nodes::BoolExprType::kAnd, {Bool(true), Bool(false)})});
  EXPECT_EQ(Deparse(not_and, true), "NOT (true AND false)");
}

TEST_F(DeparsePrettyTest, ComparisonUnderArithmeticKeepsParentheses) {
  auto eq_of_sum = Op("=", Op("+", Int4(1), Int4(2)), Int4(3));
  EXPECT_EQ(Deparse(eq_of_sum, true), "(1 + 2) = 3");
}

}  // namespace
}  // namespace hyrax::executor
