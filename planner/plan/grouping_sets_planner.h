// Planning GROUP BY GROUPING SETS / ROLLUP / CUBE (PostgreSQL's preprocess_grouping_sets
// and consider_groupingsets_paths): the expanded sets are split into rollups; the sorted
// plan sorts the input for the first rollup and re-sorts it for each later one (a
// GroupAggregate with chained sort phases); the hashed plan (HashAggregate, or
// MixedAggregate when there are empty sets) keeps one hash table per set.
#pragma once

#include <memory>

#include "planner/cost/costsize.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// The grouping path of a query level with GROUPING SETS over `input` (the scan/join path
// producing the grouping input), the cheaper of the sorted and hashed strategies.
PathPtr MakeGroupingSetsPath(PlannerInfo* root, PathPtr input, std::shared_ptr<PathTarget> target,
                             const ExprList& having, const AggClauseCosts& costs, double fraction);

}  // namespace hyrax::planner
