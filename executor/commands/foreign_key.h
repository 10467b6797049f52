// FOREIGN KEY constraints as catalog objects (PostgreSQL's ATAddForeignKeyConstraint,
// CreateConstraintEntry and the FK parts of RemoveRelations / ExecuteTruncate): the
// pg_constraint row (contype 'f', conkey/confkey, the equality operators, actions, match
// type, conindid = the referenced unique index) with its pg_depend rows, validation of
// existing rows, and what DROP TABLE and TRUNCATE must respect. Enforcement of the
// constraint on every write is executor/ri/ (README there).
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// CREATE TABLE: stores the kForeignKey entries of stmt.constraints for the new table
// `relid` (no rows to validate). Requires: the table's own unique indexes exist and are
// visible (a foreign key may reference the table itself).
void StoreForeignKeyConstraints(Oid relid, const nodes::CreateTableStmt& stmt);

// ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY: stores the constraint and, unless NOT
// VALID, checks every existing row (23503 as PostgreSQL for the first row whose key is
// missing). Throws 42710 when the name is taken, 0A000 for INITIALLY DEFERRED.
// Requires: AccessExclusiveLock on `relid`; an open transaction.
void AddForeignKeyConstraint(Oid relid, const nodes::ConstraintDefinition& def);

// ALTER TABLE ... VALIDATE CONSTRAINT name for a foreign key: checks the existing rows and
// marks the constraint validated. Returns false (and does nothing) when `name` is not a
// foreign key of `relid`.
bool ValidateForeignKeyConstraint(Oid relid, const std::string& name);

// DROP TABLE: the foreign keys of other tables (not in `dropped`) that reference one of
// `dropped`, as PostgreSQL describes them: "constraint c_a_fkey on table c depends on table
// p". Each such constraint's table is locked AccessExclusive.
struct ForeignKeyDependent {
  Oid constraint_oid = kInvalidOid;
  std::string description;  // "constraint c_a_fkey on table c"
  std::string referenced;   // "table p"
};
std::vector<ForeignKeyDependent> ForeignKeysDependingOn(const std::vector<Oid>& dropped);

// Removes foreign key constraint `conoid` (row, pg_depend rows, relcache entries of both
// tables).
void DropForeignKeyConstraint(Oid conoid);
// Removes every foreign key of table `relid` (before the table itself is dropped).
void DropForeignKeysOf(Oid relid);

// TRUNCATE: the tables outside `relids` whose foreign keys reference one of `relids`
// (0A000 "cannot truncate a table referenced in a foreign key constraint" unless
// `cascade`, which returns them to be truncated too, with NOTICE "truncate cascades to
// table ..."), repeated until no new table appears.
std::vector<Oid> TruncateReferencingTables(const std::vector<Oid>& relids, bool cascade);

}  // namespace hyrax::executor::commands
