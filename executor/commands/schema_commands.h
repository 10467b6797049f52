// CREATE SCHEMA and DROP SCHEMA (PostgreSQL's schemacmds.c CreateSchemaCommand and the
// schema case of RemoveObjects/performDeletion): a schema is a pg_namespace row; what it
// contains is found through pg_class.relnamespace. DROP SCHEMA refuses a non-empty schema
// (2BP01) unless CASCADE, which drops its tables, sequences and their dependents with
// PostgreSQL's "drop cascades to ..." NOTICE.
#pragma once

#include "common/ids.h"
#include "nodes/ddl_stmts.h"

namespace hyrax::executor::commands {

// CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]; the owner is the role named, else
// `current_role`. NOTICE 42P06 "... already exists, skipping" under IF NOT EXISTS, 42P06 /
// 42704 for a taken name / unknown role.
void CreateSchema(const nodes::CreateSchemaStmt& stmt, Oid current_role);

// DROP SCHEMA [IF EXISTS] a, b [CASCADE | RESTRICT]. 2BP01 for pg_catalog and other schemas
// the system needs, and for non-empty schemas without CASCADE.
void DropSchemas(const nodes::DropStmt& stmt);

}  // namespace hyrax::executor::commands
