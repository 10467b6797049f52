// Builds EXPLAIN's data tree (explain_data.h) from a PlannedStmt and, for EXPLAIN ANALYZE,
// the operator tree that ran it (instrumentation, sort and hash statistics). Each node's
// properties follow PostgreSQL 15's ExplainNode order for that node type.
#pragma once

#include <vector>

#include "executor/exec/operator.h"
#include "nodes/plannodes.h"
#include "planner/explain/explain_data.h"

namespace hyrax::planner {

// `root_op` and `subplan_ops` may be null/empty (plain EXPLAIN).
ExplainNode BuildExplainTree(const nodes::PlannedStmt& stmt, const ExplainOptions& options,
                             const executor::Operator* root_op,
                             const std::vector<const executor::Operator*>& subplan_ops);

}  // namespace hyrax::planner
