// CREATE [OR REPLACE] FUNCTION, CREATE [OR REPLACE] AGGREGATE and DROP FUNCTION/AGGREGATE
// (PostgreSQL's ProcedureCreate, AggregateCreate and RemoveFunctionById): the pg_proc row
// (and pg_aggregate row) the analyzer built, pg_depend rows on the user functions it uses,
// and removal with what depends on the function (views, column defaults, other functions
// and aggregates): 2BP01 under RESTRICT, a "drop cascades to" NOTICE under CASCADE.
#pragma once

#include "common/ids.h"
#include "nodes/ddl_stmts.h"
#include "nodes/function_stmts.h"

namespace hyrax::executor::commands {

// Stores the function; returns its OID. 42723 "function \"f\" already exists with same
// argument types" unless OR REPLACE; a replacement keeps the OID and must keep the result
// type (42P13 "cannot change return type of existing function") and the kind (42809).
// Requires: an open transaction.
Oid CreateFunction(const nodes::CreateFunctionStmt& stmt, Oid owner);
// Stores the aggregate's pg_proc and pg_aggregate rows; returns its OID. Same rules.
Oid DefineAggregate(const nodes::DefineAggregateStmt& stmt, Oid owner);
// DROP FUNCTION / DROP AGGREGATE (stmt.remove_type kFunction or kAggregate).
void DropFunctions(const nodes::DropStmt& stmt);

// Records that `depender` (an object of catalog `classid`) calls the user functions
// `functions` (normal dependencies, so DROP FUNCTION refuses or cascades).
void RecordFunctionDependencies(Oid classid, Oid depender, const std::vector<Oid>& functions);

}  // namespace hyrax::executor::commands
