// Re-targeting references to enclosing query levels when a query moves to another depth
// (PostgreSQL's IncrementVarSublevelsUp over a query tree): used when a WITH query is
// inlined as a sub-query (plan/cte_planner.cpp) and when a sub-query is pulled up into its
// parent (prep/prepjointree.cpp).
#pragma once

#include <functional>

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Calls fn(level, depth) on `query` (depth 0) and every query nested in it: sub-query RTEs,
// WITH queries and SubLink sub-selects, each one level deeper. Requires: the whole tree is
// owned by the caller (nodes::CopyQuery), so fn may change it in place.
void ForEachQueryLevel(nodes::Query& query, int depth,
                       const std::function<void(nodes::Query&, int)>& fn);

// Adds `delta` to the levels-up of every Var and CTE reference in `query` (at any depth)
// that points at least `min_sublevels_up` levels above the query it sits in, relative to
// `query` (1 = everything outside `query`). Requires: the tree is owned by the caller.
// Throws 0A000 for outer-level aggregates that would move.
void IncrementSublevelsUp(nodes::Query& query, int delta, int min_sublevels_up);

}  // namespace hyrax::planner
