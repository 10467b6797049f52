// Index paths (PostgreSQL's indxpath.c): matches restriction clauses "column op value"
// (op in the index column's btree operator family, "value op column" commuted, IS [NOT]
// NULL) to the columns of each btree index of a base relation, and builds IndexScan /
// IndexOnlyScan paths costed by cost_index, with the pathkeys of the index order when
// they give the ordering the query asks for (forward or backward scan).
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Adds the index paths of plain relation `rel` (sizes, target and restrictions set).
void CreateIndexPaths(PlannerInfo* root, RelOptInfo* rel);

// Parameterised inner index scans of `rel` for a nested loop whose outer side is
// `outer_relids`: `join_clauses` (this join's clauses) whose "inner column = outer
// expression" form matches an index become index clauses. Returns the cheapest such path,
// or null when none applies. The path's rows are those of one inner scan.
PathPtr BestParamIndexPath(PlannerInfo* root, RelOptInfo* rel, Relids outer_relids,
                           const RestrictList& join_clauses, double outer_rows);

}  // namespace hyrax::planner
