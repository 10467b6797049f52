// Index DDL (PostgreSQL's indexcmds.c DefineIndex, index.c index_create/index_build/
// index_drop): CREATE [UNIQUE] INDEX, the unique indexes behind PRIMARY KEY and UNIQUE
// constraints (with their pg_constraint rows), DROP INDEX, and what DROP TABLE, TRUNCATE
// and VACUUM need of a table's indexes. Only btree indexes on plain columns are supported.
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// What to create: one index on `heap_relid`.
struct IndexDefinition {
  Oid heap_relid = kInvalidOid;
  std::string name;                  // empty: chosen as PostgreSQL's ChooseIndexName
  std::vector<int16_t> key_attnums;  // 1-based table columns
  std::vector<int16_t> include_attnums;
  std::vector<Oid> collations;   // per key column (kInvalidOid: the column's)
  std::vector<Oid> opclasses;    // per key column (kInvalidOid: the type's default)
  std::vector<int16_t> options;  // per key column: indoption bits
  nodes::RelOptions reloptions;
  bool unique = false;
  bool primary = false;
  bool nulls_not_distinct = false;
  char constraint_type = '\0';  // 'p' / 'u': also store a pg_constraint row named as the index
  // DEFERRABLE [INITIALLY DEFERRED] constraint: the index lets duplicates in
  // (indimmediate = false) and they are re-checked later (executor/exec/constraint_deferral.h).
  bool deferrable = false;
  bool initially_deferred = false;
};

// Creates the index (catalog rows, file) and builds it from the table's rows. Returns its
// OID. Throws 42P07 when the name is taken, 23505 "could not create unique index" for
// duplicates, 0A000 for unsupported features.
// Requires: ShareLock (or stronger) on the table; an open transaction.
Oid DefineIndex(const IndexDefinition& def);

// CREATE INDEX from the bound statement.
void CreateIndex(const nodes::CreateIndexStmt& stmt);

// The PRIMARY KEY and UNIQUE entries of `constraints` on table `relid` (CREATE TABLE, ALTER
// TABLE ADD): PK columns become NOT NULL (42P16 "multiple primary keys for table" when
// one exists), then one unique index + constraint each.
void AddIndexConstraints(Oid relid, const std::vector<nodes::ConstraintDefinition>& constraints);

// Removes index `indexrelid`'s catalog rows and schedules its file for removal at commit.
// Requires: AccessExclusiveLock on the index and its table.
void DropIndexRelation(Oid indexrelid);

// Gives every index of `relid` a new, empty file (TRUNCATE). Requires: AccessExclusiveLock.
void TruncateIndexes(Oid relid);
// Gives every index of `relid` a new file and builds it from the table's current rows (a
// table rewrite of ALTER TABLE; the old files go at commit). Throws 23505 when a unique
// index finds duplicates. Requires: AccessExclusiveLock.
void RebuildIndexes(Oid relid);

}  // namespace hyrax::executor::commands
