// Collation assignment (PostgreSQL's parse_collate.c): after an expression or a whole query
// level is analyzed, every node gets its result collation and every collation-using
// function/operator its input collation, by the SQL rules of implicit and explicit
// (COLLATE) derivation. Conflicting implicit collations leave the input collation unset
// (an error at execution if the function needs one); conflicting explicit ones are 42P21.
#pragma once

#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// Assigns collations throughout one expression tree (in place; the tree must not be
// shared yet).
void AssignExprCollations(ParseState& ps, const ExprPtr& expr);
void AssignListCollations(ParseState& ps, const ExprList& exprs);
// The collation shared by already-analyzed expressions (PostgreSQL's
// select_common_collation): kInvalidOid when there is none; a conflict of implicit
// collations is 42P21 unless none_ok (then kInvalidOid).
Oid SelectCommonCollation(ParseState& ps, const ExprList& exprs, bool none_ok);
// Every top-level expression of a query level (targets, quals, HAVING, LIMIT, ...);
// sort/group targets with conflicting implicit collations raise 42P21.
void AssignQueryCollations(ParseState& ps, nodes::Query& query);

}  // namespace hyrax::parser
