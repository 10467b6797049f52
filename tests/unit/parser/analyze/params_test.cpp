// $n parameters: declared types, types inferred from context (PostgreSQL's
// variable_paramref_hook) and reported in Query::paramTypes, and the errors for undeclared
// or inconsistently used parameters.
#include "../parser_test_util.h"

namespace hyrax::parser::testing {
namespace {

using nodes::As;
using nodes::NodeTag;

class ParamsTest : public ParserTest {
 protected:
  static AnalyzeOptions Variable(std::vector<Oid> types = {}) {
    AnalyzeOptions o;
    o.variable_params = true;
    o.param_types = std::move(types);
    return o;
  }
};

TEST_F(ParamsTest, UnknownParameterTakesTheColumnsType) {
  auto q = Analyze1("select * from t where a = $1 and b = $2", Variable());
  EXPECT_EQ(q->paramTypes, (std::vector<Oid>{23, 25}));
  auto* and_expr = As<nodes::BoolExpr>(q->jointree->quals);
  auto* eq = As<nodes::OpExpr>(and_expr->args[0]);
  EXPECT_EQ(eq->opno, 96u);
  ASSERT_EQ(eq->args[1]->tag, NodeTag::kParam);
  EXPECT_EQ(eq->args[1]->result_type, 23u);
}

TEST_F(ParamsTest, DeclaredInt2ParameterUsesTheCrossTypeOperator) {
  auto q = Analyze1("select * from t where a = $1", Variable({21}));
  auto* eq = As<nodes::OpExpr>(q->jointree->quals);
  EXPECT_EQ(eq->opno, 533u);  // int4 = int2
  EXPECT_EQ(q->paramTypes, (std::vector<Oid>{21}));
}

TEST_F(ParamsTest, SelectListParameterResolvesAsText) {
  auto q = Analyze1("select $1", Variable());
  EXPECT_EQ(q->paramTypes, (std::vector<Oid>{25}));
  EXPECT_EQ(q->targetList[0].expr->result_type, 25u);
}

TEST_F(ParamsTest, CastAndInsertTargetsInferTypes) {
  auto q = Analyze1("insert into t (a, c) values ($1, $2::varchar)", Variable());
  EXPECT_EQ(q->paramTypes, (std::vector<Oid>{23, 1043}));
  auto lim = Analyze1("select a from t limit $1", Variable());
  EXPECT_EQ(lim->paramTypes, (std::vector<Oid>{20}));
}

TEST_F(ParamsTest, ParameterNeverConstrainedStaysUnknown) {
  auto q = Analyze1("select * from t where $2 = a", Variable());
  EXPECT_EQ(q->paramTypes.size(), 2u);
  EXPECT_EQ(q->paramTypes[0], kInvalidOid);  // never referenced: the caller reports 42P18
  EXPECT_EQ(q->paramTypes[1], 23u);
}

TEST_F(ParamsTest, InconsistentDeductionIsAnError) {
  // The first $1 is still unknown when the cast settles it as integer; resolving the output
  // column as text then conflicts.
  Error e = AnalyzeError("select $1, $1::int", Variable());
  EXPECT_EQ(e.code(), errcode::kAmbiguousParameter);
  EXPECT_EQ(e.message(), "inconsistent types deduced for parameter $1");
  EXPECT_EQ(e.detail(), "integer versus text");
  // Once typed, a parameter is an ordinary typed value.
  Error typed = AnalyzeError("select * from t where a = $1 and b = $1", Variable());
  EXPECT_EQ(typed.message(), "operator does not exist: text = integer");
}

TEST_F(ParamsTest, UndeclaredParameterWithFixedTypes) {
  Error e = AnalyzeError("select * from t where a = $2", AnalyzeOptions{{23}, false, nullptr});
  EXPECT_PG_ERROR(e, "42P02", "there is no parameter $2", 27);
  auto q = Analyze1("select $1 + 1", AnalyzeOptions{{20}, false, nullptr});
  EXPECT_EQ(q->targetList[0].expr->result_type, 20u);
}

}  // namespace
}  // namespace hyrax::parser::testing
