// Early-stopping join costs (see cost_semijoin.h).
#include "planner/cost/cost_semijoin.h"

#include <cmath>

#include "planner/cost/costsize.h"

namespace hyrax::planner {

namespace {

// has_indexed_join_quals: the inner side is a parameterised index scan that checks every
// join clause, so an unmatched outer row costs one empty index probe.
bool HasIndexedJoinQuals(const JoinPath& path) {
  if (!path.joinrestrictinfo.empty()) return false;
  const auto* index = dynamic_cast<const IndexPath*>(path.innerjoinpath.get());
  return index != nullptr && index->required_outer != 0 && !index->indexclauses.empty();
}

}  // namespace

bool StopsAtFirstMatch(const JoinPath& path) {
  return path.jointype == nodes::JoinType::kSemi || path.jointype == nodes::JoinType::kAnti ||
         path.extra.inner_unique;
}

double SemiNestLoopInnerCost(const JoinPath& path, double inner_run_cost,
                             double inner_rescan_run_cost, double* ntuples) {
  double outer_rows = path.outerjoinpath->rows;
  double inner_rows = path.innerjoinpath->rows;
  const SemiAntiJoinFactors& sf = path.extra.semifactors;
  double matched = std::rint(outer_rows * sf.outer_match_frac);
  double unmatched = outer_rows - matched;
  double scan_frac = 2.0 / (sf.match_count + 1.0);
  // Matched outer rows read about scan_frac of the inner rows before the first match.
  *ntuples = matched * inner_rows * scan_frac;
  double run_cost = 0;
  if (HasIndexedJoinQuals(path)) {
    run_cost += inner_run_cost * scan_frac;
    if (matched > 1) run_cost += (matched - 1) * inner_rescan_run_cost * scan_frac;
    run_cost += unmatched * inner_rescan_run_cost / inner_rows;
    return run_cost;
  }
  // Unmatched outer rows read the whole inner side; the first full scan is charged once.
  *ntuples += unmatched * inner_rows;
  run_cost += inner_run_cost;
  if (unmatched >= 1) {
    unmatched -= 1;
  } else {
    matched -= 1;
  }
  if (matched > 0) run_cost += matched * inner_rescan_run_cost * scan_frac;
  if (unmatched > 0) run_cost += unmatched * inner_rescan_run_cost;
  return run_cost;
}

double SemiHashJoinProbeCost(const HashPath& path, double hash_qual_per_tuple,
                             double inner_bucket_fraction, double* hash_tuples) {
  double outer_rows = path.outerjoinpath->rows;
  double inner_rows = path.innerjoinpath->rows;
  const SemiAntiJoinFactors& sf = path.extra.semifactors;
  double matched = std::rint(outer_rows * sf.outer_match_frac);
  double scan_frac = 2.0 / (sf.match_count + 1.0);
  double cost = hash_qual_per_tuple * matched *
                ClampRowEst(inner_rows * inner_bucket_fraction * scan_frac) * 0.5;
  // Unmatched rows see an average bucket and rarely a matching hash code: a tenth of the
  // per-entry cost (PostgreSQL's estimate).
  cost += hash_qual_per_tuple * (outer_rows - matched) *
          ClampRowEst(inner_rows / HashTableBuckets(inner_rows)) * 0.05;
  *hash_tuples = path.jointype == nodes::JoinType::kAnti ? outer_rows - matched : matched;
  return cost;
}

double HashTableBuckets(double inner_rows) {
  double nbuckets = 1024;
  while (nbuckets < inner_rows) nbuckets *= 2;
  return nbuckets;
}

}  // namespace hyrax::planner
