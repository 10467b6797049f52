// EXPLAIN [ANALYZE] of an analyzed statement (PostgreSQL's explain.c entry points): plans
// the query, runs it with instrumentation when ANALYZE is given (rows go nowhere, data
// changes happen as in PostgreSQL), and renders the plan in the requested format.
#pragma once

#include <string>
#include <vector>

#include "executor/exec/params.h"
#include "nodes/parsenodes.h"
#include "planner/explain/explain_data.h"
#include "storage/txn/snapshot.h"

namespace hyrax::planner {

// The rows of the "QUERY PLAN" column. `options.summary` should already be defaulted
// (PostgreSQL: on with ANALYZE unless given). Throws whatever planning/execution throws.
// `snapshot` is the one ANALYZE runs under (null: the transaction's current snapshot).
std::vector<std::string> ExplainQuery(const nodes::Query& query, const ExplainOptions& options,
                                      const executor::ParamListInfo* params = nullptr,
                                      storage::Snapshot snapshot = nullptr);

// Renders a finished ExplainResult in its options' format.
std::vector<std::string> RenderExplain(const ExplainResult& result);

}  // namespace hyrax::planner
