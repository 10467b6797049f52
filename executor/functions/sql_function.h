// Calling LANGUAGE sql functions (PostgreSQL's functions.c, fmgr_sql): the body is analyzed
// and planned once per call site, on its first call, by the planner registered from above
// (server/engine/sql_function_planner.cpp: the executor cannot reach the parser), and its
// statements then run for each call with the arguments as $n parameters. A scalar function
// returns the first row's first column of its final statement (NULL without rows); a SETOF
// function returns every row in materialize mode. executor/functions/README.md "SQL
// functions" has the snapshot and command-counter rules.
#pragma once

#include <functional>
#include <vector>

#include "executor/functions/fmgr.h"
#include "nodes/plannodes.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::executor {

// A function body planned for one call site.
struct SqlFunctionPlan {
  std::vector<nodes::PlannedStmtPtr> statements;
  Oid rettype = kInvalidOid;  // the result type, polymorphism resolved
};

// Analyzes and plans `proc`'s body for actual arguments of `argtypes` (polymorphic
// parameters resolved from them). Throws analysis errors (42P13 ...).
using SqlFunctionPlanner =
    std::function<SqlFunctionPlan(const catalog::PgProc& proc, const std::vector<Oid>& argtypes)>;

// Installed once per process by the server (RegisterEngineHooks).
void SetSqlFunctionPlanner(SqlFunctionPlanner planner);

// The PGFunction of every LANGUAGE sql function without a native implementation.
Datum SqlFunctionCall(FunctionCallInfo* fcinfo);

}  // namespace hyrax::executor
