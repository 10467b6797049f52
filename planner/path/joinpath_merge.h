// Merge join paths (PostgreSQL's select_mergejoin_clauses, sort_inner_and_outer and the
// merge part of match_unsorted_outer in joinpath.c): which join clauses can drive a merge
// join, and the candidate paths with explicit sorts or already-ordered inputs (index scans,
// other merge joins). planner/README.md "Join methods".
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// The merge-joinable clauses among `clauses` for inputs `outer` / `inner`, in order:
// "a = b" with a btree equality operator whose sides each come from one input. Sets
// *all_mergeable to whether every clause qualified (RIGHT and FULL merge joins need that).
std::vector<MergeClause> SelectMergeClauses(const RestrictList& clauses, Relids outer, Relids inner,
                                            bool* all_mergeable);

// Adds the merge join paths of `outer` JOIN `inner` to `joinrel`. Requires: both inputs have
// their paths; joinrel->rows is set.
void AddMergeJoinPaths(PlannerInfo* root, RelOptInfo* joinrel, const RelOptInfo& outer,
                       const RelOptInfo& inner, nodes::JoinType jointype,
                       const RestrictList& join_clauses, const JoinPathExtra& extra = {});

}  // namespace hyrax::planner
