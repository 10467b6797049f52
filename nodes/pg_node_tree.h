// Reader for PostgreSQL's own pg_node_tree text, which the catalog data carries in
// pg_proc.proargdefaults (default arguments of built-in functions, e.g. jsonb_set's
// create_if_missing): the analyzer fills omitted arguments from it and
// pg_get_function_arguments() prints it. Only the node types those defaults use are
// understood (CONST, FUNCEXPR); our own stored trees use nodes/serialize.h instead.
#pragma once

#include <string_view>

#include "nodes/primnodes.h"

namespace hyrax::nodes {

// Parses "({CONST ...} {FUNCEXPR ...} ...)". Throws 0A000 for node types it does not know
// and XX000 for malformed text.
nodes::ExprList ReadPgNodeTreeList(std::string_view text);

// The default-argument expressions of pg_proc row `proc_oid`: PostgreSQL's text for the
// built-in functions (OIDs below kFirstNormalObjectId), nodes/serialize.h's for functions
// made by CREATE FUNCTION.
nodes::ExprList ReadProcArgDefaults(Oid proc_oid, std::string_view text);

}  // namespace hyrax::nodes
