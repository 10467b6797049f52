// Revalidation of prepared statements after DDL (PostgreSQL's plancache.c
// RevalidateCachedQuery): a prepared statement keeps its analyzed tree, which names columns
// by attribute number and type, so after ALTER TABLE (here or in another session) it must be
// analyzed again from its text before it runs. The relations it reads are stamped with their
// relcache invalidation counts at analysis; a changed stamp means re-analysis with the same
// parameter types. As in PostgreSQL, a new result row shape is an error (0A000 "cached plan
// must not change result type"). Plans are not cached (each execution plans), so only the
// analysis needs redoing.
#pragma once

#include <cstdint>
#include <vector>

#include "nodes/parsenodes.h"
#include "server/engine/portal.h"

namespace hyrax::server::engine {

// The invalidation counts of every relation `query` reads (range-table entries at every
// level, views included). Call right after analysis.
std::vector<RelationStamp> StampRelations(const nodes::Query& query);

// Makes `ps` current: locks each stamped relation AccessShare, applies the invalidation
// messages other sessions committed and, when a stamp changed, analyzes ps.source_text again with
// ps.param_types. Throws 0A000 "cached plan must not change result type" when the result
// columns differ, and whatever the new analysis throws (42703 for a dropped column ...).
void RevalidatePreparedStatement(PreparedStatement& ps);

}  // namespace hyrax::server::engine
