// Operator resolution and operator expressions (PostgreSQL's parse_oper.c): exact match
// (an unknown side assumed to have the other side's type), else the candidate heuristics
// shared with functions; errors 42883 "operator does not exist: integer + text" and 42725
// "operator is not unique: unknown + unknown" with PostgreSQL's hints. make_op builds the
// OpExpr with coerced arguments; make_scalar_array_op the ScalarArrayOpExpr of op ANY/ALL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::parser {

// The binary operator `opname` (possibly qualified) for (ltype, rtype). Throws at
// `location` when there is none or it is ambiguous; with no_error returns nullopt instead.
std::optional<catalog::PgOperator> Oper(ParseState& ps, const std::vector<std::string>& opname,
                                        Oid ltype, Oid rtype, bool no_error, int location);
// The prefix operator `opname` for `arg`.
std::optional<catalog::PgOperator> LeftOper(ParseState& ps, const std::vector<std::string>& opname,
                                            Oid arg, bool no_error, int location);
// An operator with exactly these input types visible in the search path, or nullopt.
std::optional<catalog::PgOperator> OpernameGetOprid(const std::vector<std::string>& opname,
                                                    Oid ltype, Oid rtype);

// PostgreSQL's make_op: `ltree` may be null for a prefix operator.
ExprPtr MakeOp(ParseState& ps, const std::vector<std::string>& opname, ExprPtr ltree, ExprPtr rtree,
               int location);
// PostgreSQL's make_scalar_array_op: scalar op ANY/ALL (array).
ExprPtr MakeScalarArrayOp(ParseState& ps, const std::vector<std::string>& opname, bool use_or,
                          ExprPtr ltree, ExprPtr rtree, int location);
// "integer + text" / "- text" for messages.
std::string OpSignatureString(const std::vector<std::string>& opname, bool prefix, Oid left,
                              Oid right);
// Whether the function returns a set (pg_proc.proretset).
bool FuncReturnsSet(Oid funcid);

}  // namespace hyrax::parser
