// The SysCache every backend uses: rows read from the catalog heaps with the catalog
// snapshot, cached per backend per catalog (each catalog is loaded whole on first use and
// indexed in memory), and dropped by invalidation messages (storage/catalog/inval.h).
// Catalog scans take no heavyweight lock: the MVCC snapshot protects them, and DDL locks
// the user relations it changes.
#pragma once

#include <memory>

#include "storage/catalog/syscache.h"

namespace hyrax::catalog {

class HeapCatalog : public SysCache {
 public:
  HeapCatalog();
  ~HeapCatalog() override;

  std::optional<PgType> TypeByOid(Oid oid) override;
  std::optional<PgType> TypeByName(std::string_view name, Oid namespace_oid) override;
  std::optional<PgProc> ProcByOid(Oid oid) override;
  std::vector<PgProc> ProcsByName(std::string_view name) override;
  std::optional<PgOperator> OperatorByOid(Oid oid) override;
  std::vector<PgOperator> OperatorsByName(std::string_view name) override;
  std::optional<PgCast> CastBySourceTarget(Oid source, Oid target) override;
  std::optional<PgAggregate> AggregateByFnOid(Oid fn_oid) override;
  std::optional<PgNamespace> NamespaceByOid(Oid oid) override;
  std::optional<PgNamespace> NamespaceByName(std::string_view name) override;
  std::optional<PgClass> RelationByOid(Oid oid) override;
  std::optional<PgClass> RelationByName(std::string_view name, Oid namespace_oid) override;
  std::vector<PgAttribute> AttributesOf(Oid relid) override;
  std::vector<PgAttrDef> DefaultsOf(Oid relid) override;
  std::vector<PgConstraint> ConstraintsOf(Oid relid) override;
  std::optional<PgConstraint> ConstraintByOid(Oid oid) override;
  std::vector<PgConstraint> ForeignKeysReferencing(Oid relid) override;
  std::vector<PgIndex> IndexesOf(Oid relid) override;
  std::optional<PgIndex> IndexByOid(Oid indexrelid) override;
  std::optional<PgAm> AmByOid(Oid oid) override;
  std::optional<PgAm> AmByName(std::string_view name) override;
  std::optional<PgOpclass> OpclassByOid(Oid oid) override;
  std::optional<PgOpclass> DefaultOpclass(Oid am_oid, Oid type_oid) override;
  std::optional<PgOpfamily> OpfamilyByOid(Oid oid) override;
  std::vector<PgAmop> AmopsOfFamily(Oid family_oid) override;
  std::vector<PgAmop> AmopsByOperator(Oid operator_oid) override;
  std::vector<PgAmproc> AmprocsOfFamily(Oid family_oid) override;
  std::optional<PgCollation> CollationByOid(Oid oid) override;
  std::optional<PgCollation> CollationByName(std::string_view name, Oid namespace_oid) override;
  std::optional<PgAuthId> RoleByOid(Oid oid) override;
  std::optional<PgAuthId> RoleByName(std::string_view name) override;
  std::optional<PgDatabase> DatabaseByOid(Oid oid) override;
  std::optional<PgDatabase> DatabaseByName(std::string_view name) override;
  void InvalidateAll() override;
  void InvalidateRelation(Oid relid) override;
  void InvalidateCatalog(Oid catalog_oid) override;

 private:
  struct Tables;
  std::unique_ptr<Tables> tables_;
};

}  // namespace hyrax::catalog
