// Expression deparsing exactly as PostgreSQL's ruleutils.c prints expressions (as used by
// EXPLAIN, pg_get_expr and pg_get_viewdef): fully parenthesised operators "((a + 1) = b)",
// constants with type labels where PostgreSQL adds them ('x'::text, '-1'::integer),
// explicit casts as "(x)::bigint", CASE/COALESCE/NULLIF/GREATEST, ANY/ALL, aggregates,
// "(SubPlan 1)", "$n" parameters. Variables of plan nodes (kOuterVar / kInnerVar) are
// resolved through the child plans' target lists as EXPLAIN needs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "nodes/primnodes.h"

namespace hyrax::executor {

struct DeparseContext {
  const std::vector<nodes::RangeTblEntry>* rtable = nullptr;
  // Unique display name per RT index (index 0 unused); see MakeRefNames.
  const std::vector<std::string>* refnames = nullptr;
  bool useprefix = false;  // qualify column names with their relation's name
  // The plan node the expression belongs to (resolves kOuterVar / kInnerVar), may be null.
  const nodes::Plan* plan = nullptr;
  // The enclosing nodes, innermost last.
  std::vector<const nodes::Plan*> ancestors;
  // PARAM_EXEC ids whose value comes from an enclosing plan (correlated SubPlan arguments,
  // nested-loop parameters): printed as the referenced expression instead of "$n".
  const std::map<int, std::string>* param_referents = nullptr;
  // Show implicit casts too (EXPLAIN's sort and group keys, as ruleutils' showimplicit).
  bool showimplicit = false;
  // Leave out parentheses that precedence makes unnecessary (ruleutils' PRETTYFLAG_PAREN,
  // the `pretty` argument of pg_get_expr and pg_get_constraintdef); deparse_pretty.h.
  bool pretty = false;
};

// Display names for the range table as EXPLAIN chooses them: the alias (or relation name),
// with "_1", "_2" ... appended to repeated names (PostgreSQL's set_rtable_names).
// `unused` (by RT index, may be null) marks entries the plan never mentions (an inheritance
// parent whose Append was removed): they get no name, as in PostgreSQL's set_rtable_names.
std::vector<std::string> MakeRefNames(const std::vector<nodes::RangeTblEntry>& rtable,
                                      const std::vector<bool>* unused = nullptr);

// Deparses `expr`.
std::string DeparseExpr(const nodes::ExprPtr& expr, const DeparseContext& context);
// A constant as ruleutils prints it without a type label (get_const_expr with showtype -1,
// as in partition bounds): 10, '-1', 'abc', true, NULL.
std::string DeparseConstWithoutType(const nodes::Const& c);
// The column name of attribute `attno` of RTE `rte` ("?column?" when unknown).
std::string RteColumnName(const nodes::RangeTblEntry& rte, nodes::AttrNumber attno);

}  // namespace hyrax::executor
