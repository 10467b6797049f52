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
// already exists, skipping" and nothing else (returns kInvalidOid). Otherwise creates the
// relation (returns its OID) owned by
// `owner` (holding AccessExclusiveLock on it until the transaction ends), its column
// defaults (pg_attrdef, serialized with nodes::NodeToString) and CHECK constraints
// (pg_constraint), its PRIMARY KEY / UNIQUE indexes, the sequences of serial and identity
// columns (column_sequences.h) and, for a temporary table, its ON COMMIT action; a temporary
// table goes into the session's temporary schema, created on first use (temp_namespace.h).
// Throws 0A000 for what is not supported yet: exclusion constraints, INITIALLY DEFERRED
// foreign keys, generated columns; 42704/22023/55000 for a bad tablespace or access method as
// PostgreSQL; 42P07 when the name is taken; 42710 for duplicate constraint names. Requires: an open
// transaction (not read-only).
Oid CreateTable(const nodes::CreateTableStmt& stmt, Oid owner);

// DROP TABLE / VIEW / SEQUENCE / SCHEMA [IF EXISTS] a, b [CASCADE | RESTRICT] and DROP INDEX.
// Objects the analyzer found missing (IF EXISTS) get their `missing_notice` as NOTICE 00000;
// the others are locked AccessExclusive and dropped, with the views that depend on them
// under CASCADE (2BP01 under RESTRICT; drop_relations.h). Other object kinds throw 0A000
// "DROP <KIND> is not supported yet" (unless every named object is missing under IF EXISTS:
// then only the notices).
// Requires: an open transaction (not read-only).
void DropObjects(const nodes::DropStmt& stmt);

// TRUNCATE a, b: locks each table AccessExclusive and gives it (and its TOAST table) a new,
// empty relfilenode; the old files are removed at commit, the new ones at abort, so the
// command is transactional as in PostgreSQL. 42501 for system catalogs.
// Requires: an open transaction (not read-only).
void TruncateTables(const nodes::TruncateStmt& stmt);

}  // namespace hyrax::executor::commands
