// Analysis of a LANGUAGE sql function's body (PostgreSQL's functions.c: init_sql_fcache's
// parse analysis and check_sql_fn_retval): every statement is parsed and analyzed with the
// arguments as $n parameters (also reachable by name), and the final statement's result is
// checked against, and coerced to, the declared return type. Used when CREATE FUNCTION
// validates a body and when a call site first runs one (server/engine/sql_function_planner).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::parser {

struct SqlFunctionSignature {
  std::string name;
  std::vector<Oid> argtypes;          // actual types (polymorphic ones resolved at a call)
  std::vector<std::string> argnames;  // "" for unnamed parameters; may be shorter
  Oid rettype = kInvalidOid;          // resolved result type (void: anything goes)
  bool retset = false;
};

// The names of the input parameters ($1..$n) among all parameters `names` with `modes`
// (pg_proc.proargnames / proargmodes; empty modes: all are inputs).
std::vector<std::string> InputParameterNames(const std::vector<std::string>& names,
                                             const std::vector<char>& modes);

// The analyzed statements of `body`. Throws what analysis throws (42P01, 42703, 42P02 ...),
// 42P13 "return type mismatch in function declared to return T" with PostgreSQL's details
// when the final statement cannot produce the result, and 0A000 for utility statements.
// Errors carry the context line `SQL function "name"`. `lock_relation` is the analyzer's
// lock hook (may be empty).
std::vector<nodes::QueryPtr> AnalyzeSqlFunctionBody(
    const SqlFunctionSignature& signature, std::string_view body,
    const std::function<void(Oid, int)>& lock_relation);

}  // namespace hyrax::parser
