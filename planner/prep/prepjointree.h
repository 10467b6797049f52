// Join-tree preprocessing (PostgreSQL's prepjointree.c): simple FROM subqueries are pulled
// up into the parent query, so "SELECT * FROM (SELECT a FROM t WHERE a > 1) s" plans as a
// scan of t. The subquery's range table is appended to the parent's and its join tree
// replaces the subquery reference; the subquery's RTE stays (unused) in the range table.
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Pulls up every simple subquery of `query` (recursively), in place.
void PullUpSubqueries(nodes::Query* query);

}  // namespace hyrax::planner
