// MergeJoin plan construction (see create_mergejoin.h).
#include "planner/plan/create_mergejoin.h"

#include "common/error.h"
#include "planner/cost/costsize.h"
#include "planner/path/pathnode.h"
#include "planner/prep/clauses.h"

namespace hyrax::planner {

namespace {

using nodes::PlanTag;

// The 1-based column of `plan` holding `expr` (also when the key is a binary-compatible
// relabelling of a column); a projecting plan computes a missing key as a resjunk column
// (prepare_sort_from_pathkeys).
nodes::AttrNumber FindOrAddSortColumn(nodes::Plan* plan, const nodes::ExprPtr& expr) {
  nodes::ExprPtr bare = expr;
  while (bare->tag == nodes::NodeTag::kRelabelType) bare = nodes::As<nodes::RelabelType>(bare)->arg;
  for (const auto* wanted : {expr.get(), bare.get()}) {
    for (const auto& tle : plan->targetlist) {
      if (ExprEqual(tle.expr.get(), wanted)) return tle.resno;
    }
  }
  if (!IsProjectionCapable(plan->tag)) {
    throw Error(errcode::kInternalError, "could not find merge key in the input target list");
  }
  nodes::TargetEntry tle;
  tle.expr = expr;
  tle.resno = static_cast<nodes::AttrNumber>(plan->targetlist.size() + 1);
  tle.resjunk = true;
  plan->targetlist.push_back(tle);
  return tle.resno;
}

nodes::PlanPtr MakeSort(const nodes::PlanPtr& input, const std::vector<PathKey>& keys) {
  auto* mutable_input = const_cast<nodes::Plan*>(input.get());
  auto sort = std::make_shared<nodes::Sort>();
  for (const auto& key : keys) {
    sort->sort.sortColIdx.push_back(FindOrAddSortColumn(mutable_input, key.expr));
    sort->sort.sortOperators.push_back(key.sortop);
    sort->sort.collations.push_back(key.collation);
    sort->sort.nullsFirst.push_back(key.nulls_first);
  }
  sort->lefttree = input;
  sort->targetlist = input->targetlist;
  // label_sort_with_costsize
  Path costed(PlanTag::kSort);
  CostSort(&costed, input->startup_cost, input->total_cost, input->plan_rows, input->plan_width,
           -1.0);
  sort->startup_cost = costed.startup_cost;
  sort->total_cost = costed.total_cost;
  sort->plan_rows = input->plan_rows;
  sort->plan_width = input->plan_width;
  return sort;
}

nodes::PlanPtr MakeMaterial(const nodes::PlanPtr& input) {
  auto mat = std::make_shared<nodes::Material>();
  mat->lefttree = input;
  mat->targetlist = input->targetlist;
  mat->startup_cost = input->startup_cost;
  // create_mergejoin_plan charges cpu_operator_cost per row for the copy.
  mat->total_cost = input->total_cost + g_cpu_operator_cost * input->plan_rows;
  mat->plan_rows = input->plan_rows;
  mat->plan_width = input->plan_width;
  return mat;
}

}  // namespace

std::shared_ptr<nodes::MergeJoin> MakeMergeJoinPlan(const MergePath& path,
                                                    nodes::PlanPtr outer_plan,
                                                    nodes::PlanPtr inner_plan) {
  auto join = std::make_shared<nodes::MergeJoin>();
  join->jointype = path.jointype;
  join->inner_unique = path.extra.inner_unique;
  if (!path.outersortkeys.empty()) outer_plan = MakeSort(outer_plan, path.outersortkeys);
  if (!path.innersortkeys.empty()) inner_plan = MakeSort(inner_plan, path.innersortkeys);
  if (path.materialize_inner) inner_plan = MakeMaterial(inner_plan);
  join->lefttree = outer_plan;
  join->righttree = inner_plan;
  join->skip_mark_restore = path.skip_mark_restore;
  for (const auto& mc : path.mergeclauses) {
    join->mergeclauses.push_back(mc.rinfo->clause);
    join->mergeFamilies.push_back(mc.opfamily);
    join->mergeCollations.push_back(mc.outer_key.collation);
    join->mergeStrategies.push_back(1);  // BTLessStrategyNumber: ascending
    join->mergeNullsFirst.push_back(mc.outer_key.nulls_first);
  }
  return join;
}

}  // namespace hyrax::planner
