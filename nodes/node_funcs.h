// Generic operations on expression trees and Queries (PostgreSQL's nodeFuncs.c, copyfuncs.c
// and equalfuncs.c): walkers and mutators that know every node's children, deep copy,
// structural equality, and the exprType/exprLocation family. Everything is derived from
// the field lists in node_fields.h, so a new node field is handled everywhere at once.
// See nodes/README.md.
#pragma once

#include <functional>

#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"

namespace hyrax::nodes {

// ---- Walkers (PostgreSQL's expression_tree_walker / query_tree_walker) ----

// Returns true to stop the walk.
using ExprWalkerFn = std::function<bool(const ExprPtr&)>;

// Calls fn on each direct child expression of `node` (arguments, CASE arms, the target
// entries of an Aggref's args, ...), in field order, skipping null children. Never enters a
// SubLink's subselect: a walker that needs the sub-query calls QueryTreeWalker on it itself.
// Returns true as soon as fn returns true.
bool ExpressionTreeWalker(const Expr& node, const ExprWalkerFn& fn);

struct QueryWalkOptions {
  bool ignore_rt_subqueries = false;   // do not call query_fn on subquery RTEs
  bool ignore_cte_subqueries = false;  // do not call query_fn on CTE queries
  bool ignore_join_aliases = false;    // skip join RTEs' joinaliasvars
};

// Calls fn on each expression directly held by `query` (target list, returning list, join
// tree quals, HAVING, LIMIT/OFFSET, window frame offsets, ON CONFLICT parts, VALUES lists,
// function RTEs, join alias vars) and query_fn (if given) on each subquery RTE and CTE
// query, per `options`. Returns true as soon as a callback does.
bool QueryTreeWalker(const Query& query, const ExprWalkerFn& fn,
                     const std::function<bool(const Query&)>& query_fn = nullptr,
                     QueryWalkOptions options = {});

// Pre-order walk of `root` and all its descendants: fn(node, sublevels_up). With
// into_sublinks, also walks the expressions of SubLink subselects (recursively, including
// their subquery RTEs and CTEs) with sublevels_up incremented per query level. Returns true
// as soon as fn does.
bool WalkExprTree(const ExprPtr& root, const std::function<bool(const Expr&, int)>& fn,
                  bool into_sublinks = false);
// Same for every expression of a query (as QueryTreeWalker), starting at sublevels_up 0;
// subquery RTEs, CTEs and SubLink subselects are entered with sublevels_up + 1.
bool WalkQueryExprs(const Query& query, const std::function<bool(const Expr&, int)>& fn);

// ---- Mutators (PostgreSQL's expression_tree_mutator) ----

using ExprMutatorFn = std::function<ExprPtr(const ExprPtr&)>;

// Returns a shallow copy of `node` whose direct child expressions are replaced by fn(child);
// `node` itself is not modified (shared nodes are immutable). SubLink subselects are shared,
// not copied. Null input returns null.
ExprPtr ExpressionTreeMutator(const ExprPtr& node, const ExprMutatorFn& fn);
// Replaces each expression directly held by `query` (the same set QueryTreeWalker visits)
// with fn(expr), in place. Subqueries are not entered.
void QueryTreeMutate(Query& query, const ExprMutatorFn& fn, QueryWalkOptions options = {});

// ---- Copy and equality ----

// Deep copies (sub-queries of SubLinks and RTEs included). Null input returns null.
ExprPtr CopyExpr(const ExprPtr& node);
QueryPtr CopyQuery(const Query& query);
// Shallow copy of one node (children shared).
ExprPtr CopyExprShallow(const Expr& node);

// Structural equality (PostgreSQL's equal()): same node types and field values, ignoring
// location fields. Either side may be null (equal only if both are).
bool ExprEqual(const Expr* a, const Expr* b);
inline bool ExprEqual(const ExprPtr& a, const ExprPtr& b) {
  return ExprEqual(a.get(), b.get());
}
bool QueryEqual(const Query& a, const Query& b);

// ---- Properties (PostgreSQL's exprType, exprTypmod, exprCollation, exprLocation) ----

inline Oid ExprType(const Expr& e) {
  return e.result_type;
}
inline int32_t ExprTypmod(const Expr& e) {
  return e.result_typmod;
}
inline Oid ExprCollation(const Expr& e) {
  return e.result_collation;
}
// The collation a node's function uses (inputcollid), or kInvalidOid for nodes without one.
Oid ExprInputCollation(const Expr& e);
// Set result / input collation (the collation pass of the analyzer). Setting the input
// collation of a node that has none is a no-op.
void ExprSetCollation(Expr& e, Oid collation);
void ExprSetInputCollation(Expr& e, Oid collation);
// The leftmost byte offset of the text the expression came from, or -1 (PostgreSQL's
// exprLocation: e.g. an OpExpr reports its left argument's location).
int ExprLocation(const Expr* e);
int ExprListLocation(const ExprList& list);
// Whether the expression can return a set (a set-returning function or operator at the top,
// not inside a sub-select).
bool ExpressionReturnsSet(const ExprPtr& e);

// The node type's name in the serialized format ("VAR", "OPEXPR", ...).
const char* NodeTagName(NodeTag tag);

}  // namespace hyrax::nodes
