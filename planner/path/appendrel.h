// Planning an inheritance parent or partitioned table as an append relation (PostgreSQL's
// set_append_rel_size / set_append_rel_pathlist): each child from
// planner/prep/inherit.h gets its own RelOptInfo with the parent's restriction clauses and
// target translated to its columns, its own sizes and paths (sequential and index scans);
// the parent's path is an Append of the children's cheapest paths. Children whose
// partition bounds contradict the quals are left out first (planner/path/partprune.h).
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Sizes and paths of append parent `rel`. Requires: rel->baserestrictinfo and
// rel->reltarget set.
void SetAppendRelSizeAndPaths(PlannerInfo* root, RelOptInfo* rel);

// The RT indexes of the children of parent `parent_rti` that were not pruned, in Append
// order (the result relations of UPDATE/DELETE on an inheritance parent).
std::vector<Index> AppendChildRelids(const PlannerInfo& root, Index parent_rti);

}  // namespace hyrax::planner
