// End-to-end smoke tests of the analyzer over the bootstrap catalog.
#include "../parser_test_util.h"

namespace hyrax::parser::testing {
namespace {

class SmokeTest : public ParserTest {};

TEST_F(SmokeTest, SelectConstant) {
  auto q = Analyze1("select 1");
  ASSERT_EQ(q->targetList.size(), 1u);
  EXPECT_EQ(q->targetList[0].expr->result_type, 23u);
  EXPECT_EQ(q->targetList[0].resname, "?column?");
}

TEST_F(SmokeTest, SelectFromTable) {
  auto q = Analyze1("select a, b from t where a = 1 order by b");
  ASSERT_EQ(q->targetList.size(), 2u);  // ORDER BY b reuses the output column
  EXPECT_EQ(q->rtable.size(), 1u);
  EXPECT_EQ(q->sortClause.size(), 1u);
}

}  // namespace
}  // namespace hyrax::parser::testing
