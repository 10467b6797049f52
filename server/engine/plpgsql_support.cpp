// Planning PL/pgSQL expressions and statements for the executor (see plpgsql_support.h).
// An expression is planned as the query libpg_query wrote for it ("SELECT <expr>" or a
// whole statement); an assignment's single result column is coerced to the variable's type
// in assignment context, falling back to a conversion through text as PL/pgSQL does.
#include "server/engine/plpgsql_support.h"

#include "executor/plpgsql/plpgsql_hooks.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/plpgsql_parse.h"
#include "planner/plan/planner.h"
#include "server/engine/analysis_options.h"

namespace hyrax::server::engine {

namespace {

// Coerces the query's single output column to `target` (PL/pgSQL's exec_cast_value).
void CoerceResultColumn(nodes::Query& query, const executor::plpgsql::TargetType& target) {
  nodes::TargetList& tlist =
      query.commandType == nodes::CmdType::kSelect ? query.targetList : query.returningList;
  nodes::TargetEntry* column = nullptr;
  int columns = 0;
  for (auto& tle : tlist) {
    if (tle.resjunk) continue;
    ++columns;
    column = &tle;
  }
  if (columns != 1) {
    throw MakeError(errcode::kSyntaxError, "query returned {} columns", columns);
  }
  Oid actual = column->expr->result_type;
  if (actual == target.type &&
      (target.typmod < 0 || column->expr->result_typmod == target.typmod)) {
    return;
  }
  parser::ParseState ps;
  nodes::ExprPtr coerced = parser::CoerceToTargetType(
      ps, column->expr, actual, target.type, target.typmod, parser::CoercionContext::kAssignment,
      nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    auto via_text = std::make_shared<nodes::CoerceViaIO>();
    via_text->arg = column->expr;
    via_text->result_type = target.type;
    via_text->result_typmod = -1;
    via_text->result_collation = column->expr->result_collation;
    via_text->coerceformat = nodes::CoercionForm::kImplicitCast;
    coerced = via_text;
  }
  column->expr = std::move(coerced);
}

nodes::PlannedStmtPtr PlanQuery(std::string_view sql,
                                const std::vector<executor::plpgsql::QueryParam>& params,
                                const std::string& function_name,
                                const std::optional<executor::plpgsql::TargetType>& target) {
  parser::AnalyzeOptions options = LockingAnalyzeOptions();
  for (const auto& p : params) {
    options.param_types.push_back(p.type);
    options.param_names.push_back(p.name);
  }
  options.function_name = function_name;
  std::vector<parser::raw::RawStatement> raw = parser::raw::RawParse(sql);
  if (raw.size() != 1) {
    throw MakeError(errcode::kSyntaxError, "query \"{}\" returned {} statements", sql, raw.size());
  }
  nodes::QueryPtr query = parser::Analyze(raw[0], options);
  if (query->commandType == nodes::CmdType::kUtility) {
    throw Error(errcode::kFeatureNotSupported,
                "utility statements in PL/pgSQL functions are not supported yet");
  }
  if (target) CoerceResultColumn(*query, *target);
  return planner::Planner(*query);
}

}  // namespace

void RegisterPlpgsqlSupport() {
  executor::plpgsql::PlpgsqlHooks hooks;
  hooks.parse_function = parser::raw::ParsePlpgsqlFunction;
  hooks.plan_query = PlanQuery;
  executor::plpgsql::SetPlpgsqlHooks(std::move(hooks));
}

}  // namespace hyrax::server::engine
