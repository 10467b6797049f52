// Inheritance and partitioning of CREATE TABLE (see table_inheritance.h).
#include "executor/commands/table_inheritance.h"

#include "executor/partition/partition_bounds.h"
#include "nodes/serialize.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

void LockInheritanceParents(const nodes::CreateTableStmt& stmt) {
  auto mode = stmt.partition_of ? storage::LockMode::kAccessExclusive
                                : storage::LockMode::kShareUpdateExclusive;
  for (Oid parent : stmt.inherits) storage::LockRelationOid(parent, mode);
}

void StoreInheritanceAndPartitioning(Oid relid, const nodes::CreateTableStmt& stmt) {
  if (stmt.partition.strategy != '\0') {
    catalog::PgPartitionedTable key;
    key.partrelid = relid;
    key.partstrat = stmt.partition.strategy;
    key.partnatts = static_cast<int16_t>(stmt.partition.key_attnums.size());
    key.partattrs = stmt.partition.key_attnums;
    key.partclass = stmt.partition.opclasses;
    key.partcollation = stmt.partition.collations;
    if (!stmt.partition.key_exprs.empty()) {
      key.partexprs = nodes::NodeListToString(stmt.partition.key_exprs);
    }
    catalog::StorePartitionKey(key);
  }
  if (stmt.partition_of) {
    // Checked before the link exists, so the new partition is not its own sibling.
    CheckNewPartitionBound(stmt.partition_of->parent, stmt.name, stmt.partition_of->bound_text);
  }
  int32_t seqno = 0;
  for (Oid parent : stmt.inherits) catalog::StoreInheritance(relid, parent, ++seqno);
  if (stmt.partition_of && IsDefaultBound(stmt.partition_of->bound_text)) {
    catalog::SetDefaultPartition(stmt.partition_of->parent, relid);
  }
}

}  // namespace hyrax::executor::commands
