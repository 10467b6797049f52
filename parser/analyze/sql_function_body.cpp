// SQL function bodies: parse analysis and the result check (see sql_function_body.h). The
// final statement's single output column is coerced to the declared type in assignment
// context, as PostgreSQL 15's check_sql_fn_retval does (so `RETURNS int AS 'SELECT 1.5'`
// returns 2).
#include "parser/analyze/sql_function_body.h"

#include "parser/analyze/analyze.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/parse_state.h"
#include "parser/analyze/type_oids.h"

namespace hyrax::parser {

namespace {

[[noreturn]] void ThrowMismatch(Oid rettype, std::string detail) {
  throw MakeError(errcode::kInvalidFunctionDefinition,
                  "return type mismatch in function declared to return {}", FormatTypeBe(rettype))
      .Detail(std::move(detail));
}

// The output columns of the final statement (RETURNING for DML), or nullptr when it has
// none (a DML statement without RETURNING).
nodes::TargetList* ResultColumns(nodes::Query& query) {
  switch (query.commandType) {
    case nodes::CmdType::kSelect:
      return &query.targetList;
    case nodes::CmdType::kInsert:
    case nodes::CmdType::kUpdate:
    case nodes::CmdType::kDelete:
      return query.returningList.empty() ? nullptr : &query.returningList;
    default:
      return nullptr;
  }
}

// PostgreSQL's check_sql_fn_retval for scalar results.
void CheckFinalStatement(const SqlFunctionSignature& signature, nodes::Query& query) {
  if (signature.rettype == kVoidOid) return;
  nodes::TargetList* tlist = ResultColumns(query);
  if (tlist == nullptr) {
    ThrowMismatch(signature.rettype,
                  "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
  }
  nodes::TargetEntry* column = nullptr;
  int columns = 0;
  for (auto& tle : *tlist) {
    if (tle.resjunk) continue;
    ++columns;
    column = &tle;
  }
  if (columns != 1)
    ThrowMismatch(signature.rettype, "Final statement must return exactly one column.");
  Oid actual = column->expr->result_type;
  if (actual == signature.rettype) return;
  ParseState ps;
  ExprPtr coerced =
      CanCoerceType(actual, signature.rettype, CoercionContext::kAssignment)
          ? CoerceToTargetType(ps, column->expr, actual, signature.rettype, -1,
                               CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1)
          : nullptr;
  if (!coerced) {
    ThrowMismatch(signature.rettype,
                  fmt::format("Actual return type is {}.", FormatTypeBe(actual)));
  }
  column->expr = std::move(coerced);
}

}  // namespace

std::vector<std::string> InputParameterNames(const std::vector<std::string>& names,
                                             const std::vector<char>& modes) {
  if (modes.empty()) return names;
  std::vector<std::string> out;
  for (size_t i = 0; i < names.size() && i < modes.size(); ++i) {
    if (modes[i] == 'i' || modes[i] == 'b' || modes[i] == 'v') out.push_back(names[i]);
  }
  return out;
}

std::vector<nodes::QueryPtr> AnalyzeSqlFunctionBody(
    const SqlFunctionSignature& signature, std::string_view body,
    const std::function<void(Oid, int)>& lock_relation) {
  AnalyzeOptions options;
  options.param_types = signature.argtypes;
  options.param_names = signature.argnames;
  options.param_names.resize(signature.argtypes.size());
  options.function_name = signature.name;
  options.lock_relation = lock_relation;
  std::vector<nodes::QueryPtr> queries;
  try {
    for (const auto& raw_stmt : raw::RawParse(body)) {
      nodes::QueryPtr query = Analyze(raw_stmt, options);
      if (query->commandType == nodes::CmdType::kUtility) {
        throw Error(errcode::kFeatureNotSupported,
                    "utility statements in SQL functions are not supported yet");
      }
      queries.push_back(std::move(query));
    }
    if (queries.empty()) {
      if (signature.rettype != kVoidOid) {
        ThrowMismatch(signature.rettype,
                      "Function's final statement must be SELECT or INSERT/UPDATE/DELETE "
                      "RETURNING.");
      }
    } else {
      CheckFinalStatement(signature, *queries.back());
    }
  } catch (Error& e) {
    // Positions point into the body, not into the statement the client sent.
    e.SetPosition(0);
    e.AppendContext(fmt::format("SQL function \"{}\"", signature.name));
    throw;
  }
  return queries;
}

}  // namespace hyrax::parser
