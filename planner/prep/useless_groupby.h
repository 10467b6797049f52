// Dropping GROUP BY columns that a primary key makes redundant (PostgreSQL's
// remove_useless_groupby_columns in planner.c): when all columns of a relation's
// non-deferrable primary key are grouped, grouping by its other columns changes nothing,
// so they are removed from the group clause (fewer hash/sort keys; EXPLAIN shows the shorter
// Group Key as PostgreSQL does). Runs after inheritance expansion, before grouping planning.
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Rewrites `query->groupClause` in place. Leaves queries with grouping sets alone, and
// inheritance parents with children (a child may repeat a parent's key).
void RemoveUselessGroupByColumns(nodes::Query* query);

}  // namespace hyrax::planner
