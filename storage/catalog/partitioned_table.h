// The partition keys of partitioned tables (pg_partitioned_table rows; PostgreSQL's
// partcache.c reads them): stored by CREATE TABLE ... PARTITION BY, read by the analyzer
// (bounds of PARTITION OF), the executor (tuple routing) and the planner (pruning).
#pragma once

#include <optional>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

void StorePartitionKey(const PgPartitionedTable& key);
// The key of partitioned table `relid`, or nullopt when it is not partitioned.
std::optional<PgPartitionedTable> PartitionKeyOf(Oid relid);
// Removes the key row (DROP of the partitioned table).
void DeletePartitionKey(Oid relid);
// Records `default_partition` (kInvalidOid to clear) as partdefid of `relid`.
void SetDefaultPartition(Oid relid, Oid default_partition);

}  // namespace hyrax::catalog
