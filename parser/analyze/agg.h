// Aggregates, GROUPING() and window functions (PostgreSQL's parse_agg.c): where they may
// appear, their query level (agglevelsup), nesting rules, and the check that ungrouped
// columns are not referenced outside aggregates (42803, with primary-key functional
// dependency). README "Aggregates and grouping".
#pragma once

#include <string>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Completes an Aggref whose aggfnoid/type/aggkind are set: arguments become target entries,
// the aggregate's ORDER BY and DISTINCT are analyzed (for ordered-set aggregates the
// leading arguments are the direct ones and the rest are sorted as `agg_order` says), agglevelsup
// is computed and the placement is checked (42803 "aggregate functions are not allowed in WHERE",
// "aggregate function calls cannot be nested").
void TransformAggregateCall(ParseState& ps, nodes::Aggref& agg, ExprList args,
                            raw::NodeSpan agg_order, bool agg_distinct);
// An ordered-set / hypothetical-set aggregate call being resolved (see CheckOrderedSetCall).
struct OrderedSetCall {
  std::string name;           // the function name as written, for messages
  std::string signature;      // "name(type, ...)" of all arguments, for messages
  char aggkind = 'o';         // 'o' ordered-set, 'h' hypothetical-set
  int cat_direct_args = 0;    // pg_aggregate.aggnumdirectargs
  int n_order = 0;            // number of WITHIN GROUP (ORDER BY ...) expressions
  Oid vatype = kInvalidOid;   // the variadic element type, if the aggregate is variadic
  int nvargs = 0;             // arguments matched to the variadic parameter
  std::vector<Oid> declared;  // declared type per argument
  int location = -1;
};
// Checks the split of an ordered-set aggregate's arguments (direct ones first, then one per
// ORDER BY expression) against the catalog, throwing 42883 "function f(...) does not exist"
// with PostgreSQL's hints, and for hypothetical-set aggregates coerces each hypothetical
// argument and its ordering column to their common type (42804 "WITHIN GROUP types X and Y
// cannot be matched").
void CheckOrderedSetCall(ParseState& ps, const OrderedSetCall& call, ExprList& args,
                         std::vector<Oid>& actual);
// Completes a WindowFunc: placement checks and the window it uses (winref), adding the
// OVER clause to ps.window_defs when new.
void TransformWindowFuncCall(ParseState& ps, nodes::WindowFunc& wfunc,
                             const PgQuery__WindowDef* over);
// Placement checks of GROUPING(...); refs are resolved by ParseCheckAggregates.
void CheckGroupingFuncPlacement(ParseState& ps, nodes::GroupingFunc& g);

// After a query level is built: every Var of this level outside aggregates in the target
// list and HAVING must be grouped (or functionally dependent on a grouped primary key);
// GROUPING() arguments must be grouping expressions.
void ParseCheckAggregates(ParseState& ps, nodes::Query& query);

// Replaces Vars of join RTEs (this level) by the join's alias expressions (PostgreSQL's
// flatten_join_alias_vars), so grouped columns compare equal however they were named.
ExprPtr FlattenJoinAliasVars(const nodes::Query& query, const ExprPtr& expr);

}  // namespace hyrax::parser
