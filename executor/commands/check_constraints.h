// CHECK constraints of a new table (PostgreSQL's AddRelationNewConstraints / StoreRelCheck):
// one pg_constraint row per constraint with the serialized condition (conbin) and the
// columns it reads (conkey), unnamed ones named "<table>_<column>_check" or
// "<table>_check" as PostgreSQL, and pg_class.relchecks. ModifyTable enforces them
// (executor/operators/modify_table.cpp).
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// Stores the kCheck entries of stmt.constraints for relation `relid`. Throws 42710 "check
// constraint \"x\" already exists" when two of them have the same explicit name.
// Requires: the relation's pg_class row is visible (CommandCounterIncrement after creating
// it), AccessExclusiveLock on it.
void StoreCheckConstraints(Oid relid, const nodes::CreateTableStmt& stmt);

// One CHECK constraint named `name` (already chosen) on `relid` in `namespace_oid`, with
// convalidated = `validated`; pg_class.relchecks goes up by one (ALTER TABLE ADD CHECK).
void StoreCheckConstraint(Oid relid, Oid namespace_oid, const std::string& name,
                          const nodes::ConstraintDefinition& def, bool validated);

// Adds `delta` to pg_class.relchecks of `relid` (ALTER TABLE DROP CONSTRAINT: -1).
void AdjustRelChecks(Oid relid, int delta);

// The attribute numbers `expr` reads (Vars of the table, varno 1), in order of first use.
std::vector<int16_t> CheckConstraintColumns(const nodes::ExprPtr& expr);

}  // namespace hyrax::executor::commands
