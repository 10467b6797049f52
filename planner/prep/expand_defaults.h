// Column defaults of INSERT and UPDATE (PostgreSQL's rewriteTargetListIU, rewriteValuesRTE
// and build_column_default, which live in its rewriter): an INSERT gains a target entry
// with the column's pg_attrdef expression for every omitted column that has a default, and
// every DEFAULT marker (nodes::SetToDefault) in the target list or in the rows of the
// INSERT's VALUES list becomes that expression, or a NULL of the column's type when the
// column has none. Done at the start of planning, so every path that plans a Query
// (simple and extended protocol, EXPLAIN, PREPARE) sees it; planner/README.md explains why
// this is here and not in parser/rewrite.
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Rewrites `query` in place (its target list and VALUES range-table entries; the caller
// owns those copies). Does nothing for statements other than INSERT and UPDATE.
// Requires: the result relation's lock (its defaults are read through the relcache).
void ExpandColumnDefaults(nodes::Query* query);

}  // namespace hyrax::planner
