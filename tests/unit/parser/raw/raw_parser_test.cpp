// RawParse: statements split with their locations, and syntax errors reported as PostgreSQL
// does (42601, message, 1-based character cursor).
#include "parser/raw/raw_parser.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser::raw {
namespace {

Error ParseError(const std::string& sql) {
  try {
    RawParse(sql);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << sql;
  return Error(errcode::kSuccessfulCompletion, "");
}

TEST(RawParserTest, SplitsStatementsWithLocations) {
  auto stmts = RawParse("select 1; insert into t values (1)");
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_EQ(stmts[0].stmt->node_case, PG_QUERY__NODE__NODE_SELECT_STMT);
  EXPECT_EQ(stmts[0].Text(), "select 1");
  EXPECT_EQ(stmts[1].stmt->node_case, PG_QUERY__NODE__NODE_INSERT_STMT);
  EXPECT_EQ(stmts[1].stmt_len, 0);                          // to the end
  EXPECT_EQ(stmts[1].Text(), " insert into t values (1)");  // leading blank kept, as PostgreSQL
}

TEST(RawParserTest, EmptyQueryGivesNoStatements) {
  EXPECT_TRUE(RawParse("").empty());
  EXPECT_TRUE(RawParse("  ;  -- comment").empty());
}

TEST(RawParserTest, SyntaxErrorAtToken) {
  Error e = ParseError("select 1; selec x");
  EXPECT_EQ(e.code(), errcode::kSyntaxError);
  EXPECT_EQ(e.message(), "syntax error at or near \"selec\"");
  EXPECT_EQ(e.position(), 11);
}

TEST(RawParserTest, SyntaxErrorAtEndOfInput) {
  Error e = ParseError("select 1 from");
  EXPECT_EQ(e.message(), "syntax error at end of input");
  EXPECT_EQ(e.position(), 14);
}

TEST(RawParserTest, CursorCountsCharactersNotBytes) {
  Error e = ParseError("select 'é' + ;");
  EXPECT_EQ(e.position(), 14);
}

TEST(RawParserTest, TreesOutliveTheCallThatMadeThem) {
  RawStatement kept;
  {
    auto stmts = RawParse("select a from t");
    kept = stmts[0];
  }
  ASSERT_EQ(kept.stmt->node_case, PG_QUERY__NODE__NODE_SELECT_STMT);
  EXPECT_EQ(kept.stmt->select_stmt->n_target_list, 1u);
}

TEST(RawParserTest, RawEqualIgnoresLocations) {
  auto a = RawParse("select x + 1");
  auto b = RawParse("select    x +   1");
  auto c = RawParse("select x + 2");
  EXPECT_TRUE(RawEqual(a[0].stmt, b[0].stmt));
  EXPECT_FALSE(RawEqual(a[0].stmt, c[0].stmt));
}

}  // namespace
}  // namespace hyrax::parser::raw
