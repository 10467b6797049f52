// Outer-join reduction (PostgreSQL's reduce_outer_joins in prepjointree.c): a LEFT or FULL
// join whose nullable side is forced non-NULL by a strict qual above it (WHERE, or the ON
// clause of an enclosing join) is weakened to LEFT or INNER; every RIGHT join is turned into
// a LEFT join with its inputs swapped, so the join search only sees INNER, LEFT and FULL
// joins (it still tries both input orders, which is where "Hash Right Join" comes from).
// A LEFT join whose inner columns a `col IS NULL` above it forces to NULL (and its ON
// clause is strict in that column) becomes an anti join; the IS NULL test is dropped.
// Runs after join alias Vars are flattened; planner/README.md "Stages".
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Rewrites the join types (and swaps the inputs of RIGHT joins) of `query`'s join tree in
// place. Requires: the join tree nodes are this planning level's own copies.
void ReduceOuterJoins(nodes::Query* query);

}  // namespace hyrax::planner
