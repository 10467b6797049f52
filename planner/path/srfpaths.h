// Set-returning functions in planning: functions in FROM (FunctionScan paths, PostgreSQL's
// set_function_size_estimates / cost_functionscan, with the row estimates of the built-in
// planner support functions of generate_series and unnest) and set-returning functions in
// the select list (ProjectSet paths, create_set_projection_path, and the split of a target
// list into the levels below, at and above the ProjectSet: split_pathtarget_at_srfs).
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

struct ProjectSetPath : Path {
  ProjectSetPath() : Path(nodes::PlanTag::kProjectSet) {}
  PathPtr subpath;
};

// Rows one evaluation of `expr` returns (expression_returns_set_rows): 1 without a set,
// else the function's estimate (prorows, or the support function's answer).
double ExpressionReturnsSetRows(const nodes::ExprPtr& expr);
// True when `expr` contains a set-returning function or operator call.
bool ContainsSrfs(const nodes::ExprPtr& expr);

// Size estimate of a function RTE: rel->tuples (the largest of its functions' row counts).
void SetFunctionSize(RelOptInfo* rel, const nodes::RangeTblEntry& rte);
PathPtr CreateFunctionScanPath(RelOptInfo* rel, const nodes::RangeTblEntry& rte);
// Relations of this level the function RTE's arguments reference (LATERAL).
Relids FunctionLateralRelids(const nodes::RangeTblEntry& rte, Index relid);

// The target list below a ProjectSet for `final_exprs`: the expressions without sets, and
// the Vars/Aggrefs the set-returning calls need. Throws 0A000 for sets nested in sets.
std::shared_ptr<PathTarget> SrfInputTarget(PlannerInfo* root, const PathTarget& final_target);
// The ProjectSet's own target: final expressions that are or contain no set, plus the
// set-returning calls (and Vars) that final expressions with a set inside them need.
std::shared_ptr<PathTarget> SrfProjectTarget(PlannerInfo* root, const PathTarget& final_target,
                                             bool* needs_result_above);
PathPtr CreateSetProjectionPath(PathPtr subpath, std::shared_ptr<PathTarget> target);

}  // namespace hyrax::planner
