// Expansion of views named in FROM (the part of PostgreSQL's rewriter that applies a view's
// "_RETURN" rule, ApplyRetrieveRule): the relation entry of a view becomes a sub-query entry
// whose query is the view's stored SQL analyzed on its own (it sees no outer query level or
// parameters). Hyrax expands here, during analysis, because it has no separate rewrite stage
// yet; the result is the Query the rewriter would produce. Views are read-only: INSERT,
// UPDATE and DELETE on them are refused where the target table is set.
#pragma once

#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// Replaces RTE `rtindex` of `ps` (a relation entry of relkind 'v') with a sub-query entry
// holding the view's analyzed query. The relations the view reads are locked through `ps`'s
// hooks. Throws XX000 when the view has no stored query.
void ExpandViewRte(ParseState& ps, Index rtindex);

}  // namespace hyrax::parser
