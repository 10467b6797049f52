// Path constructors (PostgreSQL's pathnode.c): each builds one Path and costs it, and
// AddPath keeps the cheapest candidates of a relation (add_path, simplified to "cheapest
// total and cheapest startup survive").
#pragma once

#include "planner/cost/costsize.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Adds `path` to rel->pathlist and updates cheapest_total_path / cheapest_startup_path.
void AddPath(RelOptInfo* rel, PathPtr path);
// Which of two paths is cheaper for fetching `fraction` of the rows (0 or 1 = all).
bool CheaperForFraction(const Path& a, const Path& b, double fraction);

PathPtr CreateSeqScanPath(RelOptInfo* rel);
PathPtr CreateValuesScanPath(RelOptInfo* rel);
PathPtr CreateResultScanPath(RelOptInfo* rel);
PathPtr CreateSubqueryScanPath(RelOptInfo* rel, PathPtr subpath);
// Result with no input (SELECT without FROM) gated by pseudo-constant `quals`.
PathPtr CreateGroupResultPath(RelOptInfo* rel, std::shared_ptr<PathTarget> target,
                              const ExprList& quals);
PathPtr CreateNestLoopPath(PlannerInfo* root, RelOptInfo* joinrel, nodes::JoinType jointype,
                           PathPtr outer, PathPtr inner, RestrictList join_clauses,
                           RestrictList other_clauses, const JoinPathExtra& extra = {});
// Whether a plan node of this type computes its own target list (scans and joins;
// PostgreSQL's is_projection_capable_plan), so a new target or a sort key needs no Result.
bool IsProjectionCapable(nodes::PlanTag tag);
// Projection of `subpath` to `target` (a Result node unless the subpath can project).
PathPtr CreateProjectionPath(PathPtr subpath, std::shared_ptr<PathTarget> target);
// Append of `subpaths` producing `target` (their columns, positionally).
PathPtr CreateAppendPath(RelOptInfo* rel, std::vector<PathPtr> subpaths,
                         std::shared_ptr<PathTarget> target);
PathPtr CreateSortPath(PathPtr subpath, std::vector<PathKey> pathkeys, double limit_tuples);
PathPtr CreateAggPath(PlannerInfo* root, PathPtr subpath, std::shared_ptr<PathTarget> target,
                      nodes::AggStrategy strategy, std::vector<nodes::SortGroupClause> groupClause,
                      ExprList having, const AggClauseCosts& costs, double num_groups);
// Grouping-sets Agg over `subpath` (sorted on the first sorted rollup's keys when
// `strategy` is kSorted or kMixed): PostgreSQL's create_groupingsets_path and its costs,
// each later sorted rollup paying for a sort of the input rows.
PathPtr CreateGroupingSetsPath(PlannerInfo* root, PathPtr subpath,
                               std::shared_ptr<PathTarget> target, nodes::AggStrategy strategy,
                               std::vector<AggPathRollup> rollups, ExprList having,
                               const AggClauseCosts& costs, std::vector<PathKey> group_pathkeys);
// WindowAgg over `subpath` (already sorted for `wc`) computing `winfuncs`; outputs `target`.
PathPtr CreateWindowAggPath(PathPtr subpath, std::shared_ptr<PathTarget> target,
                            const nodes::WindowClause* wc,
                            std::vector<std::shared_ptr<nodes::WindowFunc>> winfuncs);
PathPtr CreateUniquePath(PathPtr subpath, int numkeys, double num_groups);
// WITH TIES (`option`) also returns the rows tied with the last one on the ORDER BY keys.
PathPtr CreateLimitPath(PathPtr subpath, ExprPtr offset, ExprPtr count, int64_t offset_est,
                        int64_t count_est,
                        nodes::LimitOption option = nodes::LimitOption::kDefault);
PathPtr CreateModifyTablePath(PathPtr subpath, nodes::CmdType operation, bool canSetTag,
                              nodes::Index result_relation,
                              std::vector<nodes::AttrNumber> update_colnos,
                              nodes::TargetList returning, std::shared_ptr<PathTarget> target);

// Cost and width of a target's expressions (set_pathtarget_cost_width).
void SetPathTargetCostWidth(PlannerInfo* root, PathTarget* target);
// True when `have` starts with `want` (pathkeys_contained_in).
bool PathKeysContainedIn(const std::vector<PathKey>& want, const std::vector<PathKey>& have);

}  // namespace hyrax::planner
