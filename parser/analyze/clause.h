// Query clauses (PostgreSQL's parse_clause.c): FROM (relations, sub-selects, functions,
// joins with ON/USING/NATURAL and merged columns), WHERE/HAVING, ORDER BY, GROUP BY
// (incl. ROLLUP/CUBE/GROUPING SETS), DISTINCT [ON], LIMIT/OFFSET and window definitions.
// Sort/group items resolve against the target list with PostgreSQL's SQL92 rules (output
// names and ordinals) then SQL99 rules (expressions, added as resjunk entries).
#pragma once

#include <vector>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Adds the FROM items to ps (range table, join list, namespace).
void TransformFromClause(ParseState& ps, raw::NodeSpan from_list);
// Adds the target relation of INSERT/UPDATE/DELETE (PostgreSQL's setTargetTable) and sets
// ps.target_rtindex. `add_to_namespace` makes its columns visible (UPDATE/DELETE).
Index SetTargetTable(ParseState& ps, const PgQuery__RangeVar* relation, bool inh,
                     bool add_to_namespace, uint32_t required_perms);

// WHERE / HAVING / ON: analyzed and coerced to boolean (`construct` names the clause).
ExprPtr TransformWhereClause(ParseState& ps, const raw::Node* clause, ExprKind kind,
                             const char* construct);
// LIMIT / OFFSET: coerced to bigint, no variables of this level (42P10).
ExprPtr TransformLimitClause(ParseState& ps, const raw::Node* clause, ExprKind kind,
                             const char* construct, nodes::LimitOption option);

std::vector<nodes::SortGroupClause> TransformSortClause(ParseState& ps, raw::NodeSpan order_list,
                                                        nodes::TargetList& tlist, ExprKind kind,
                                                        bool use_sql99);
std::vector<nodes::SortGroupClause> TransformGroupClause(
    ParseState& ps, raw::NodeSpan group_list, std::vector<nodes::GroupingSet>* grouping_sets,
    nodes::TargetList& tlist, const std::vector<nodes::SortGroupClause>& sort_clause, ExprKind kind,
    bool use_sql99);
std::vector<nodes::SortGroupClause> TransformDistinctClause(
    ParseState& ps, nodes::TargetList& tlist,
    const std::vector<nodes::SortGroupClause>& sort_clause, bool is_agg);
std::vector<nodes::SortGroupClause> TransformDistinctOnClause(
    ParseState& ps, raw::NodeSpan distinct_list, nodes::TargetList& tlist,
    const std::vector<nodes::SortGroupClause>& sort_clause);
// The WINDOW clause definitions and inline OVER clauses collected in ps.window_defs.
std::vector<nodes::WindowClause> TransformWindowDefinitions(ParseState& ps,
                                                            raw::NodeSpan window_clause,
                                                            nodes::TargetList& tlist);

// The target entry a sort/group clause refers to.
const nodes::TargetEntry* GetSortGroupClauseTle(const nodes::SortGroupClause& clause,
                                                const nodes::TargetList& tlist);
// The ordering/equality operators and hashability of a type, as PostgreSQL's
// get_sort_group_operators (default btree / hash operator classes). Throws 42883 "could
// not identify an ordering operator for type ..." when a required one is missing.
struct SortGroupOps {
  Oid lt = kInvalidOid;
  Oid eq = kInvalidOid;
  Oid gt = kInvalidOid;
  bool hashable = false;
};
SortGroupOps GetSortGroupOperators(Oid type, bool need_lt, bool need_eq, bool need_gt);
// A sort/group entry for target entry `tle_index` with default semantics (PostgreSQL's
// addTargetToGroupList), unless already present.
void AddTargetToGroupList(ParseState& ps, size_t tle_index,
                          std::vector<nodes::SortGroupClause>& list, nodes::TargetList& tlist,
                          int location);
// Adds a sort entry for target entry `tle_index` with the direction, NULLS order and USING
// operator of `sortby` (PostgreSQL's addTargetToSortList); `sortby`'s expression is not
// looked at. Unknown-type literals are resolved to text first.
void AddTargetToSortList(ParseState& ps, size_t tle_index,
                         std::vector<nodes::SortGroupClause>& list, nodes::TargetList& tlist,
                         const PgQuery__SortBy* sortby);
// 42P10 "argument of <construct> must not contain variables" when `expr` uses a Var of
// this query level (LIMIT, OFFSET, window frame offsets).
void CheckExprIsVarFree(ParseState& ps, const ExprPtr& expr, const char* construct);
// Strips implicit coercions at the top of an expression.
ExprPtr StripImplicitCoercions(const ExprPtr& e);

}  // namespace hyrax::parser
