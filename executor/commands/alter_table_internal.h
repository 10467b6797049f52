// What the files of ALTER TABLE share (alter_table.cpp dispatches; alter_table_columns.cpp,
// alter_table_constraints.cpp, alter_column_type.cpp, alter_table_options.cpp run the
// subcommand families; table_rewrite.cpp scans and rewrites the rows): edits of one
// relation's catalog rows and the entry point of each family. Not for use outside
// executor/commands.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nodes/alter_stmts.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor::commands {

// The relation as the catalog describes it now (earlier changes made visible by
// CommandCounterIncrement). Throws 42P01-style XX000 when it is gone.
catalog::RelationPtr OpenAlteredRelation(Oid relid);

// Applies `edit` to the pg_attribute row (relid, attnum) / the pg_class row of `relid`,
// queues the relation's cache invalidation and runs CommandCounterIncrement, so the next
// edit of the same row sees this one (a row may change only once per command).
void EditAttribute(Oid relid, int16_t attnum,
                   const std::function<void(catalog::PgAttribute&)>& edit);
void EditClass(Oid relid, const std::function<void(catalog::PgClass&)>& edit);
// The same for the pg_constraint row `conoid`.
void EditConstraint(Oid conoid, const std::function<void(catalog::PgConstraint&)>& edit);

// Column defaults (pg_attrdef + atthasdef + the default's dependencies on sequences). A NULL
// constant stores nothing, as PostgreSQL's AddRelationNewConstraints.
void StoreColumnDefault(Oid relid, int16_t attnum, const nodes::ExprPtr& expr);
// Removes the column's default, if any.
void RemoveColumnDefault(Oid relid, int16_t attnum);

// PostgreSQL's contain_volatile_functions for the expressions DDL evaluates (defaults,
// USING): a volatile function or operator, or nextval of an identity column.
bool ContainsVolatileFunctions(const nodes::ExprPtr& expr);

// The views whose rule reads column `attnum` of `relid` (pg_depend rows with that
// refobjsubid, recorded by CREATE VIEW), once each.
std::vector<Oid> ViewsUsingColumn(Oid relid, int16_t attnum);

// Removes a constraint of `relid`: its pg_constraint row, and for PRIMARY KEY / UNIQUE its
// index; a CHECK lowers relchecks. Ends with CommandCounterIncrement.
void RemoveConstraint(Oid relid, const catalog::PgConstraint& con);

// Stores CHECK constraint `def` on `relid` (named as PostgreSQL names it when the name is
// empty; 42710 when the name is taken) and, unless NOT VALID, verifies the rows. Returns the
// name.
std::string AddCheckConstraint(Oid relid, const nodes::ConstraintDefinition& def);

// Subcommand families. Each runs on `relid` (AccessExclusiveLock held), after the earlier
// subcommands' CommandCounterIncrement.
// 0A000 for a relation with inheritance parents or children, or in a partitioning tree, for
// the subcommands that do not run through hierarchies yet.
void RefuseInHierarchy(Oid relid);

void ExecAddColumn(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecDropColumn(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecColumnDefault(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecSetNotNull(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecDropNotNull(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecAddConstraint(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecDropConstraint(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecValidateConstraint(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecAlterColumnType(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecSetRelOptions(Oid relid, const nodes::AlterTableCmd& cmd);  // SET / RESET (...)
void ExecSetStorage(Oid relid, const nodes::AlterTableCmd& cmd);
// alter_table_recurse.cpp: whether `cmd` runs through inheritance children and partitions
// (ADD/DROP COLUMN, ALTER COLUMN TYPE, SET/DROP DEFAULT, SET/DROP NOT NULL, ADD CHECK, DROP
// CONSTRAINT), and
// running it so (`recurse` false under ONLY).
bool RunsThroughHierarchy(const nodes::AlterTableCmd& cmd);
void ExecThroughHierarchy(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse);
// alter_table_partition.cpp
void ExecAttachPartition(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecDetachPartition(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecAddInherit(Oid relid, const nodes::AlterTableCmd& cmd);
void ExecDropInherit(Oid relid, const nodes::AlterTableCmd& cmd);

}  // namespace hyrax::executor::commands
