// The inheritance side of CREATE TABLE (PostgreSQL's DefineRelation / StoreCatalogInheritance
// / StorePartitionKey / StorePartitionBound): locking the parents, the pg_inherits links, the
// partition key of a partitioned table, and the bound of a new partition after checking it
// against its siblings (executor/partition/partition_bounds.h).
#pragma once

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// Locks the INHERITS parents ShareUpdateExclusive and a PARTITION OF parent AccessExclusive
// (PostgreSQL's locks), before the new relation exists.
void LockInheritanceParents(const nodes::CreateTableStmt& stmt);

// Records `relid`'s parents (pg_inherits), its partition key (pg_partitioned_table) and,
// for a partition, checks its bound (42P17 overlaps, 23514 rows of the default partition
// that would belong to it) and makes it the parent's default partition when it is one.
void StoreInheritanceAndPartitioning(Oid relid, const nodes::CreateTableStmt& stmt);

}  // namespace hyrax::executor::commands
