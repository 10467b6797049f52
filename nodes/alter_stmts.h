// Bound ALTER TABLE and ALTER ... RENAME statements. The relation is resolved; each
// subcommand's column is resolved against the table as it will be after the earlier
// subcommands (so ADD COLUMN x ..., ADD CHECK (x > 0) works as in PostgreSQL); default,
// CHECK and USING expressions are analyzed with Vars of the table as range-table entry 1.
// Checks that depend on the data or on other objects (rewrites, dependent views, existing
// names of constraints) are the executor's. Included through nodes/utility_stmts.h.
#pragma once

#include <string>
#include <vector>

#include "nodes/ddl_stmts.h"

namespace hyrax::nodes {

enum class AlterTableCmdKind : uint8_t {
  kAddColumn,           // column (+ constraints: its CHECK/keys/references are in `constraint`
                        // commands that follow)
  kDropColumn,          // attnum, behavior, missing_ok
  kAlterColumnType,     // attnum, column.type/typmod/collation, expr = USING (or the column)
  kSetDefault,          // attnum, expr (coerced to the column type)
  kDropDefault,         // attnum
  kSetNotNull,          // attnum
  kDropNotNull,         // attnum
  kAddConstraint,       // constraint (Vars and attnums of the altered table)
  kDropConstraint,      // name, behavior, missing_ok
  kValidateConstraint,  // name
  kSetOptions,          // options (SET (...) on the table)
  kResetOptions,        // options (names only)
  kAddIdentity,         // attnum, column.identity + identity_options
  kSetIdentity,         // attnum, column.identity (0 = unchanged) + identity_options
  kDropIdentity,        // attnum, missing_ok
  kSetStatistics,       // attnum, number
  kSetStorage,          // attnum, name = storage ("plain", "main", ...)
  kChangeOwner,         // name = new owner role
  kSetLogged,
  kSetUnlogged,
  kSetTablespace,    // name
  kAttachPartition,  // target = the partition, name = its name, partition_bound
  kDetachPartition,  // target = the partition, name = its name
  kAddInherit,       // target = the new parent, name = its name
  kDropInherit,      // target = the parent, name = its name
};

struct AlterTableCmd {
  AlterTableCmdKind kind = AlterTableCmdKind::kAddColumn;
  std::string name;    // column name, constraint name, role, storage, tablespace ...
  int16_t attnum = 0;  // the column (after earlier subcommands); for kAddColumn the new one
  ColumnDefinition column;
  ConstraintDefinition constraint;
  ExprPtr expr;
  RelOptions options;
  int number = 0;  // SET STATISTICS
  // ATTACH/DETACH PARTITION: the partition; [NO] INHERIT: the parent.
  Oid target = kInvalidOid;
  // ATTACH PARTITION: the bound in pg_get_expr's text form (nodes::PartitionOfDefinition).
  std::string partition_bound;
  DropBehavior behavior = DropBehavior::kRestrict;
  // IF [NOT] EXISTS. With it, a command that found nothing to do (column/constraint missing
  // or already there) carries `skip_notice`, the NOTICE PostgreSQL emits, and is skipped.
  bool missing_ok = false;
  std::string skip_notice;
};

struct AlterTableStmt : UtilityStmt {
  AlterTableStmt() : UtilityStmt(UtilityTag::kAlterTable) {}
  ObjectType objtype = ObjectType::kTable;  // ALTER TABLE / INDEX / SEQUENCE / VIEW ...
  Oid relid = kInvalidOid;  // kInvalidOid: missing under IF EXISTS (see missing_notice)
  std::string relname;
  bool missing_ok = false;
  std::string missing_notice;  // "relation \"x\" does not exist, skipping"
  bool recurse = true;         // false under ONLY: inheritance children are not altered
  std::vector<AlterTableCmd> cmds;
};

// ALTER TABLE/INDEX/SEQUENCE/VIEW x RENAME TO y, ALTER TABLE x RENAME [COLUMN] a TO b,
// ALTER TABLE x RENAME CONSTRAINT a TO b, ALTER SCHEMA a RENAME TO b.
enum class RenameTarget : uint8_t { kRelation, kColumn, kConstraint, kSchema };
struct RenameStmt : UtilityStmt {
  RenameStmt() : UtilityStmt(UtilityTag::kRename) {}
  RenameTarget target = RenameTarget::kRelation;
  ObjectType objtype = ObjectType::kTable;  // the relation's kind as written
  Oid relid = kInvalidOid;                  // kRelation/kColumn/kConstraint
  Oid namespace_oid = kInvalidOid;          // kSchema
  int16_t attnum = 0;                       // kColumn
  Oid constraint_oid = kInvalidOid;         // kConstraint
  std::string oldname;                      // column/constraint/schema being renamed
  std::string newname;
  bool missing_ok = false;
  std::string missing_notice;
  bool recurse = true;  // kColumn: false under ONLY
};

}  // namespace hyrax::nodes
