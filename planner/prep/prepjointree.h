// Join-tree preprocessing (PostgreSQL's prepjointree.c): simple FROM subqueries are pulled
// up into the parent query, so "SELECT * FROM (SELECT a FROM t WHERE a > 1) s" plans as a
// scan of t. The subquery's range table is appended to the parent's and its join tree
// replaces the subquery reference; the subquery's RTE stays (unused) in the range table.
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Pulls up every simple subquery of `query` (recursively), in place.
void PullUpSubqueries(nodes::Query* query);

// Helpers shared with sub-select pull-up (prep/pull_up_sublinks.cpp):
// Whether `e` calls a volatile function (or holds a sub-select).
bool HasVolatile(const nodes::ExprPtr& e);
// `e` with every Var of this level moved `offset` range-table entries on.
nodes::ExprPtr OffsetVars(const nodes::ExprPtr& e, nodes::Index offset);
// A copy of join tree `n` with range-table references and quals moved `offset` entries on.
nodes::JoinTreeNodePtr OffsetJoinTree(const nodes::JoinTreeNodePtr& n, nodes::Index offset);
// Appends the range table of `sub` (a query one level below `parent`) to parent's, adjusting
// references to levels above `sub`; returns the offset of sub's first entry (its RT index 1
// becomes offset + 1).
nodes::Index AppendPulledUpRtable(nodes::Query* parent, const nodes::Query& sub);

}  // namespace hyrax::planner
