// Path constructors (see pathnode.h).
#include "planner/path/pathnode.h"

#include <algorithm>

#include "planner/path/clausesel.h"
#include "planner/path/column_stats.h"
#include "planner/path/plancat.h"
#include "planner/prep/clauses.h"

namespace hyrax::planner {

bool CheaperForFraction(const Path& a, const Path& b, double fraction) {
  if (fraction <= 0 || fraction >= 1) {
    // All rows wanted: set_cheapest's exact comparison, ties to the cheaper startup.
    if (a.total_cost != b.total_cost) return a.total_cost < b.total_cost;
    return a.startup_cost < b.startup_cost;
  }
  double ca = a.startup_cost + fraction * (a.total_cost - a.startup_cost);
  double cb = b.startup_cost + fraction * (b.total_cost - b.startup_cost);
  return ca < cb;
}

void AddPath(RelOptInfo* rel, PathPtr path) {
  // set_cheapest: the exact cheapest total cost wins, ties go to the cheaper startup.
  const PathPtr& best = rel->cheapest_total_path;
  if (!best || path->total_cost < best->total_cost ||
      (path->total_cost == best->total_cost && path->startup_cost < best->startup_cost)) {
    rel->cheapest_total_path = path;
  }
  if (!rel->cheapest_startup_path ||
      path->startup_cost < rel->cheapest_startup_path->startup_cost) {
    rel->cheapest_startup_path = path;
  }
  rel->pathlist.push_back(std::move(path));
}

void SetPathTargetCostWidth(PlannerInfo* root, PathTarget* target) {
  QualCost cost;
  int width = 0;
  for (const auto& e : target->exprs) {
    if (e->tag == nodes::NodeTag::kVar) {
      const auto& v = *nodes::As<nodes::Var>(e);
      RelOptInfo* rel =
          root != nullptr && v.varlevelsup == 0 && v.varno < root->simple_rel_array.size()
              ? root->simple_rel_array[v.varno].get()
              : nullptr;
      if (std::optional<int32_t> w = StatsVarWidth(root, v)) {
        width += *w;  // ANALYZE's average width (get_attavgwidth)
        continue;
      }
      width += rel != nullptr && !rel->attr_widths.empty()
                   ? AttrWidth(rel, nullptr, v.varattno, v.result_type, v.result_typmod)
                   : TypeAvgWidth(v.result_type, v.result_typmod);
      continue;
    }
    width += TypeAvgWidth(e->result_type, e->result_typmod);
    QualCost c = CostExprEval(e);
    cost.startup += c.startup;
    cost.per_tuple += c.per_tuple;
  }
  target->cost = cost;
  target->width = width;
}

PathPtr CreateSeqScanPath(RelOptInfo* rel) {
  auto path = std::make_shared<Path>(nodes::PlanTag::kSeqScan);
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  CostSeqScan(path.get(), *rel);
  return path;
}

PathPtr CreateValuesScanPath(RelOptInfo* rel) {
  auto path = std::make_shared<Path>(nodes::PlanTag::kValuesScan);
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  CostValuesScan(path.get(), *rel);
  return path;
}

PathPtr CreateResultScanPath(RelOptInfo* rel) {
  auto path = std::make_shared<Path>(nodes::PlanTag::kResult);
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  CostResultScan(path.get(), *rel);
  return path;
}

PathPtr CreateSubqueryScanPath(RelOptInfo* rel, PathPtr subpath) {
  auto path = std::make_shared<SubqueryScanPath>();
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  path->subpath = std::move(subpath);
  CostSubqueryScan(path.get(), *rel);
  return path;
}

PathPtr CreateAppendPath(RelOptInfo* rel, std::vector<PathPtr> subpaths,
                         std::shared_ptr<PathTarget> target) {
  auto path = std::make_shared<AppendPath>();
  path->parent = rel;
  path->pathtarget = std::move(target);
  // cost_append, unordered: the first member's startup, every member's total, plus half a
  // cpu_tuple_cost per row for passing it on (APPEND_CPU_COST_MULTIPLIER).
  for (size_t i = 0; i < subpaths.size(); ++i) {
    if (i == 0) path->startup_cost = subpaths[i]->startup_cost;
    path->total_cost += subpaths[i]->total_cost;
    path->rows += subpaths[i]->rows;
  }
  path->total_cost += g_cpu_tuple_cost * 0.5 * path->rows;
  path->subpaths = std::move(subpaths);
  return path;
}

PathPtr CreateGroupResultPath(RelOptInfo* rel, std::shared_ptr<PathTarget> target,
                              const ExprList& quals) {
  auto path = std::make_shared<ProjectionPath>();  // a Result without input
  path->parent = rel;
  path->pathtarget = std::move(target);
  path->rows = 1;
  // create_group_result_path: the one-time filter is paid before the row.
  QualCost qc = CostQualEval(quals);
  path->startup_cost = path->pathtarget->cost.startup + qc.startup + qc.per_tuple;
  path->total_cost = path->pathtarget->cost.startup + g_cpu_tuple_cost +
                     path->pathtarget->cost.per_tuple + qc.startup + qc.per_tuple;
  path->quals = quals;
  return path;
}

PathPtr CreateNestLoopPath(PlannerInfo* root, RelOptInfo* joinrel, nodes::JoinType jointype,
                           PathPtr outer, PathPtr inner, RestrictList join_clauses,
                           RestrictList other_clauses, const JoinPathExtra& extra) {
  auto path = std::make_shared<JoinPath>(nodes::PlanTag::kNestLoop);
  path->parent = joinrel;
  path->pathtarget = std::make_shared<PathTarget>(joinrel->reltarget);
  path->jointype = jointype;
  path->extra = extra;
  path->outerjoinpath = std::move(outer);
  path->innerjoinpath = std::move(inner);
  path->joinrestrictinfo = std::move(join_clauses);
  path->otherrestrictinfo = std::move(other_clauses);
  CostNestLoop(path.get(), joinrel->rows);
  return path;
}

bool IsProjectionCapable(nodes::PlanTag tag) {
  using nodes::PlanTag;
  switch (tag) {
    case PlanTag::kSeqScan:
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan:
    case PlanTag::kValuesScan:
    case PlanTag::kFunctionScan:
    case PlanTag::kSubqueryScan:
    case PlanTag::kCteScan:
    case PlanTag::kWorkTableScan:
    case PlanTag::kNestLoop:
    case PlanTag::kHashJoin:
    case PlanTag::kMergeJoin:
      return true;
    default:
      return false;
  }
}

PathPtr CreateProjectionPath(PathPtr subpath, std::shared_ptr<PathTarget> target) {
  auto path = std::make_shared<ProjectionPath>();
  path->parent = subpath->parent;
  path->pathtarget = std::move(target);
  path->rows = subpath->rows;
  path->pathkeys = subpath->pathkeys;
  // A Result node costs a tuple fee plus the new target's evaluation (create_projection_path
  // when the subpath cannot project).
  path->startup_cost = subpath->startup_cost + path->pathtarget->cost.startup;
  path->total_cost = subpath->total_cost + path->pathtarget->cost.startup +
                     (g_cpu_tuple_cost + path->pathtarget->cost.per_tuple) * subpath->rows;
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateSortPath(PathPtr subpath, std::vector<PathKey> pathkeys, double limit_tuples) {
  auto path = std::make_shared<SortPath>();
  path->parent = subpath->parent;
  path->pathtarget = subpath->pathtarget;
  path->pathkeys = std::move(pathkeys);
  CostSort(path.get(), subpath->startup_cost, subpath->total_cost, subpath->rows,
           subpath->pathtarget->width, limit_tuples);
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateAggPath(PlannerInfo* root, PathPtr subpath, std::shared_ptr<PathTarget> target,
                      nodes::AggStrategy strategy, std::vector<nodes::SortGroupClause> groupClause,
                      ExprList having, const AggClauseCosts& costs, double num_groups) {
  auto path = std::make_shared<AggPath>();
  path->parent = subpath->parent;
  path->pathtarget = std::move(target);
  path->aggstrategy = strategy;
  path->numGroups = num_groups;
  double having_sel = having.empty() ? 1.0 : ClauseListSelectivity(root, having);
  CostAgg(path.get(), strategy, costs, static_cast<int>(groupClause.size()), num_groups, having,
          subpath->startup_cost, subpath->total_cost, subpath->rows, subpath->pathtarget->width,
          having_sel);
  path->startup_cost += path->pathtarget->cost.startup;
  path->total_cost +=
      path->pathtarget->cost.startup + path->pathtarget->cost.per_tuple * path->rows;
  if (strategy == nodes::AggStrategy::kSorted) path->pathkeys = subpath->pathkeys;
  path->groupClause = std::move(groupClause);
  path->qual = std::move(having);
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateGroupingSetsPath(PlannerInfo* root, PathPtr subpath,
                               std::shared_ptr<PathTarget> target, nodes::AggStrategy strategy,
                               std::vector<AggPathRollup> rollups, ExprList having,
                               const AggClauseCosts& costs, std::vector<PathKey> group_pathkeys) {
  auto path = std::make_shared<AggPath>();
  path->parent = subpath->parent;
  path->pathtarget = std::move(target);
  // One sorted rollup of no columns is a plain aggregate; one hashed rollup a plain hash.
  if (strategy == nodes::AggStrategy::kSorted && rollups.size() == 1 &&
      rollups[0].groupClause.empty()) {
    strategy = nodes::AggStrategy::kPlain;
  }
  if (strategy == nodes::AggStrategy::kMixed && rollups.size() == 1) {
    strategy = nodes::AggStrategy::kHashed;
  }
  path->aggstrategy = strategy;
  if (strategy == nodes::AggStrategy::kSorted && rollups.size() == 1) {
    path->pathkeys = std::move(group_pathkeys);
  }
  double having_sel = having.empty() ? 1.0 : ClauseListSelectivity(root, having);
  const Path& in = *subpath;
  int width = in.pathtarget->width;
  bool first = true, first_sort = true;
  double total_groups = 0;
  for (const auto& rollup : rollups) {
    int ncols = static_cast<int>(rollup.groupClause.size());
    total_groups += rollup.numGroups;
    if (first) {
      CostAgg(path.get(), strategy, costs, ncols, rollup.numGroups, having, in.startup_cost,
              in.total_cost, in.rows, width, having_sel);
      first = false;
      if (!rollup.hashed) first_sort = false;
      continue;
    }
    Path agg_cost(nodes::PlanTag::kAgg);
    if (rollup.hashed || first_sort) {
      // The rollup reads the same input rows: only the aggregation is charged.
      CostAgg(&agg_cost, rollup.hashed ? nodes::AggStrategy::kHashed : nodes::AggStrategy::kSorted,
              costs, ncols, rollup.numGroups, having, 0, 0, in.rows, width, having_sel);
      if (!rollup.hashed) first_sort = false;
    } else {
      Path sort_cost(nodes::PlanTag::kSort);
      CostSort(&sort_cost, 0, 0, in.rows, width, -1);
      CostAgg(&agg_cost, nodes::AggStrategy::kSorted, costs, ncols, rollup.numGroups, having,
              sort_cost.startup_cost, sort_cost.total_cost, in.rows, width, having_sel);
    }
    path->total_cost += agg_cost.total_cost;
    path->rows += agg_cost.rows;
  }
  path->startup_cost += path->pathtarget->cost.startup;
  path->total_cost +=
      path->pathtarget->cost.startup + path->pathtarget->cost.per_tuple * path->rows;
  path->numGroups = total_groups;
  path->rollups = std::move(rollups);
  path->qual = std::move(having);
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateWindowAggPath(PathPtr subpath, std::shared_ptr<PathTarget> target,
                            const nodes::WindowClause* wc,
                            std::vector<std::shared_ptr<nodes::WindowFunc>> winfuncs) {
  auto path = std::make_shared<WindowAggPath>();
  path->parent = subpath->parent;
  path->pathtarget = std::move(target);
  path->pathkeys = subpath->pathkeys;
  CostWindowAgg(path.get(), winfuncs, static_cast<int>(wc->partitionClause.size()),
                static_cast<int>(wc->orderClause.size()), subpath->startup_cost,
                subpath->total_cost, subpath->rows);
  // The target's own evaluation per output row (create_windowagg_path).
  path->startup_cost += path->pathtarget->cost.startup;
  path->total_cost +=
      path->pathtarget->cost.startup + path->pathtarget->cost.per_tuple * path->rows;
  path->wc = wc;
  path->winfuncs = std::move(winfuncs);
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateUniquePath(PathPtr subpath, int numkeys, double num_groups) {
  auto path = std::make_shared<UniquePath>();
  path->parent = subpath->parent;
  path->pathtarget = subpath->pathtarget;
  path->pathkeys = subpath->pathkeys;
  path->numkeys = numkeys;
  CostUnique(path.get(), *subpath, numkeys, num_groups);
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateLimitPath(PathPtr subpath, ExprPtr offset, ExprPtr count, int64_t offset_est,
                        int64_t count_est, nodes::LimitOption option) {
  auto path = std::make_shared<LimitPath>();
  path->limitOption = option;
  path->parent = subpath->parent;
  path->pathtarget = subpath->pathtarget;
  path->pathkeys = subpath->pathkeys;
  path->limitOffset = std::move(offset);
  path->limitCount = std::move(count);
  double rows = subpath->rows;
  double startup = subpath->startup_cost;
  double total = subpath->total_cost;
  // adjust_limit_rows_costs: estimates of -1 mean "unknown", charged as 10%.
  if (offset_est != 0) {
    double offset_rows =
        offset_est > 0 ? static_cast<double>(offset_est) : ClampRowEst(rows * 0.10);
    offset_rows = std::min(offset_rows, rows);
    if (subpath->rows > 0) startup += (total - startup) * offset_rows / subpath->rows;
    rows = std::max(rows - offset_rows, 1.0);
  }
  if (count_est != 0) {
    double count_rows = count_est > 0 ? static_cast<double>(count_est) : ClampRowEst(rows * 0.10);
    count_rows = std::min(count_rows, rows);
    // The subpath's own run cost, not the offset-adjusted one (adjust_limit_rows_costs).
    if (subpath->rows > 0) {
      total = startup + (subpath->total_cost - subpath->startup_cost) * count_rows / subpath->rows;
    }
    rows = std::max(count_rows, 1.0);
  }
  path->rows = rows;
  path->startup_cost = startup;
  path->total_cost = total;
  path->subpath = std::move(subpath);
  return path;
}

PathPtr CreateModifyTablePath(PathPtr subpath, nodes::CmdType operation, bool canSetTag,
                              nodes::Index result_relation,
                              std::vector<nodes::AttrNumber> update_colnos,
                              nodes::TargetList returning, std::shared_ptr<PathTarget> target) {
  auto path = std::make_shared<ModifyTablePath>();
  path->parent = subpath->parent;
  path->operation = operation;
  path->canSetTag = canSetTag;
  path->nominalRelation = result_relation;
  path->resultRelations = {result_relation};
  if (operation == nodes::CmdType::kUpdate) path->updateColnosLists = {std::move(update_colnos)};
  path->startup_cost = subpath->startup_cost;
  path->total_cost = subpath->total_cost;
  if (!returning.empty()) {
    path->rows = subpath->rows;
    path->pathtarget = std::move(target);
    path->returningLists = {std::move(returning)};
  } else {
    path->rows = 0;
    path->pathtarget = std::make_shared<PathTarget>();
  }
  path->subpath = std::move(subpath);
  return path;
}

bool PathKeysContainedIn(const std::vector<PathKey>& want, const std::vector<PathKey>& have) {
  if (want.size() > have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].sortop != have[i].sortop || want[i].nulls_first != have[i].nulls_first ||
        !ExprEqual(want[i].expr.get(), have[i].expr.get())) {
      return false;
    }
  }
  return true;
}

}  // namespace hyrax::planner
