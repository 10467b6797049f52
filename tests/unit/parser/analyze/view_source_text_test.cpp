// ViewQuerySourceText: the text of CREATE VIEW's query, found past the view name's offset,
// with AS inside parentheses, quotes, comments and dollar quotes ignored.
#include "parser/analyze/view_source_text.h"

#include <string>

#include <gtest/gtest.h>

namespace hyrax::parser {
namespace {

std::string Cut(const std::string& sql) {
  return ViewQuerySourceText(sql, static_cast<int>(sql.find("v1")));
}

TEST(ViewSourceTextTest, PlainView) {
  EXPECT_EQ(Cut("CREATE VIEW v1 AS SELECT a FROM t"), "SELECT a FROM t");
  EXPECT_EQ(Cut("create or replace view v1 as\n  select 1 ;  "), "select 1");
}

TEST(ViewSourceTextTest, StopsAtTheStatementsSemicolon) {
  EXPECT_EQ(Cut("CREATE VIEW v1 AS SELECT ';' AS x; SELECT 2"), "SELECT ';' AS x");
}

TEST(ViewSourceTextTest, SkipsColumnListsOptionsAndQuotedNames) {
  EXPECT_EQ(Cut("CREATE VIEW v1 (\"as\", b) WITH (security_barrier) AS SELECT 1, 2"),
            "SELECT 1, 2");
  std::string quoted = "CREATE VIEW \"v AS x\" AS SELECT 1";
  EXPECT_EQ(ViewQuerySourceText(quoted, static_cast<int>(quoted.find('"'))), "SELECT 1");
  EXPECT_EQ(Cut("CREATE VIEW v1 /* AS no */ -- AS no\n AS SELECT 1"), "SELECT 1");
}

TEST(ViewSourceTextTest, KeepsStringsAndDollarQuotesWhole) {
  EXPECT_EQ(Cut("CREATE VIEW v1 AS SELECT $q$;$q$ AS s, E'\\';' AS t"),
            "SELECT $q$;$q$ AS s, E'\\';' AS t");
}

TEST(ViewSourceTextTest, AsMustBeAWholeWord) {
  EXPECT_EQ(Cut("CREATE VIEW v1 AS SELECT alias AS asx FROM t"), "SELECT alias AS asx FROM t");
  EXPECT_EQ(Cut("CREATE VIEW v1"), "");
}

}  // namespace
}  // namespace hyrax::parser
