// EXPLAIN layout of grouping-sets aggregates (planner/explain/explain_data.h
// kGroupingSets): TEXT prints "Group Key" / "Hash Key" lines, a later rollup's "Sort Key"
// with its sets one level deeper and "()" for the empty set; JSON prints PostgreSQL's
// "Grouping Sets" array of objects.
#include <gtest/gtest.h>

#include "planner/explain/explain_data.h"

namespace hyrax::planner {
namespace {

ExplainResult GroupAggregateWithTwoRollups(bool hashed_second) {
  ExplainResult result;
  result.options.costs = false;
  result.root.pname = "GroupAggregate";
  result.root.sname = "Aggregate";
  ExplainProperty sets;
  sets.label = "Grouping Sets";
  sets.kind = ExplainProperty::Kind::kGroupingSets;
  ExplainGroupingSet first;
  first.sets = {{"a", "b"}, {"a"}, {}};
  ExplainGroupingSet second;
  second.hashed = hashed_second;
  if (!hashed_second) second.sort_key = {"b"};
  second.sets = {{"b"}};
  sets.grouping_sets = {first, second};
  result.root.props.push_back(sets);
  return result;
}

TEST(GroupingSetsRenderTest, TextShowsSortKeyAndIndentedGroupKeys) {
  std::vector<std::string> lines = RenderExplainText(GroupAggregateWithTwoRollups(false));
  std::vector<std::string> want = {"GroupAggregate",  "  Group Key: a, b", "  Group Key: a",
                                   "  Group Key: ()", "  Sort Key: b",     "    Group Key: b"};
  EXPECT_EQ(lines, want);
}

TEST(GroupingSetsRenderTest, TextShowsHashKeys) {
  std::vector<std::string> lines = RenderExplainText(GroupAggregateWithTwoRollups(true));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[4], "  Hash Key: b");
}

TEST(GroupingSetsRenderTest, JsonNestsKeyLists) {
  std::string json = RenderExplainJson(GroupAggregateWithTwoRollups(false));
  EXPECT_NE(json.find("\"Grouping Sets\": [\n"), std::string::npos) << json;
  EXPECT_NE(json.find("\"Group Keys\": [\n"), std::string::npos) << json;
  EXPECT_NE(json.find("[\"a\", \"b\"],\n"), std::string::npos) << json;
  EXPECT_NE(json.find("\"Sort Key\": [\"b\"],\n"), std::string::npos) << json;
  EXPECT_NE(json.find("[]\n"), std::string::npos) << json;
}

}  // namespace
}  // namespace hyrax::planner
