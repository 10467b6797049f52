// CREATE TYPE ... AS (composite) / AS ENUM and DROP TYPE / DROP DOMAIN: the pg_type rows (and
// the array type "_name"), a composite type's pg_class (relkind 'c') and pg_attribute rows,
// an enum's pg_enum labels, and the dependency check of DROP (PostgreSQL's typecmds.c). See
// executor/commands/README.md "Types".
#pragma once

#include "common/ids.h"
#include "nodes/type_stmts.h"
#include "nodes/utility_stmts.h"

namespace hyrax::executor::commands {

// CREATE TYPE or CREATE DOMAIN, whichever `stmt` is.
void DefineTypeOrDomain(const nodes::TypeDefinitionStmt& stmt, Oid current_role);

// Throws 42710 "type x already exists" when the name is taken in the schema.
void CreateType(const nodes::CreateTypeStmt& stmt, Oid current_role);

// CREATE DOMAIN: the pg_type row (typtype 'd', the base type's storage), its array type and
// one pg_constraint row (contypid) per CHECK. Throws 42710 when the name is taken.
void CreateDomain(const nodes::CreateDomainStmt& stmt, Oid current_role);

// DROP TYPE / DROP DOMAIN. Without CASCADE, a type still used by a column (of a table or of
// another composite type) fails with 2BP01 "cannot drop type x because other objects depend
// on it"; with CASCADE those columns are dropped (NOTICE "drop cascades to ..."). A table's
// row type fails with 2BP01 "cannot drop type x because table x requires it".
void DropTypes(const nodes::DropStmt& stmt);

}  // namespace hyrax::executor::commands
