// Target lists (PostgreSQL's parse_target.c): SELECT/RETURNING items with "*" expansion and
// column naming (FigureColname: "?column?", function names, cast type names ...), origin
// tracking for RowDescription (resorigtbl/resorigcol), unknown-type outputs resolved as
// text, and assignment of values to target columns with assignment coercion (INSERT,
// UPDATE) and its 42804 error.
#pragma once

#include <string>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Analyzes the ResTargets of a SELECT/RETURNING list (expanding t.* and *).
nodes::TargetList TransformTargetList(ParseState& ps, raw::NodeSpan targets, ExprKind kind);
// One entry from a raw expression (transformed here unless `expr` is given), named by
// `colname` or FigureColname, numbered ps.next_resno++.
nodes::TargetEntry TransformTargetEntry(ParseState& ps, const raw::Node* node, ExprPtr expr,
                                        ExprKind kind, const std::string* colname, bool resjunk);
nodes::TargetEntry MakeTargetEntry(ExprPtr expr, nodes::AttrNumber resno, std::string name,
                                   bool resjunk);
// The output column name PostgreSQL picks for an unnamed expression.
std::string FigureColname(const raw::Node* node, const ParseState* ps = nullptr);
// Vars expanded from "*" or "t.*" in an expression list (ROW(t.*), function arguments).
ExprList ExpandStarToVars(ParseState& ps, const PgQuery__ColumnRef* cref);

// resorigtbl/resorigcol of plain column references, through sub-selects and joins.
void MarkTargetListOrigins(ParseState& ps, nodes::TargetList& tlist);
// Output columns still of type unknown become text (PostgreSQL 10+).
void ResolveTargetListUnknowns(ParseState& ps, nodes::TargetList& tlist);

// The value assigned to column `attrno` of the target relation, coerced to the column's
// type (assignment context). DEFAULT (SetToDefault) gets the column's type. Throws 42804
// "column \"a\" is of type integer but expression is of type text" with PostgreSQL's hint,
// 0A000 for system columns and for indirection (a[1], a.f) not yet supported.
// The new value of a column assigned through `indirection` (subscripts and field names:
// SET arr[2] = rhs, INSERT INTO t (comp.f1)), built over `column_value` (the column's Var for
// UPDATE, a NULL of its type for INSERT); PostgreSQL's transformAssignmentIndirection.
ExprPtr TransformAssignmentIndirection(ParseState& ps, ExprPtr column_value,
                                       const std::string& colname, Oid type, int32_t typmod,
                                       Oid collation, raw::NodeSpan indirection, ExprPtr rhs,
                                       int location);
ExprPtr TransformAssignedExpr(ParseState& ps, ExprPtr expr, ExprKind kind,
                              const std::string& colname, int attrno, raw::NodeSpan indirection,
                              int location);

}  // namespace hyrax::parser
