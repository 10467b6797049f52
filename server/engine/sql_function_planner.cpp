// Planning SQL function bodies for the executor (see sql_function_planner.h).
#include "server/engine/sql_function_planner.h"

#include <algorithm>

#include "executor/functions/sql_function.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/sql_function_body.h"
#include "parser/analyze/type_info.h"
#include "planner/plan/planner.h"
#include "server/engine/analysis_options.h"

namespace hyrax::server::engine {

namespace {

executor::SqlFunctionPlan PlanSqlFunction(const catalog::PgProc& proc,
                                          const std::vector<Oid>& actual_argtypes) {
  parser::SqlFunctionSignature signature;
  signature.name = proc.proname;
  signature.argtypes = proc.proargtypes;
  signature.argnames = parser::InputParameterNames(proc.proargnames, proc.proargmodes);
  signature.rettype = proc.prorettype;
  signature.retset = proc.proretset;
  bool polymorphic =
      parser::IsPolymorphicType(proc.prorettype) ||
      std::any_of(proc.proargtypes.begin(), proc.proargtypes.end(), parser::IsPolymorphicType);
  if (polymorphic && actual_argtypes.size() == proc.proargtypes.size()) {
    signature.rettype = parser::EnforceGenericTypeConsistency(actual_argtypes, signature.argtypes,
                                                              proc.prorettype, false);
  }
  std::vector<nodes::QueryPtr> queries = parser::AnalyzeSqlFunctionBody(
      signature, proc.SqlBody(), LockingAnalyzeOptions().lock_relation);
  executor::SqlFunctionPlan plan;
  plan.rettype = signature.rettype;
  for (const auto& query : queries) plan.statements.push_back(planner::Planner(*query));
  return plan;
}

}  // namespace

void RegisterSqlFunctionPlanner() {
  executor::SetSqlFunctionPlanner(PlanSqlFunction);
}

}  // namespace hyrax::server::engine
