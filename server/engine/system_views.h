// The system views `hyrax init` creates in pg_catalog (pg_roles, pg_user, pg_tables,
// pg_indexes, pg_views), with PostgreSQL 15's OIDs, names and column types. Each is a
// relkind 'v' relation whose "_RETURN" rule stores its query as SQL text
// (storage/catalog/view_catalog.h); the analyzer expands it where it is named in FROM
// (parser/analyze/view_expand.h).
#pragma once

namespace hyrax::server::engine {

// Creates every system view in the current database.
// Requires: the system catalogs are filled, a SysCache is installed, in a transaction.
void CreateSystemViews();

}  // namespace hyrax::server::engine
