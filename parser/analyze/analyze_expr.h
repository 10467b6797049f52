// Expression analysis (PostgreSQL's parse_expr.c and parse_func.c): raw expression trees ->
// typed Expr trees. TransformExpr is the entry for one clause; the per-construct transforms
// live in analyze_expr.cpp (columns, constants, casts, boolean tests), expr_operators.cpp
// (A_Expr: operators, IN, BETWEEN, LIKE, IS DISTINCT FROM, NULLIF, ANY/ALL, row
// comparisons), expr_func.cpp (function calls and aggregates), expr_misc.cpp (CASE,
// COALESCE, GREATEST/LEAST, ARRAY, ROW, SQL value functions, subscripts) and
// expr_sublink.cpp (sub-selects).
#pragma once

#include <string>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Analyzes `node` as an expression of clause `kind` (ps.expr_kind is set meanwhile).
// nullptr input gives nullptr.
ExprPtr TransformExpr(ParseState& ps, const raw::Node* node, ExprKind kind);
// Analyzes `node` within the current clause kind.
ExprPtr TransformExprRecurse(ParseState& ps, const raw::Node* node);
// A list of expressions (VALUES rows, function arguments); DEFAULT becomes SetToDefault
// when allow_default, else 42601 "DEFAULT is not allowed in this context".
ExprList TransformExpressionList(ParseState& ps, raw::NodeSpan items, ExprKind kind,
                                 bool allow_default);

// A literal (PostgreSQL's make_const): integer -> int4/int8/numeric by size, decimal ->
// numeric, string -> unknown, bit string -> bit, NULL -> unknown NULL.
ExprPtr MakeConstFromRaw(ParseState& ps, const PgQuery__AConst* ac);

// Per-construct transforms (used by TransformExprRecurse and some statement code).
ExprPtr TransformColumnRef(ParseState& ps, const PgQuery__ColumnRef* cref);
ExprPtr TransformAExpr(ParseState& ps, const PgQuery__AExpr* a);
ExprPtr TransformFuncCall(ParseState& ps, const PgQuery__FuncCall* fn);
ExprPtr TransformSubLink(ParseState& ps, const PgQuery__SubLink* sublink);
// The same with the sub-link type overridden (MULTIEXPR for UPDATE SET (a, b) = (SELECT ...)).
ExprPtr TransformSubLinkAs(ParseState& ps, const PgQuery__SubLink* sublink,
                           nodes::SubLinkType type);
ExprPtr TransformCaseExpr(ParseState& ps, const PgQuery__CaseExpr* c);
ExprPtr TransformCoalesceExpr(ParseState& ps, const PgQuery__CoalesceExpr* c);
ExprPtr TransformMinMaxExpr(ParseState& ps, const PgQuery__MinMaxExpr* m);
ExprPtr TransformSQLValueFunction(ParseState& ps, const PgQuery__SQLValueFunction* svf);
ExprPtr TransformArrayExpr(ParseState& ps, const PgQuery__AArrayExpr* a, Oid array_type,
                           Oid element_type, int32_t typmod);
ExprPtr TransformRowExpr(ParseState& ps, const PgQuery__RowExpr* r);
ExprPtr TransformIndirection(ParseState& ps, const PgQuery__AIndirection* ind);
// A SubscriptingRef applying a run of A_Indices `subscripts` to `base` (of array type
// `container` with typmod `container_typmod`; domains already reduced to their base type),
// PostgreSQL's transformContainerSubscripts. Subscripts are coerced to integer. 42804
// "cannot subscript type X because it does not support subscripting".
std::shared_ptr<nodes::SubscriptingRef> TransformContainerSubscripts(ParseState& ps, ExprPtr base,
                                                                     Oid container,
                                                                     int32_t container_typmod,
                                                                     raw::NodeSpan subscripts,
                                                                     bool is_assignment);
ExprPtr TransformGroupingFunc(ParseState& ps, const PgQuery__GroupingFunc* g);
// Multiple-assignment source element of UPDATE SET (a, b) = (...).
ExprPtr TransformMultiAssignRef(ParseState& ps, const PgQuery__MultiAssignRef* m);

// Builds "l op r" from raw operands, as PostgreSQL's makeSimpleA_Expr + transform.
ExprPtr MakeOpFromRaw(ParseState& ps, const char* op, const raw::Node* l, const raw::Node* r,
                      int location);
// "(largs) op (rargs)" (PostgreSQL's make_row_comparison_op).
ExprPtr MakeRowComparisonOp(ParseState& ps, const std::vector<std::string>& opname,
                            const ExprList& largs, const ExprList& rargs, int location);
// Names of an operator/function name list.
std::vector<std::string> NameList(raw::NodeSpan names);

}  // namespace hyrax::parser
