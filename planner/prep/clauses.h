// Expression preprocessing (PostgreSQL's clauses.c / prepqual.c / var.c): constant folding
// of immutable functions and operators, boolean simplification, implicit-AND qual lists,
// and Var collection helpers used throughout the planner.
#pragma once

#include <vector>

#include "nodes/primnodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// eval_const_expressions, simplified: folds immutable FuncExpr/OpExpr (and strict ones with
// a NULL constant argument) whose arguments are constants by running them through the
// executor, simplifies AND/OR/NOT with constant arms, folds RelabelType of constants and
// CASE/COALESCE with constant tests. Never folds volatile or stable functions. Errors
// raised while folding propagate (PostgreSQL also reports them at plan time).
nodes::ExprPtr EvalConstExpressions(const nodes::ExprPtr& expr);

// PostgreSQL's evaluate_expr: runs an expression without Vars (stable and volatile
// functions included) once through the executor and returns its value as a Const.
nodes::ExprPtr EvaluateExprToConst(const nodes::ExprPtr& expr);

// Splits an AND tree into a flat list (make_ands_implicit); a NULL or TRUE constant qual
// yields the empty list.
nodes::ExprList MakeAndsImplicit(const nodes::ExprPtr& qual);
// Rebuilds an AND from a list (nullptr for empty, the element for one).
nodes::ExprPtr MakeAndsExplicit(const nodes::ExprList& quals);

// Relations (RT indexes of this query level, varlevelsup == 0) referenced by `expr`.
Relids PullVarnos(const nodes::ExprPtr& expr);
// Every Var of this level in `expr`, in order of appearance, without duplicates; Aggrefs
// are not descended into when `skip_aggs` (their inputs are computed below the Agg).
void PullVars(const nodes::ExprPtr& expr, std::vector<std::shared_ptr<nodes::Var>>* out,
              bool include_agg_args = true);
// The Vars of a (LATERAL) sub-query, at any depth, that reference the level holding it,
// added to `out` as Vars of that level (varlevelsup 0), without duplicates.
void PullSubqueryOuterVars(const nodes::Query& subquery,
                           std::vector<std::shared_ptr<nodes::Var>>* out);
bool ContainsAggs(const nodes::ExprPtr& expr);
// Structural equality of expression trees (equal()).
bool ExprEqual(const nodes::Expr* a, const nodes::Expr* b);

}  // namespace hyrax::planner
