// SqlStandardBodyText: the text of RETURN and BEGIN ATOMIC bodies cut from CREATE FUNCTION
// with the scanner, so quoted text and CASE ... END inside a block do not end it early.
#include "parser/raw/sql_body_text.h"

#include <gtest/gtest.h>

namespace hyrax::parser::raw {
namespace {

TEST(SqlBodyTextTest, ReturnBodyBecomesASelect) {
  EXPECT_EQ(SqlStandardBodyText("create function f(a int) returns int language sql "
                                "immutable return a + 1"),
            "SELECT a + 1");
  EXPECT_EQ(SqlStandardBodyText("CREATE FUNCTION f() RETURNS text RETURN 'end';  "),
            "SELECT 'end'");
}

TEST(SqlBodyTextTest, AtomicBlockKeepsEveryStatementWithItsSemicolon) {
  EXPECT_EQ(SqlStandardBodyText("create function f() returns int language sql begin atomic "
                                "select 1; select case when true then 2 else 3 end; end"),
            "select 1; select case when true then 2 else 3 end;");
  EXPECT_EQ(SqlStandardBodyText("create function f() returns setof text language sql\n"
                                "BEGIN ATOMIC\n  SELECT 'begin atomic end';\nEND;"),
            "SELECT 'begin atomic end';");
}

TEST(SqlBodyTextTest, QuotedBodiesHaveNone) {
  EXPECT_EQ(SqlStandardBodyText("create function f() returns int as 'select 1; return 2' "
                                "language sql"),
            std::nullopt);
  EXPECT_EQ(SqlStandardBodyText("create function \"return\"() returns int as $$select 1$$ "
                                "language sql"),
            std::nullopt);
}

}  // namespace
}  // namespace hyrax::parser::raw
