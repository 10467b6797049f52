// Schemas and the search path (PostgreSQL's namespace.c): which namespaces an unqualified
// name is looked up in and in what order, lookups of relations/types by possibly
// qualified names, where new objects are created, and visibility (pg_table_is_visible
// etc.). pg_catalog is searched first unless the path lists it; the backend's temporary
// schema (pg_temp) is searched before it for relations, never for functions, operators or
// types. All reads go through Syscache(). The rules are PostgreSQL's (namespace.c); this
// header is their reference here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.h"

namespace hyrax::catalog {

// The search_path GUC (bound by the server's GUC table). Default: "$user", public.
extern std::string g_search_path;

// The role whose name "$user" stands for (set after authentication; default the bootstrap
// superuser).
void SetNamespaceUser(Oid roleid);
// The backend's temporary schema, once created (kInvalidOid until then). pg_temp in the
// path refers to it. This module never creates it: the executor does, at the first
// CREATE TEMP of a session.
void SetTempNamespace(Oid namespace_oid);
Oid TempNamespace();

// The namespaces searched for relations, in order, with the implicit ones (pg_temp,
// pg_catalog) in place; schemas in the path that do not exist are skipped.
std::vector<Oid> RelationSearchPath();
// The same without the temporary schema (functions, operators, types).
std::vector<Oid> ObjectSearchPath();
// 0-based position of `namespace_oid` in ObjectSearchPath(), or -1.
int SearchPathPosition(Oid namespace_oid);

// The namespace called `name`. Throws 3F000 `schema "name" does not exist`.
Oid LookupNamespace(std::string_view name);
std::optional<Oid> FindNamespace(std::string_view name);

// A possibly qualified relation name as written (catalog.schema.name).
struct QualifiedName {
  std::string catalog;
  std::string schema;
  std::string name;
  // Dotted text for messages ("s.t" or "t").
  std::string ToString() const;
};
// Builds a QualifiedName from 1 to 3 name parts.
QualifiedName MakeQualifiedName(const std::vector<std::string>& parts);

// The first relation called `relname` along RelationSearchPath(), or kInvalidOid.
Oid RelnameGetRelid(std::string_view relname);
// Resolves a possibly qualified relation name (PostgreSQL's RangeVarGetRelid). Throws
// 42P01 `relation "x" does not exist` / `relation "s.x" does not exist` (also when schema s
// is missing) unless missing_ok (then returns kInvalidOid); 0A000 for a reference to
// another database.
Oid RangeVarGetRelid(const QualifiedName& name, bool missing_ok);
// The namespace a new relation called `name` goes into (PostgreSQL's
// RangeVarGetCreationNamespace + RangeVarAdjustRelationPersistence): its schema, or the
// first existing schema of the path (3F000 "no schema has been selected to create in").
// The temporary schema ("pg_temp", or the default for persistence 't') is kInvalidOid when
// the session has none yet (the executor creates it). `*persistence` ('p', 'u', 't')
// becomes 't' for a table created in the temporary schema; 42P16 for a temporary table in
// a non-temporary schema, an unlogged one in the temporary schema, or any relation in
// another session's temporary schema.
Oid RangeVarGetCreationNamespace(const QualifiedName& name, char* persistence);
// Whether an unqualified reference to the relation would find it (pg_table_is_visible).
bool RelationIsVisible(Oid relid);

// The first type called `typname` along ObjectSearchPath(), or kInvalidOid.
Oid TypenameGetTypid(std::string_view typname);
bool TypeIsVisible(Oid type_oid);
// Whether the function/operator is in a namespace of the path and not hidden by an
// identically named and typed one earlier in the path.
bool FunctionIsVisible(Oid func_oid);
bool OperatorIsVisible(Oid operator_oid);

}  // namespace hyrax::catalog
