// The system views `hyrax init` creates in pg_catalog (pg_roles, pg_user, pg_tables,
// pg_indexes, pg_views), with PostgreSQL 15's OIDs, names and column types. Each is made
// like a user's view: its CREATE VIEW statement is analysed and handed to the create-view
// command (executor/commands/view_commands.h), which stores the analysed query in
// pg_rewrite; the analyzer expands it where it is named in FROM
// (parser/analyze/view_expansion.h).
#pragma once

namespace hyrax::server::engine {

// Creates every system view in the current database.
// Requires: the system catalogs are filled, a SysCache is installed, in a transaction.
void CreateSystemViews();

}  // namespace hyrax::server::engine
