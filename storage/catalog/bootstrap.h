// Filling the system catalogs of a new cluster (the catalog part of `hyrax init`): create
// every catalog's heap (and TOAST table, with PostgreSQL's fixed OIDs) in template1 (or
// global/ for shared catalogs), load the PostgreSQL 15 rows from the embedded data files,
// add pg_class/pg_attribute rows describing the catalogs themselves, then clone template1
// into template0 and postgres.
#pragma once

#include <string>

#include "common/ids.h"

namespace hyrax::catalog {

struct BootstrapOptions {
  std::string superuser = "postgres";  // name of the bootstrap superuser (OID 10)
};

// Requires: a single process with shared memory, WAL, buffer pool, clog and a proc slot set
// up, cwd = the new data directory, no transaction open. Runs and commits its own
// transaction; catalogs are then readable through HeapCatalog.
void BootstrapSystemCatalogs(const BootstrapOptions& options);

// Copies every file of database `src` to the new database directory of `dst`.
// Requires: all of the source's dirty buffers flushed (a checkpoint).
void CopyDatabaseFiles(Oid src, Oid dst);

}  // namespace hyrax::catalog
