// Aggregate calls beyond the plain ones: ordered-set and hypothetical-set aggregates with
// WITHIN GROUP (direct vs aggregated arguments, sort clauses, type unification) and the
// row marks of FOR UPDATE pushed into sub-selects.
#include "../parser_test_util.h"

namespace hyrax::parser::testing {
namespace {

using nodes::As;
using nodes::NodeTag;

class AggregatesTest : public ParserTest {};

TEST_F(AggregatesTest, PercentileSplitsDirectAndAggregatedArguments) {
  auto e = FirstTarget("select percentile_cont(0.5) within group (order by a desc) from t");
  auto* agg = As<nodes::Aggref>(e);
  EXPECT_EQ(agg->aggkind, 'o');
  EXPECT_EQ(agg->result_type, 701u);  // float8
  ASSERT_EQ(agg->aggdirectargs.size(), 1u);
  EXPECT_EQ(agg->aggdirectargs[0]->result_type, 701u);  // 0.5 coerced to float8
  ASSERT_EQ(agg->args->size(), 1u);
  EXPECT_EQ((*agg->args)[0].expr->result_type, 701u);  // int4 column cast to float8
  ASSERT_EQ(agg->aggorder.size(), 1u);
  EXPECT_EQ(agg->aggorder[0].sortop, 674u);  // float8 > (DESC)
  EXPECT_TRUE(agg->aggorder[0].nulls_first);
  EXPECT_EQ(agg->aggargtypes, (std::vector<Oid>{701, 701}));
}

TEST_F(AggregatesTest, PolymorphicOrderedSetResultFollowsTheSortColumn) {
  auto e = FirstTarget("select percentile_disc(0.5) within group (order by b) from t");
  EXPECT_EQ(e->result_type, 25u);
  auto mode = FirstTarget("select mode() within group (order by c) from t");
  EXPECT_EQ(mode->result_type, 1043u);
  EXPECT_TRUE(As<nodes::Aggref>(mode)->aggdirectargs.empty());
}

TEST_F(AggregatesTest, HypotheticalArgumentsUnifyWithTheirSortColumns) {
  auto e = FirstTarget("select rank(1.5) within group (order by a) from t");
  auto* agg = As<nodes::Aggref>(e);
  EXPECT_EQ(agg->aggkind, 'h');
  EXPECT_EQ(agg->result_type, 20u);  // bigint
  // numeric wins over integer: the column is cast to numeric for the comparison.
  EXPECT_EQ(agg->aggdirectargs[0]->result_type, 1700u);
  EXPECT_EQ((*agg->args)[0].expr->result_type, 1700u);
  EXPECT_EQ(agg->aggorder[0].sortop, 1754u);  // numeric <
}

TEST_F(AggregatesTest, DirectArgumentsMustBeGrouped) {
  EXPECT_PG_ERROR(AnalyzeError("select rank(a) within group (order by a) from t"), "42803",
                  "column \"t.a\" must appear in the GROUP BY clause or be used in an aggregate "
                  "function",
                  13);
  auto q = Analyze1("select a, rank(a) within group (order by a) from t group by a");
  EXPECT_TRUE(q->hasAggs);
}

TEST_F(AggregatesTest, ForUpdateOfASubSelectMarksItsTablesPushedDown) {
  auto q = Analyze1("select * from t, (select * from u) s for update of s");
  ASSERT_EQ(q->rowMarks.size(), 1u);
  EXPECT_EQ(q->rowMarks[0].rti, 2u);
  EXPECT_FALSE(q->rowMarks[0].pushedDown);
  EXPECT_EQ(q->rtable[0].rellockmode, 1);  // t is not locked
  const auto& sub = *q->rtable[1].subquery;
  ASSERT_EQ(sub.rowMarks.size(), 1u);
  EXPECT_TRUE(sub.rowMarks[0].pushedDown);
  EXPECT_EQ(sub.rtable[0].rellockmode, 2);  // RowShareLock
  EXPECT_TRUE(q->hasForUpdate);
}

TEST_F(AggregatesTest, StrongestLockingClauseWins) {
  auto q = Analyze1("select * from t for share of t for update of t");
  ASSERT_EQ(q->rowMarks.size(), 1u);
  EXPECT_EQ(q->rowMarks[0].strength, nodes::LockClauseStrength::kForUpdate);
}

}  // namespace
}  // namespace hyrax::parser::testing
