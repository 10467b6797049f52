// BootstrapCatalog: SysCache over the embedded catalog data files plus in-memory additions
// (see bootstrap_catalog.h). Plain maps; lookups copy rows out.
#include "storage/catalog/bootstrap_catalog.h"

#include "common/assert.h"
#include "storage/catalog/catalog_schema.h"
#include "storage/catalog/embedded_data.h"
#include "storage/catalog/tsv_row_parsers.h"

namespace hyrax::catalog {

namespace {

template <typename Row, typename Parse>
std::vector<Row> LoadFile(const char* file, Parse parse) {
  auto content = EmbeddedCatalogFile(file);
  HYRAX_CHECK(content.has_value(), std::string("catalog data file missing: ") + file);
  TsvTable table(*content);
  std::vector<Row> rows;
  rows.reserve(table.num_rows());
  for (size_t i = 0; i < table.num_rows(); ++i) rows.push_back(parse(TsvRow(table, i)));
  return rows;
}

template <typename Map, typename Key>
auto Find(const Map& map, const Key& key) -> std::optional<typename Map::mapped_type> {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

}  // namespace

struct BootstrapCatalog::Data {
  std::vector<PgType> types;
  std::unordered_map<Oid, PgType> type_by_oid;
  std::map<std::pair<std::string, Oid>, Oid> type_by_name;
  std::unordered_map<Oid, PgProc> proc_by_oid;
  std::unordered_multimap<std::string, Oid> procs_by_name;
  std::unordered_map<Oid, PgOperator> oper_by_oid;
  std::unordered_multimap<std::string, Oid> opers_by_name;
  std::map<std::pair<Oid, Oid>, PgCast> casts;
  std::unordered_map<Oid, PgAggregate> aggs;
  std::unordered_map<Oid, PgNamespace> nsp_by_oid;
  std::unordered_map<Oid, PgClass> rel_by_oid;
  std::map<std::pair<std::string, Oid>, Oid> rel_by_name;
  std::unordered_map<Oid, std::vector<PgAttribute>> attrs;
  std::unordered_map<Oid, std::vector<PgAttrDef>> defaults;
  std::vector<PgConstraint> constraints;
  std::vector<PgIndex> indexes;
  std::vector<PgAm> ams;
  std::unordered_map<Oid, PgOpclass> opclasses;
  std::unordered_map<Oid, PgOpfamily> opfamilies;
  std::vector<PgAmop> amops;
  std::vector<PgAmproc> amprocs;
  std::vector<PgCollation> collations;
  std::vector<PgAuthId> roles;
  std::vector<PgDatabase> databases;
};

BootstrapCatalog::BootstrapCatalog() : data_(std::make_unique<Data>()) {
  Data& d = *data_;
  for (auto& t : LoadFile<PgType>("pg_type.tsv", PgTypeFromTsv)) AddType(t);
  for (auto& p : LoadFile<PgProc>("pg_proc.tsv", PgProcFromTsv)) {
    d.procs_by_name.emplace(p.proname, p.oid);
    d.proc_by_oid.emplace(p.oid, std::move(p));
  }
  for (auto& o : LoadFile<PgOperator>("pg_operator.tsv", PgOperatorFromTsv)) {
    d.opers_by_name.emplace(o.oprname, o.oid);
    d.oper_by_oid.emplace(o.oid, std::move(o));
  }
  for (auto& c : LoadFile<PgCast>("pg_cast.tsv", PgCastFromTsv)) {
    d.casts.emplace(std::make_pair(c.castsource, c.casttarget), c);
  }
  for (auto& a : LoadFile<PgAggregate>("pg_aggregate.tsv", PgAggregateFromTsv)) {
    d.aggs.emplace(a.aggfnoid, a);
  }
  for (auto& n : LoadFile<PgNamespace>("pg_namespace.tsv", PgNamespaceFromTsv)) AddNamespace(n);
  d.ams = LoadFile<PgAm>("pg_am.tsv", PgAmFromTsv);
  for (auto& c : LoadFile<PgOpclass>("pg_opclass.tsv", PgOpclassFromTsv)) d.opclasses[c.oid] = c;
  for (auto& f : LoadFile<PgOpfamily>("pg_opfamily.tsv", PgOpfamilyFromTsv)) {
    d.opfamilies[f.oid] = f;
  }
  d.amops = LoadFile<PgAmop>("pg_amop.tsv", PgAmopFromTsv);
  d.amprocs = LoadFile<PgAmproc>("pg_amproc.tsv", PgAmprocFromTsv);
  d.collations = LoadFile<PgCollation>("pg_collation.tsv", PgCollationFromTsv);
  d.roles = LoadFile<PgAuthId>("pg_authid.tsv", PgAuthIdFromTsv);
  d.databases = LoadFile<PgDatabase>("pg_database.tsv", PgDatabaseFromTsv);
  for (const auto& schema : SystemCatalogSchemas()) AddRelation(schema.ToPgClass(), schema.columns);
}

BootstrapCatalog::~BootstrapCatalog() = default;

void BootstrapCatalog::AddRelation(const PgClass& rel, const std::vector<PgAttribute>& attrs) {
  data_->rel_by_oid[rel.oid] = rel;
  data_->rel_by_name[{rel.relname, rel.relnamespace}] = rel.oid;
  data_->attrs[rel.oid] = attrs;
}

void BootstrapCatalog::AddType(const PgType& type) {
  data_->type_by_oid[type.oid] = type;
  data_->type_by_name[{type.typname, type.typnamespace}] = type.oid;
  data_->types.push_back(type);
}

void BootstrapCatalog::AddNamespace(const PgNamespace& nsp) {
  data_->nsp_by_oid[nsp.oid] = nsp;
}
void BootstrapCatalog::AddIndex(const PgIndex& index) {
  data_->indexes.push_back(index);
}
void BootstrapCatalog::AddConstraint(const PgConstraint& c) {
  data_->constraints.push_back(c);
}
void BootstrapCatalog::AddDefault(const PgAttrDef& def) {
  data_->defaults[def.adrelid].push_back(def);
}
void BootstrapCatalog::AddRole(const PgAuthId& role) {
  data_->roles.push_back(role);
}

const std::vector<PgType>& BootstrapCatalog::all_types() const {
  return data_->types;
}

std::optional<PgType> BootstrapCatalog::TypeByOid(Oid oid) {
  return Find(data_->type_by_oid, oid);
}

std::optional<PgType> BootstrapCatalog::TypeByName(std::string_view name, Oid namespace_oid) {
  auto oid = Find(data_->type_by_name, std::make_pair(std::string(name), namespace_oid));
  return oid ? TypeByOid(*oid) : std::nullopt;
}

std::optional<PgProc> BootstrapCatalog::ProcByOid(Oid oid) {
  return Find(data_->proc_by_oid, oid);
}

std::vector<PgProc> BootstrapCatalog::ProcsByName(std::string_view name) {
  std::vector<PgProc> out;
  auto [lo, hi] = data_->procs_by_name.equal_range(std::string(name));
  for (auto it = lo; it != hi; ++it) out.push_back(data_->proc_by_oid.at(it->second));
  return out;
}

std::optional<PgOperator> BootstrapCatalog::OperatorByOid(Oid oid) {
  return Find(data_->oper_by_oid, oid);
}

std::vector<PgOperator> BootstrapCatalog::OperatorsByName(std::string_view name) {
  std::vector<PgOperator> out;
  auto [lo, hi] = data_->opers_by_name.equal_range(std::string(name));
  for (auto it = lo; it != hi; ++it) out.push_back(data_->oper_by_oid.at(it->second));
  return out;
}

std::optional<PgCast> BootstrapCatalog::CastBySourceTarget(Oid source, Oid target) {
  return Find(data_->casts, std::make_pair(source, target));
}

std::optional<PgAggregate> BootstrapCatalog::AggregateByFnOid(Oid fn_oid) {
  return Find(data_->aggs, fn_oid);
}

std::optional<PgNamespace> BootstrapCatalog::NamespaceByOid(Oid oid) {
  return Find(data_->nsp_by_oid, oid);
}

std::optional<PgNamespace> BootstrapCatalog::NamespaceByName(std::string_view name) {
  for (const auto& [oid, nsp] : data_->nsp_by_oid) {
    if (nsp.nspname == name) return nsp;
  }
  return std::nullopt;
}

std::optional<PgClass> BootstrapCatalog::RelationByOid(Oid oid) {
  return Find(data_->rel_by_oid, oid);
}

std::optional<PgClass> BootstrapCatalog::RelationByName(std::string_view name, Oid namespace_oid) {
  auto oid = Find(data_->rel_by_name, std::make_pair(std::string(name), namespace_oid));
  return oid ? RelationByOid(*oid) : std::nullopt;
}

std::vector<PgAttribute> BootstrapCatalog::AttributesOf(Oid relid) {
  auto it = data_->attrs.find(relid);
  return it == data_->attrs.end() ? std::vector<PgAttribute>{} : it->second;
}

std::vector<PgAttrDef> BootstrapCatalog::DefaultsOf(Oid relid) {
  auto it = data_->defaults.find(relid);
  return it == data_->defaults.end() ? std::vector<PgAttrDef>{} : it->second;
}

std::vector<PgConstraint> BootstrapCatalog::ConstraintsOf(Oid relid) {
  std::vector<PgConstraint> out;
  for (const auto& c : data_->constraints) {
    if (c.conrelid == relid) out.push_back(c);
  }
  return out;
}

std::optional<PgConstraint> BootstrapCatalog::ConstraintByOid(Oid oid) {
  for (const auto& c : data_->constraints) {
    if (c.oid == oid) return c;
  }
  return std::nullopt;
}

std::vector<PgConstraint> BootstrapCatalog::ForeignKeysReferencing(Oid relid) {
  std::vector<PgConstraint> out;
  for (const auto& c : data_->constraints) {
    if (c.contype == 'f' && c.confrelid == relid) out.push_back(c);
  }
  return out;
}

std::vector<PgIndex> BootstrapCatalog::IndexesOf(Oid relid) {
  std::vector<PgIndex> out;
  for (const auto& i : data_->indexes) {
    if (i.indrelid == relid) out.push_back(i);
  }
  return out;
}

std::optional<PgIndex> BootstrapCatalog::IndexByOid(Oid indexrelid) {
  for (const auto& i : data_->indexes) {
    if (i.indexrelid == indexrelid) return i;
  }
  return std::nullopt;
}

std::optional<PgAm> BootstrapCatalog::AmByOid(Oid oid) {
  for (const auto& a : data_->ams) {
    if (a.oid == oid) return a;
  }
  return std::nullopt;
}

std::optional<PgAm> BootstrapCatalog::AmByName(std::string_view name) {
  for (const auto& a : data_->ams) {
    if (a.amname == name) return a;
  }
  return std::nullopt;
}

std::optional<PgOpclass> BootstrapCatalog::OpclassByOid(Oid oid) {
  return Find(data_->opclasses, oid);
}

std::optional<PgOpclass> BootstrapCatalog::DefaultOpclass(Oid am_oid, Oid type_oid) {
  // PostgreSQL's GetDefaultOpClass: an exact input-type match wins; otherwise a binary-
  // coercible (or polymorphic) one, preferring the category's preferred type.
  std::optional<PgOpclass> coercible;
  bool coercible_preferred = false;
  auto type = TypeByOid(type_oid);
  for (const auto& [oid, c] : data_->opclasses) {
    if (c.opcmethod != am_oid || !c.opcdefault) continue;
    if (c.opcintype == type_oid) return c;
    auto cast = CastBySourceTarget(type_oid, c.opcintype);
    bool binary = cast && cast->castmethod == 'b' && cast->castcontext == 'i';
    // Polymorphic opclasses: anyarray (2277), anyenum (3500), anyrange (3831).
    bool poly = type && ((c.opcintype == 2277 && type->typcategory == 'A') ||
                         (c.opcintype == 3500 && type->typtype == 'e') ||
                         (c.opcintype == 3831 && type->typtype == 'r'));
    if (!binary && !poly) continue;
    auto intype = TypeByOid(c.opcintype);
    bool preferred = intype && intype->typispreferred;
    if (!coercible || (preferred && !coercible_preferred)) {
      coercible = c;
      coercible_preferred = preferred;
    }
  }
  return coercible;
}

std::optional<PgOpfamily> BootstrapCatalog::OpfamilyByOid(Oid oid) {
  return Find(data_->opfamilies, oid);
}

std::vector<PgAmop> BootstrapCatalog::AmopsOfFamily(Oid family_oid) {
  std::vector<PgAmop> out;
  for (const auto& a : data_->amops) {
    if (a.amopfamily == family_oid) out.push_back(a);
  }
  return out;
}

std::vector<PgAmop> BootstrapCatalog::AmopsByOperator(Oid operator_oid) {
  std::vector<PgAmop> out;
  for (const auto& a : data_->amops) {
    if (a.amopopr == operator_oid) out.push_back(a);
  }
  return out;
}

std::vector<PgAmproc> BootstrapCatalog::AmprocsOfFamily(Oid family_oid) {
  std::vector<PgAmproc> out;
  for (const auto& a : data_->amprocs) {
    if (a.amprocfamily == family_oid) out.push_back(a);
  }
  return out;
}

std::optional<PgCollation> BootstrapCatalog::CollationByOid(Oid oid) {
  for (const auto& c : data_->collations) {
    if (c.oid == oid) return c;
  }
  return std::nullopt;
}

std::optional<PgCollation> BootstrapCatalog::CollationByName(std::string_view name,
                                                             Oid namespace_oid) {
  for (const auto& c : data_->collations) {
    if (c.collname == name && c.collnamespace == namespace_oid) return c;
  }
  return std::nullopt;
}

std::optional<PgAuthId> BootstrapCatalog::RoleByOid(Oid oid) {
  for (const auto& r : data_->roles) {
    if (r.oid == oid) return r;
  }
  return std::nullopt;
}

std::optional<PgAuthId> BootstrapCatalog::RoleByName(std::string_view name) {
  for (const auto& r : data_->roles) {
    if (r.rolname == name) return r;
  }
  return std::nullopt;
}

std::optional<PgDatabase> BootstrapCatalog::DatabaseByOid(Oid oid) {
  for (const auto& db : data_->databases) {
    if (db.oid == oid) return db;
  }
  return std::nullopt;
}

std::optional<PgDatabase> BootstrapCatalog::DatabaseByName(std::string_view name) {
  for (const auto& db : data_->databases) {
    if (db.datname == name) return db;
  }
  return std::nullopt;
}

}  // namespace hyrax::catalog
