// Sub-select pull-up into joins (PostgreSQL's pull_up_sublinks): `EXISTS (...)` and
// `x IN (SELECT ...)` among the top-level AND conditions of WHERE or of an inner join's ON
// become semi joins, `NOT EXISTS (...)` anti joins, so the join search can plan them as
// nested loop, hash or merge joins (or unique-ify the sub-select and join normally).
// Runs before PullUpSubqueries, which then flattens the IN sub-select when it is simple.
// Conditions: planner/README.md "Semi and anti joins".
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Converts every convertible sub-select of `query` in place (the join tree is copied, the
// range table grows by the pulled-up relations) and refreshes query->hasSubLinks.
void PullUpSublinks(nodes::Query* query);

}  // namespace hyrax::planner
