// Merge join costs (see cost_mergejoin.h). Without pg_statistic histograms the merge scan
// selectivities of mergejoinscansel are PostgreSQL's defaults (each input read from start
// to end), which is what this file assumes.
#include "planner/cost/cost_mergejoin.h"

#include <algorithm>

#include "planner/cost/costsize.h"

namespace hyrax::planner {

namespace {

// The costs of reading `input` through an explicit Sort (when `sorted`), else directly.
void InputCosts(const Path& input, bool sorted, double* startup, double* run) {
  if (!sorted) {
    *startup = input.startup_cost;
    *run = input.total_cost - input.startup_cost;
    return;
  }
  Path sort(nodes::PlanTag::kSort);
  CostSort(&sort, input.startup_cost, input.total_cost, input.rows, input.pathtarget->width, -1.0);
  *startup = sort.startup_cost;
  *run = sort.total_cost - sort.startup_cost;
}

QualCost SumCosts(const RestrictList& list, QualCost cost = {}) {
  for (const auto& ri : list) {
    QualCost c = CostExprEval(ri->clause);
    cost.startup += c.startup;
    cost.per_tuple += c.per_tuple;
  }
  return cost;
}

}  // namespace

bool PathSupportsMarkRestore(const Path& path) {
  switch (path.pathtype) {
    case nodes::PlanTag::kIndexScan:
    case nodes::PlanTag::kIndexOnlyScan:
    case nodes::PlanTag::kMaterial:
    case nodes::PlanTag::kSort:
      return true;
    default:
      return false;
  }
}

void CostMergeJoin(MergePath* path, double join_rows, double merge_tuples) {
  const Path& outer = *path->outerjoinpath;
  const Path& inner = *path->innerjoinpath;
  double outer_rows = std::max(ClampRowEst(outer.rows), 1.0);
  double inner_rows = std::max(ClampRowEst(inner.rows), 1.0);
  double inner_path_rows = inner.rows <= 0 ? 1.0 : inner.rows;

  // initial_cost_mergejoin: both inputs read (through their sorts) from start to end.
  double outer_startup, outer_run, inner_startup, inner_run_cost;
  InputCosts(outer, !path->outersortkeys.empty(), &outer_startup, &outer_run);
  InputCosts(inner, !path->innersortkeys.empty(), &inner_startup, &inner_run_cost);
  double startup = outer_startup + inner_startup;
  double run = outer_run;

  // final_cost_mergejoin.
  if (!g_enable_mergejoin) startup += kDisableCost;
  QualCost merge_qual;
  for (const auto& mc : path->mergeclauses) {
    QualCost c = CostExprEval(mc.rinfo->clause);
    merge_qual.startup += c.startup;
    merge_qual.per_tuple += c.per_tuple;
  }
  QualCost qp_qual = SumCosts(path->otherrestrictinfo, SumCosts(path->joinrestrictinfo));
  // Duplicate outer keys make the join read the matching inner rows again: about the join
  // size minus the inner size (PostgreSQL's estimate).
  double rescanned = path->skip_mark_restore ? 0.0 : std::max(merge_tuples - inner_path_rows, 0.0);
  double rescanratio = 1.0 + rescanned / inner_rows;
  double bare_inner_cost = inner_run_cost * rescanratio;
  double mat_inner_cost = inner_run_cost + g_cpu_operator_cost * inner_rows * rescanratio;
  if (path->skip_mark_restore) {
    path->materialize_inner = false;
  } else if (g_enable_material && mat_inner_cost < bare_inner_cost) {
    path->materialize_inner = true;
  } else if (path->innersortkeys.empty() && !PathSupportsMarkRestore(inner)) {
    path->materialize_inner = true;  // needed for correctness, whatever enable_material says
  } else if (g_enable_material && !path->innersortkeys.empty() &&
             RelationByteSize(inner_path_rows, inner.pathtarget->width) > g_work_mem_kb * 1024.0) {
    path->materialize_inner = true;  // a sort that spills merges faster without mark/restore
  } else {
    path->materialize_inner = false;
  }
  run += path->materialize_inner ? mat_inner_cost : bare_inner_cost;
  // One merge-clause evaluation per row read (inner rows as often as they are re-read);
  // the tuple fee and the other quals per row passing the merge clauses.
  startup += merge_qual.startup;
  run += merge_qual.per_tuple * (outer_rows + inner_rows * rescanratio);
  startup += qp_qual.startup;
  run += (g_cpu_tuple_cost + qp_qual.per_tuple) * merge_tuples;
  startup += path->pathtarget->cost.startup;
  run += path->pathtarget->cost.per_tuple * join_rows;
  path->rows = join_rows;
  path->startup_cost = startup;
  path->total_cost = startup + run;
}

}  // namespace hyrax::planner
