// HAVING clauses that need no aggregate move to WHERE (PostgreSQL's transfer in
// subquery_planner): `GROUP BY a HAVING a > 5` filters rows before grouping, so EXPLAIN shows
// the filter on the scan as PostgreSQL does and fewer rows are grouped. With GROUP BY the
// clause moves; without GROUP BY (a plain aggregate) a copy goes to WHERE and the clause
// stays in HAVING (it must still remove the single aggregate row); with grouping sets, or
// when it has aggregates, volatile functions or sub-plans, it stays.
#pragma once

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Rewrites `query`'s HAVING and WHERE clauses. Requires: expressions preprocessed (sub-selects
// are SubPlans); the join tree's top node may be shared with the original query (it is
// replaced, not changed).
void TransferHavingToWhere(nodes::Query* query);

}  // namespace hyrax::planner
