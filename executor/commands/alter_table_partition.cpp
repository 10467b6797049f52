// ALTER TABLE ... ATTACH PARTITION / DETACH PARTITION / INHERIT / NO INHERIT (PostgreSQL's
// ATExecAttachPartition, ATExecDetachPartition, ATExecAddInherit, ATExecDropInherit): the
// checks on the other relation, the bound check against the siblings, the column and
// constraint merge and pg_inherits link (inheritance_link.h), the partition's pg_class bound
// and the validation scan of its rows. Runs with AccessExclusiveLock on the altered table;
// the other relation is locked AccessExclusive here.
#include <algorithm>

#include "common/error.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/inheritance_link.h"
#include "executor/partition/partition_bound.h"
#include "executor/partition/partition_bounds.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::commands {

namespace {

bool Contains(const std::vector<Oid>& oids, Oid oid) {
  return std::find(oids.begin(), oids.end(), oid) != oids.end();
}

// 42P07 when `parent` is `child` or one of its descendants.
void RefuseCircularInheritance(const catalog::RelationData& child,
                               const catalog::RelationData& parent) {
  if (Contains(catalog::FindAllInheritors(child.oid), parent.oid)) {
    throw Error(errcode::kDuplicateTable, "circular inheritance not allowed")
        .Detail(fmt::format("\"{}\" is already a child of \"{}\".", parent.name(), child.name()));
  }
}

// The checks of ATExecAttachPartition before the bound is compared with the siblings.
void CheckAttachable(const catalog::RelationData& parent, const catalog::RelationData& child) {
  if (child.rel.relispartition) {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is already a partition", child.name());
  }
  if (!catalog::InheritanceParents(child.oid).empty()) {
    throw Error(errcode::kWrongObjectType, "cannot attach inheritance child as partition");
  }
  if (child.relkind() != 'p' && !catalog::InheritanceChildren(child.oid).empty()) {
    throw Error(errcode::kWrongObjectType, "cannot attach inheritance parent as partition");
  }
  RefuseCircularInheritance(child, parent);
  bool parent_temp = parent.rel.relpersistence == 't';
  bool child_temp = child.rel.relpersistence == 't';
  if (child_temp && !parent_temp) {
    throw MakeError(errcode::kWrongObjectType,
                    "cannot attach a temporary relation as partition of permanent relation "
                    "\"{}\"",
                    parent.name());
  }
  if (parent_temp && !child_temp) {
    throw MakeError(errcode::kWrongObjectType,
                    "cannot attach a permanent relation as partition of temporary relation "
                    "\"{}\"",
                    parent.name());
  }
  // A partition may have only its parent's columns.
  for (int i = 0; i < child.desc->natts(); ++i) {
    const auto& attr = child.desc->attr(i);
    if (attr.dropped) continue;
    bool in_parent = false;
    for (int j = 0; j < parent.desc->natts(); ++j) {
      in_parent |= !parent.desc->attr(j).dropped && parent.desc->attr(j).name == attr.name;
    }
    if (!in_parent) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "table \"{}\" contains column \"{}\" not found in parent \"{}\"",
                      child.name(), attr.name, parent.name())
          .Detail("The new partition may contain only the columns present in parent.");
    }
  }
}

}  // namespace

void ExecAttachPartition(Oid relid, const nodes::AlterTableCmd& cmd) {
  storage::LockRelationOid(cmd.target, storage::LockMode::kAccessExclusive);
  catalog::RelationPtr parent = OpenAlteredRelation(relid);
  catalog::RelationPtr child = OpenAlteredRelation(cmd.target);
  CheckAttachable(*parent, *child);
  auto key = catalog::PartitionKeyOf(relid);
  if (key && key->partdefid != kInvalidOid) {
    storage::LockRelationOid(key->partdefid, storage::LockMode::kAccessExclusive);
  }
  CheckNewPartitionBound(relid, child->name(), cmd.partition_bound);
  LinkInheritanceChild(cmd.target, relid, /*is_partition=*/true);
  EditClass(cmd.target, [&](catalog::PgClass& row) {
    row.relispartition = true;
    row.relpartbound = cmd.partition_bound;
  });
  if (IsDefaultBound(cmd.partition_bound)) catalog::SetDefaultPartition(relid, cmd.target);
  ValidatePartitionRows(cmd.target);
}

void ExecDetachPartition(Oid relid, const nodes::AlterTableCmd& cmd) {
  storage::LockRelationOid(cmd.target, storage::LockMode::kAccessExclusive);
  if (!Contains(catalog::InheritanceParents(cmd.target), relid) ||
      !OpenAlteredRelation(cmd.target)->rel.relispartition) {
    throw MakeError(errcode::kUndefinedTable,
                    "relation \"{}\" is not a partition of relation \"{}\"", cmd.name,
                    OpenAlteredRelation(relid)->name());
  }
  UnlinkInheritanceChild(cmd.target, relid);
  EditClass(cmd.target, [](catalog::PgClass& row) {
    row.relispartition = false;
    row.relpartbound.reset();
  });
  auto key = catalog::PartitionKeyOf(relid);
  if (key && key->partdefid == cmd.target) catalog::SetDefaultPartition(relid, kInvalidOid);
}

void ExecAddInherit(Oid relid, const nodes::AlterTableCmd& cmd) {
  storage::LockRelationOid(cmd.target, storage::LockMode::kShareUpdateExclusive);
  catalog::RelationPtr child = OpenAlteredRelation(relid);
  catalog::RelationPtr parent = OpenAlteredRelation(cmd.target);
  if (Contains(catalog::InheritanceParents(relid), cmd.target)) {
    throw MakeError(errcode::kDuplicateTable,
                    "relation \"{}\" would be inherited from more than once", parent->name());
  }
  RefuseCircularInheritance(*child, *parent);
  LinkInheritanceChild(relid, cmd.target, /*is_partition=*/false);
}

void ExecDropInherit(Oid relid, const nodes::AlterTableCmd& cmd) {
  storage::LockRelationOid(cmd.target, storage::LockMode::kShareUpdateExclusive);
  if (!Contains(catalog::InheritanceParents(relid), cmd.target)) {
    throw MakeError(errcode::kUndefinedTable, "relation \"{}\" is not a parent of relation \"{}\"",
                    cmd.name, OpenAlteredRelation(relid)->name());
  }
  UnlinkInheritanceChild(relid, cmd.target);
}

}  // namespace hyrax::executor::commands
