// The ALTER TABLE subcommands that change a table's place in a hierarchy: ATTACH PARTITION,
// DETACH PARTITION, INHERIT and NO INHERIT (PostgreSQL's transformPartitionCmd and the
// ATPrepCmd checks of tablecmds.c). The analyzer resolves the other relation and the bound;
// the executor (executor/commands/alter_table_partition.cpp) checks columns, constraints
// and rows and writes the catalog links.
#pragma once

#include "nodes/alter_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::parser {

// Whether `subtype` is one of the subcommands this file binds.
bool IsInheritanceSubcommand(PgQuery__AlterTableType subtype);

// Binds one of them on `rel` into `cmd` (kind, target, name, partition_bound). Throws 42P17
// when `rel` is not partitioned (ATTACH/DETACH), 42809 when the other relation is not a
// table or [NO] INHERIT names a partition or partitioned table, 42P01
// when it does not exist, 42P16 for a bound that does not fit the key, 55000 for DETACH
// FINALIZE (no detach is ever pending) and 0A000 for DETACH CONCURRENTLY.
void TransformInheritanceCmd(ParseState& ps, const catalog::RelationData& rel,
                             const PgQuery__AlterTableCmd* c, nodes::AlterTableCmd& cmd);

}  // namespace hyrax::parser
