// The backend's SQL function planner (executor/functions/sql_function.h): a LANGUAGE sql
// body is analyzed with the call site's argument types (polymorphic parameters and result
// resolved from them) and planned, statement by statement, by the same analyzer and planner
// as client statements. Installed by HyraxEngine::InitProcess.
#pragma once

namespace hyrax::server::engine {

void RegisterSqlFunctionPlanner();

}  // namespace hyrax::server::engine
