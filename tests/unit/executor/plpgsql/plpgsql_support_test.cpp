// Unit tests of the PL/pgSQL interpreter's self-contained pieces: the JSON reader for
// libpg_query's statement trees, condition-name matching of EXCEPTION clauses and RAISE's
// % formatting.
#include <gtest/gtest.h>

#include "executor/plpgsql/json_value.h"
#include "executor/plpgsql/plpgsql_conditions.h"

namespace hyrax::executor::plpgsql {
namespace {

TEST(JsonValueTest, ReadsNestedObjectsArraysAndEscapes) {
  auto doc = JsonValue::Parse(
      R"([{"PLpgSQL_stmt_if":{"lineno":4,"cond":{"PLpgSQL_expr":{"query":"a \u003e 1"}},)"
      R"("then_body":[],"flag":true,"off":false,"none":null,"text":"tab\tq\"\u00e9"}}])");
  ASSERT_TRUE(doc->IsArray());
  ASSERT_EQ(doc->items().size(), 1u);
  const JsonValue& stmt = doc->items()[0];
  EXPECT_EQ(stmt.TagName(), "PLpgSQL_stmt_if");
  const JsonValue& body = stmt.TagBody();
  EXPECT_EQ(body.GetInt("lineno"), 4);
  EXPECT_EQ(body.GetInt("missing", -7), -7);
  EXPECT_EQ(body.Get("cond")->TagBody().GetString("query"), "a > 1");
  EXPECT_TRUE(body.Get("then_body")->IsArray());
  EXPECT_TRUE(body.GetBool("flag"));
  EXPECT_FALSE(body.GetBool("off"));
  EXPECT_EQ(body.Get("none")->kind(), JsonValue::Kind::kNull);
  EXPECT_EQ(body.GetString("text"), "tab\tq\"\xc3\xa9");
}

TEST(JsonValueTest, RejectsMalformedInput) {
  EXPECT_THROW(JsonValue::Parse("{\"a\": }"), Error);
  EXPECT_THROW(JsonValue::Parse("[1, 2"), Error);
}

TEST(PlpgsqlConditionsTest, NamesCodesClassesAndOthers) {
  Error division(errcode::kDivisionByZero, "division by zero");
  EXPECT_TRUE(ConditionCatches("division_by_zero", division));
  EXPECT_TRUE(ConditionCatches("22012", division));
  EXPECT_TRUE(ConditionCatches("data_exception", division));  // class 22
  EXPECT_FALSE(ConditionCatches("unique_violation", division));
  EXPECT_TRUE(ConditionCatches("others", division));
  EXPECT_FALSE(ConditionCatches("others", Error(errcode::kQueryCanceled, "canceled")));
  EXPECT_FALSE(ConditionCatches("no_such_condition", division));
  ASSERT_TRUE(SqlStateForCondition("raise_exception").has_value());
  EXPECT_EQ(SqlStateForCondition("raise_exception")->view(), "P0001");
}

TEST(PlpgsqlConditionsTest, FormatsRaiseMessages) {
  EXPECT_EQ(FormatRaiseMessage("a % b % 100%%", {std::string("1"), std::nullopt}),
            "a 1 b <NULL> 100%");
  EXPECT_THROW(FormatRaiseMessage("% %", {std::string("1")}), Error);
  EXPECT_THROW(FormatRaiseMessage("none", {std::string("1")}), Error);
}

}  // namespace
}  // namespace hyrax::executor::plpgsql
