// The table DDL commands (PostgreSQL's tablecmds.c DefineRelation / RemoveRelations /
// ExecuteTruncate): CREATE TABLE, DROP TABLE and TRUNCATE executed from the bound statements
// of nodes/ddl_stmts.h. Each runs inside the caller's transaction: catalog rows are written
// with the current command id, relation files are created/removed through the pending-delete
// machinery (undone at abort, done at commit), and cache invalidations are queued so other
// backends see the change only at commit. The caller calls CommandCounterIncrement
// afterwards. executor/commands/README.md lists what is supported.
#pragma once

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// CREATE TABLE. With IF NOT EXISTS and an existing relation: NOTICE 42P07 "relation \"x\"
// already exists, skipping" and nothing else. Otherwise creates the relation owned by
// `owner` (holding AccessExclusiveLock on it until the transaction ends), its column
// defaults (pg_attrdef, serialized with nodes::NodeToString), CHECK constraints
// (pg_constraint), unique indexes, and the sequences of serial and identity columns
// (column_sequences.h). Throws 0A000 for what is not supported yet: temporary tables,
// FOREIGN KEY and exclusion constraints, generated columns; 42704/22023/55000 for a bad tablespace
// or access method as PostgreSQL; 42P07 when the name is taken; 42710 for duplicate constraint
// names. Requires: an open transaction (not read-only).
void CreateTable(const nodes::CreateTableStmt& stmt, Oid owner);

// DROP TABLE / SEQUENCE / SCHEMA [IF EXISTS] a, b [CASCADE | RESTRICT]. Objects the analyzer found
// missing (IF EXISTS) get their `missing_notice` as NOTICE 00000; the others are locked
// AccessExclusive and dropped. Other object kinds throw 0A000 "DROP <KIND> is not supported
// yet" (unless every named object is missing under IF EXISTS: then only the notices).
// Requires: an open transaction (not read-only).
void DropObjects(const nodes::DropStmt& stmt);

// Drops one relation already locked AccessExclusive: a table with its indexes and owned
// sequences, or a sequence after CheckSequenceDependents (2BP01 when a column default uses
// it and `behavior` is RESTRICT, or when it belongs to an identity column).
void RemoveRelation(Oid relid, nodes::DropBehavior behavior);

// TRUNCATE a, b: locks each table AccessExclusive and gives it (and its TOAST table) a new,
// empty relfilenode; the old files are removed at commit, the new ones at abort, so the
// command is transactional as in PostgreSQL. 42501 for system catalogs.
// Requires: an open transaction (not read-only).
void TruncateTables(const nodes::TruncateStmt& stmt);

}  // namespace hyrax::executor::commands
