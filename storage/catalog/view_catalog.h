// Catalog side of views: a view is a pg_class row of relkind 'v' (made by CreateHeapRelation)
// plus a "_RETURN" rule in pg_rewrite whose ev_action holds the view's query. Hyrax stores
// that query as SQL text, not as PostgreSQL's node tree; the analyzer expands a view in FROM
// by analyzing the text as a sub-select (parser/analyze/view_expand.h).
#pragma once

#include <optional>
#include <string>

#include "common/ids.h"

namespace hyrax::catalog {

// Inserts the "_RETURN" rule of view `view_relid` with query `query_sql`; `rule_oid` is a
// fixed OID (system views) or kInvalidOid to allocate one.
// Requires: in a transaction; the view's pg_class row exists.
void StoreViewQuery(Oid view_relid, const std::string& query_sql, Oid rule_oid = kInvalidOid);

// The stored query text of view `view_relid`, or nullopt when it has no "_RETURN" rule.
std::optional<std::string> ViewQuery(Oid view_relid);

}  // namespace hyrax::catalog
