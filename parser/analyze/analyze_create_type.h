// CREATE TYPE ... AS (...) / AS ENUM (...), CREATE DOMAIN and DROP TYPE / DROP DOMAIN
// (analyze_create_type.cpp), and the VALUE of a domain CHECK expression: while a domain's
// CHECK is analyzed, a bare column reference "value" is a CoerceToDomainValue of the base
// type (PostgreSQL's replace_domain_constraint_value).
#pragma once

#include "nodes/type_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

nodes::UtilityStmtPtr TransformCompositeTypeStmt(ParseState& ps,
                                                 const PgQuery__CompositeTypeStmt* s);
nodes::UtilityStmtPtr TransformCreateEnumStmt(ParseState& ps, const PgQuery__CreateEnumStmt* s);
nodes::UtilityStmtPtr TransformCreateDomainStmt(ParseState& ps, const PgQuery__CreateDomainStmt* s);
nodes::UtilityStmtPtr TransformDropTypes(ParseState& ps, const PgQuery__DropStmt* s);

// The CoerceToDomainValue a column reference "value" stands for while a domain CHECK is
// being analyzed, or nullptr.
ExprPtr DomainCheckValue(const std::string& column_name, int location);

}  // namespace hyrax::parser
