// Checks of WITH RECURSIVE queries on the raw parse tree (PostgreSQL's
// checkWellFormedRecursion in parse_cte.c): the recursive term may reference its query once,
// not inside a sub-select, the nullable side of an outer join, INTERSECT ALL or EXCEPT (42P19),
// and the query may have no ORDER BY / LIMIT / OFFSET / FOR UPDATE of its own (0A000).
#pragma once

#include <functional>
#include <string>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Calls fn on every message directly held by `msg` (any field, repeated fields in order),
// walking generically through the protobuf descriptors.
void ForEachChildMessage(const ProtobufCMessage* msg,
                         const std::function<void(const ProtobufCMessage*)>& fn);

// Requires: `query` is the raw query of recursive CTE `name`, a UNION of a non-recursive
// and a recursive term. Throws 42P19 / 0A000 with PostgreSQL's messages and positions.
void CheckWellFormedRecursion(ParseState& ps, const PgQuery__SelectStmt* query,
                              const std::string& name);

}  // namespace hyrax::parser
