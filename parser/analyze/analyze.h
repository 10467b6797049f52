// The analyzer's entry point (PostgreSQL's parse_analyze / transformStmt): a raw statement
// from parser/raw becomes a nodes::Query with every name resolved, every expression typed,
// coercions inserted and functions/operators chosen; utility statements become a Query of
// commandType kUtility carrying a bound statement from nodes/utility_stmts.h.
// parser/README.md walks through the stages; parser/analyze/README.md lists the rules.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "nodes/parsenodes.h"
#include "nodes/utility_stmts.h"
#include "parser/raw/raw_parser.h"

namespace hyrax::parser {

struct AnalyzeOptions {
  // Declared types of $1..$n (extended protocol Parse, PREPARE name(types)). Entries that
  // are kInvalidOid or unknown (705) are inferred from context when variable_params is set.
  std::vector<Oid> param_types;
  // Infer unknown parameter types and allow $n beyond param_types (PostgreSQL's
  // parse_analyze_varparams); otherwise $n must be declared (42P02 "there is no parameter
  // $n").
  bool variable_params = false;
  // Called with (relation OID, storage::LockMode value) for each relation the statement
  // opens, so the caller can lock it as PostgreSQL's parser does. Optional.
  std::function<void(Oid, int)> lock_relation;
  // A SQL function body: names of $1..$n and the function's name (ParamTypes::names).
  std::vector<std::string> param_names;
  std::string function_name;
};

// Analyzes one statement. Returns a Query: commandType kSelect/kInsert/kUpdate/kDelete for
// optimizable statements, kUtility with utilityStmt set otherwise; Query::paramTypes holds
// the final $n types (unknown ones left as UNKNOWN for the caller to reject with 42P18).
// stmt_location/stmt_len are copied from the raw statement. Throws hyrax::Error carrying
// PostgreSQL's SQLSTATE, message, hint and 1-based cursor position; 0A000 names features
// not supported yet. Requires: a SysCache is installed.
nodes::QueryPtr Analyze(const raw::RawStatement& stmt, const AnalyzeOptions& options = {});

// RawParse + Analyze of every statement in `sql` (tests, simple query protocol helpers).
std::vector<nodes::QueryPtr> ParseAndAnalyze(std::string_view sql,
                                             const AnalyzeOptions& options = {});

}  // namespace hyrax::parser
