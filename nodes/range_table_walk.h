// Visiting every range-table entry of a Query tree, at every query level: subquery RTEs,
// CTE queries and SubLink sub-selects included (PostgreSQL's range_table_walker applied
// recursively, as AcquireRewriteLocks and the dependency recording of views need). Used to
// lock and refresh the relations of an expanded view and to find what a view reads.
#pragma once

#include <functional>

#include "nodes/parsenodes.h"

namespace hyrax::nodes {

// Calls fn on each entry of query.rtable and, after fn returned, enters the entry's
// subquery (fn may replace it); then the CTE queries and the sub-selects of SubLinks in
// the query's expressions, recursively. Entries are passed mutable: callers that change
// them must own the tree (a CopyQuery result), since sub-queries are shared otherwise.
void ForEachRangeTableEntry(Query& query, const std::function<void(RangeTblEntry&)>& fn);

}  // namespace hyrax::nodes
