// Merge join costs (PostgreSQL 15's initial_cost_mergejoin / final_cost_mergejoin in
// costsize.c): explicit sorts of the inputs, the inner rows read again for duplicate outer
// keys, and whether a Materialize above the inner input is cheaper than re-reading it or
// needed because the inner plan cannot mark and restore its position.
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// True when the plan made from `path` can mark and restore its scan position (PostgreSQL's
// ExecSupportsMarkRestore): index scans, Materialize and Sort.
bool PathSupportsMarkRestore(const Path& path);

// Sets path->startup_cost / total_cost / rows, materialize_inner and skip_mark_restore.
// Requires: outerjoinpath, innerjoinpath, mergeclauses, the sort keys and the other clause
// lists are filled. `join_rows` is the join relation's row estimate; `merge_tuples` the
// rows passing the merge clauses alone (approx_tuple_count).
void CostMergeJoin(MergePath* path, double join_rows, double merge_tuples);

}  // namespace hyrax::planner
