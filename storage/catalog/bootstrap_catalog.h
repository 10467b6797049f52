// A SysCache served from the embedded PostgreSQL 15 catalog data files plus rows added in
// memory. Used by `hyrax init` while the catalog heaps are being created (the type, function
// and operator rows it needs exist before any heap does), and by unit tests, which add
// their own relations with AddRelation().
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/catalog/syscache.h"

namespace hyrax::catalog {

class BootstrapCatalog : public SysCache {
 public:
  // Loads every data file. Takes tens of milliseconds; build one per process.
  BootstrapCatalog();
  ~BootstrapCatalog() override;

  // In-memory additions (tests, bootstrap). A relation's attributes must have attrelid set.
  void AddRelation(const PgClass& rel, const std::vector<PgAttribute>& attrs);
  void AddType(const PgType& type);
  void AddNamespace(const PgNamespace& nsp);
  void AddIndex(const PgIndex& index);
  void AddConstraint(const PgConstraint& constraint);
  void AddDefault(const PgAttrDef& def);
  void AddRole(const PgAuthId& role);

  // The loaded rows, for init to copy into the catalog heaps.
  const std::vector<PgType>& all_types() const;

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
  void InvalidateAll() override {}
  void InvalidateRelation(Oid) override {}

 private:
  struct Data;
  std::unique_ptr<Data> data_;
};

}  // namespace hyrax::catalog
