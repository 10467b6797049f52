// Text serialization of expression trees and Queries: the form stored in the catalogs
// (pg_attrdef.adbin, pg_constraint.conbin, pg_index.indexprs/indpred, pg_rewrite.ev_action)
// and read back when a relation is opened. Our own format, shaped like PostgreSQL's
// pg_node_tree ({OPEXPR :opno 96 :args (...)}); it is not PostgreSQL's text and is not
// meant to be parsed by clients. nodes/README.md "Serialized form" describes the grammar and
// its compatibility rules (fields missing from stored text take their default).
#pragma once

#include <string>
#include <string_view>

#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"

namespace hyrax::nodes {

// Text of an expression tree ("<>" for null). Locations are kept.
std::string NodeToString(const ExprPtr& expr);
// Text of a Query (its utilityStmt, if any, is not serialized).
std::string QueryToString(const Query& query);
// Text of a list of expressions, "(e1 e2 ...)" (index expressions, function defaults).
std::string NodeListToString(const ExprList& list);

// Inverse of NodeToString / QueryToString / NodeListToString. Throws Error XX000 when the
// text is malformed (a corrupt catalog entry).
ExprPtr StringToNode(std::string_view text);
QueryPtr StringToQuery(std::string_view text);
ExprList StringToNodeList(std::string_view text);

}  // namespace hyrax::nodes
