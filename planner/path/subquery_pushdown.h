// Restriction clauses of a FROM sub-query pushed into it (PostgreSQL's set_subquery_pathlist
// with subquery_is_pushdown_safe, qual_is_pushdown_safe and subquery_push_qual): a clause
// that reads only "safe" output columns of the sub-query is rewritten in terms of the
// sub-query's target expressions and added to its WHERE (or HAVING when it groups), or to
// every member of a UNION / INTERSECT, so the sub-query filters early and can use indexes.
// Not pushed: into sub-queries with LIMIT/OFFSET, grouping sets, EXCEPT, security barrier
// views; clauses with sub-selects, whole-row references or references to other relations;
// clauses over columns computed by set-returning or volatile functions, columns outside a
// DISTINCT ON list or outside every window's PARTITION BY, set-operation columns whose type
// differs in a member; volatile clauses into sub-queries with DISTINCT, windows or SRFs.
#pragma once

#include "nodes/parsenodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Moves the clauses of `restrictions` (the scan quals of FROM item `rti`, the sub-query RTE
// `rte`) that can run inside the sub-query into it. Returns the sub-query to plan: a copy
// with the clauses added, or `rte.subquery` itself when none moved.
nodes::QueryPtr PushDownSubqueryQuals(const nodes::RangeTblEntry& rte, nodes::Index rti,
                                      RestrictList* restrictions);

}  // namespace hyrax::planner
