// Catalog lookups (PostgreSQL's syscache) behind one abstract interface, so the analyzer,
// planner and executor read the catalog the same way whatever backs it:
//  - the heap-backed implementation (per-backend caches over the catalog heaps, flushed by
//    invalidation messages) used by every backend;
//  - the TSV-backed implementation (storage/catalog/data/*.tsv) used while `hyrax init`
//    bootstraps the catalogs, and by unit tests.
// Results are copies (catalog_rows.h). Not thread-safe (one process per session).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

class SysCache {
 public:
  virtual ~SysCache() = default;

  virtual std::optional<PgType> TypeByOid(Oid oid) = 0;
  virtual std::optional<PgType> TypeByName(std::string_view name, Oid namespace_oid) = 0;

  virtual std::optional<PgProc> ProcByOid(Oid oid) = 0;
  // Every function with this name, in any namespace (callers apply the search path).
  virtual std::vector<PgProc> ProcsByName(std::string_view name) = 0;

  virtual std::optional<PgOperator> OperatorByOid(Oid oid) = 0;
  // Every operator with this name, in any namespace.
  virtual std::vector<PgOperator> OperatorsByName(std::string_view name) = 0;

  virtual std::optional<PgCast> CastBySourceTarget(Oid source, Oid target) = 0;
  virtual std::optional<PgAggregate> AggregateByFnOid(Oid fn_oid) = 0;

  virtual std::optional<PgNamespace> NamespaceByOid(Oid oid) = 0;
  virtual std::optional<PgNamespace> NamespaceByName(std::string_view name) = 0;

  virtual std::optional<PgClass> RelationByOid(Oid oid) = 0;
  virtual std::optional<PgClass> RelationByName(std::string_view name, Oid namespace_oid) = 0;
  // Columns with attnum > 0 in attnum order, dropped ones included (attisdropped).
  virtual std::vector<PgAttribute> AttributesOf(Oid relid) = 0;
  virtual std::vector<PgAttrDef> DefaultsOf(Oid relid) = 0;
  virtual std::vector<PgConstraint> ConstraintsOf(Oid relid) = 0;
  virtual std::optional<PgConstraint> ConstraintByOid(Oid oid) = 0;
  // Constraints of any relation that reference `relid` as a foreign key target.
  virtual std::vector<PgConstraint> ForeignKeysReferencing(Oid relid) = 0;
  virtual std::vector<PgIndex> IndexesOf(Oid relid) = 0;
  virtual std::optional<PgIndex> IndexByOid(Oid indexrelid) = 0;

  virtual std::optional<PgAm> AmByOid(Oid oid) = 0;
  virtual std::optional<PgAm> AmByName(std::string_view name) = 0;
  virtual std::optional<PgOpclass> OpclassByOid(Oid oid) = 0;
  // The default operator class of access method `am_oid` for `type_oid` (exact input type
  // match first, then binary-coercible as PostgreSQL's GetDefaultOpClass).
  virtual std::optional<PgOpclass> DefaultOpclass(Oid am_oid, Oid type_oid) = 0;
  virtual std::optional<PgOpfamily> OpfamilyByOid(Oid oid) = 0;
  virtual std::vector<PgAmop> AmopsOfFamily(Oid family_oid) = 0;
  // Every pg_amop row whose amopopr is `operator_oid` (which families/strategies it is in).
  virtual std::vector<PgAmop> AmopsByOperator(Oid operator_oid) = 0;
  virtual std::vector<PgAmproc> AmprocsOfFamily(Oid family_oid) = 0;

  virtual std::optional<PgCollation> CollationByOid(Oid oid) = 0;
  virtual std::optional<PgCollation> CollationByName(std::string_view name, Oid namespace_oid) = 0;

  virtual std::optional<PgAuthId> RoleByOid(Oid oid) = 0;
  virtual std::optional<PgAuthId> RoleByName(std::string_view name) = 0;
  virtual std::optional<PgDatabase> DatabaseByOid(Oid oid) = 0;
  virtual std::optional<PgDatabase> DatabaseByName(std::string_view name) = 0;

  // Drops every cached entry (invalidation overflow, end of bootstrap).
  virtual void InvalidateAll() = 0;
  // Drops cached entries that depend on one relation (pg_class/pg_attribute/... rows).
  virtual void InvalidateRelation(Oid relid) = 0;
  // Drops cached rows of one system catalog (its rows were inserted/updated/deleted).
  virtual void InvalidateCatalog(Oid catalog_oid) { InvalidateAll(); }
};

// The process's catalog. Requires: InstallSysCache() ran (backend start, init, tests).
SysCache& Syscache();
// Installs the implementation (not owned; must outlive its use).
void InstallSysCache(SysCache* cache);

}  // namespace hyrax::catalog
