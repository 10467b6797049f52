// EXPLAIN (ALTERNATIVES) layout (planner/plan/plan_alternatives.h): the "Alternatives"
// property puts each rejected path on its own line under the node in TEXT, indented like
// the node's other properties, and is an array of the same strings in JSON.
#include <gtest/gtest.h>

#include "planner/explain/explain_data.h"

namespace hyrax::planner {
namespace {

ExplainResult HashJoinWithAlternatives() {
  ExplainResult result;
  result.options.costs = false;
  result.options.alternatives = true;
  result.root.pname = "Hash Join";
  result.root.sname = "Hash Join";
  ExplainProperty cond;
  cond.label = "Hash Cond";
  cond.text = "(o.customer_id = c.id)";
  ExplainProperty alt;
  alt.label = "Alternatives";
  alt.kind = ExplainProperty::Kind::kLines;
  alt.list = {
      "Merge Join, outer o, inner c (cost=0.57..4054.07) rejected: total cost 4054.07 > "
      "1313.31"};
  result.root.props = {cond, alt};
  ExplainNode scan;
  scan.pname = "Seq Scan";
  scan.sname = "Seq Scan";
  scan.target_text = " on orders o";
  scan.relationship = "Outer";
  scan.props = {alt};
  scan.props[0].list = {
      "Index Only Scan using i on orders o (cost=0.29..2758.29) rejected: "
      "total cost 2758.29 > 863.00"};
  result.root.children.push_back(scan);
  return result;
}

TEST(AlternativesRenderTest, TextPutsEachAlternativeOnItsOwnLine) {
  std::vector<std::string> lines = RenderExplainText(HashJoinWithAlternatives());
  std::vector<std::string> want = {
      "Hash Join",
      "  Hash Cond: (o.customer_id = c.id)",
      "  Alternatives:",
      "    Merge Join, outer o, inner c (cost=0.57..4054.07) rejected: total cost 4054.07 > "
      "1313.31",
      "  ->  Seq Scan on orders o",
      "        Alternatives:",
      "          Index Only Scan using i on orders o (cost=0.29..2758.29) rejected: total cost "
      "2758.29 > 863.00",
  };
  EXPECT_EQ(lines, want);
}

TEST(AlternativesRenderTest, JsonIsAnArrayOfTheLines) {
  ExplainResult result = HashJoinWithAlternatives();
  result.options.format = ExplainFormat::kJson;
  std::string json = RenderExplainJson(result);
  EXPECT_NE(json.find("\"Alternatives\": [\"Merge Join, outer o, inner c (cost=0.57..4054.07) "
                      "rejected: total cost 4054.07 > 1313.31\"]"),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace hyrax::planner
