// ALTER TABLE / INDEX / VIEW / SEQUENCE (PostgreSQL's tablecmds.c AlterTable and
// RenameRelation / renameatt / RenameConstraint) executed from the bound statements of
// nodes/alter_stmts.h. Subcommands run in the order written, each seeing the earlier ones'
// catalog changes, inside the caller's transaction (so ROLLBACK restores the table: catalog
// rows are MVCC, a rewritten table's new files are removed at abort). The caller calls
// CommandCounterIncrement afterwards. executor/commands/README.md "ALTER TABLE".
#pragma once

#include "common/ids.h"
#include "nodes/alter_stmts.h"

namespace hyrax::executor::commands {

// Runs every subcommand of `stmt` on its relation, holding AccessExclusiveLock on it. A
// relation missing under IF EXISTS only emits `missing_notice`. Subcommands that are not
// supported yet throw 0A000 before anything else of the statement runs.
// Requires: an open transaction (not read-only).
void AlterTable(const nodes::AlterTableStmt& stmt);

// ALTER TABLE/INDEX/VIEW/SEQUENCE ... RENAME TO, RENAME COLUMN, RENAME CONSTRAINT.
// Requires: an open transaction (not read-only).
void RenameRelationObject(const nodes::RenameStmt& stmt);

}  // namespace hyrax::executor::commands
