// Views in FROM (PostgreSQL's rewriter, ApplyRetrieveRule + AcquireRewriteLocks, done here
// at analysis): a range-table entry that opened a view becomes a subquery entry holding
// the view's stored query (pg_rewrite.ev_action, executor/commands/view_commands.h). The
// entry keeps the view's OID and relkind 'v', so the query can be told from a sub-select
// (EXPLAIN names it after the view; a view that reads the view stores just that
// reference). Every relation the view reads is locked as the view's own query would lock it.
#pragma once

#include "nodes/parsenodes.h"
#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// Replaces entry `rtindex` (a relation entry of relkind 'v', already locked) by a subquery
// entry with the view's query; views it reads are expanded in turn with their current
// definitions. Throws XX000 when the view has no stored query (a corrupt catalog).
void ExpandViewRte(ParseState& ps, Index rtindex);

// A private copy of view `view_oid`'s stored query, views it reads left as references.
// Requires: the view is locked (so the relcache entry reflects its committed definition).
// Throws XX000 when the view has no stored query.
nodes::QueryPtr StoredViewQuery(Oid view_oid);

}  // namespace hyrax::parser
