// Plan nodes: every tag has a name and scan classification, downcasts by tag, and plans are
// shared immutably (a PlannedStmt can hold one plan tree several executions use).
#include "nodes/plannodes.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace hyrax::nodes {
namespace {

TEST(PlanNodesTest, EveryTagHasADistinctName) {
  std::set<std::string> names;
  for (int t = static_cast<int>(PlanTag::kResult); t <= static_cast<int>(PlanTag::kLimit); ++t) {
    std::string name = PlanTagName(static_cast<PlanTag>(t));
    EXPECT_NE(name, "?");
    EXPECT_TRUE(names.insert(name).second) << name;
  }
  EXPECT_EQ(names.size(), 42u);
}

TEST(PlanNodesTest, ScanClassification) {
  EXPECT_TRUE(IsScanPlan(PlanTag::kSeqScan));
  EXPECT_TRUE(IsScanPlan(PlanTag::kValuesScan));
  EXPECT_TRUE(IsScanPlan(PlanTag::kSubqueryScan));
  EXPECT_FALSE(IsScanPlan(PlanTag::kNestLoop));
  EXPECT_FALSE(IsScanPlan(PlanTag::kAgg));
  EXPECT_FALSE(IsScanPlan(PlanTag::kModifyTable));
}

TEST(PlanNodesTest, ConstructorsSetTagsAndDowncastsReadFields) {
  auto sort = std::make_shared<Sort>();
  sort->sort.sortColIdx = {2, 1};
  sort->sort.sortOperators = {97, 521};
  auto scan = std::make_shared<SeqScan>();
  scan->scanrelid = 3;
  sort->lefttree = scan;
  PlanPtr plan = sort;
  EXPECT_EQ(plan->tag, PlanTag::kSort);
  EXPECT_EQ(PlanAs<Sort>(*plan).sort.numCols(), 2);
  EXPECT_EQ(plan->lefttree->tag, PlanTag::kSeqScan);
  EXPECT_EQ(PlanAs<Scan>(*plan->lefttree).scanrelid, 3u);
  EXPECT_EQ(IncrementalSort().tag, PlanTag::kIncrementalSort);
  EXPECT_EQ(Agg().aggstrategy, AggStrategy::kPlain);
}

TEST(PlanNodesTest, PlannedStmtSharesItsPlan) {
  auto stmt = std::make_shared<PlannedStmt>();
  auto result = std::make_shared<Result>();
  stmt->planTree = result;
  PlannedStmtPtr shared = stmt;
  PlannedStmtPtr again = shared;
  EXPECT_EQ(again->planTree.get(), result.get());
  EXPECT_EQ(result.use_count(), 2);  // the local and the statement
}

}  // namespace
}  // namespace hyrax::nodes
