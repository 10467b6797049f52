// HeapCatalog: per-backend caches of whole catalogs, loaded on first use from the heaps and
// indexed in memory (see heap_catalog.h).
#include "storage/catalog/heap_catalog.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "storage/catalog/catalog_scan.h"

namespace hyrax::catalog {

namespace {

// One catalog's rows, loaded lazily; `Index` builds the lookup maps after loading.
template <typename Row>
class Table {
 public:
  const std::vector<Row>& rows() {
    if (!loaded_) {
      rows_.clear();
      for (auto& ref : ScanCatalog<Row>()) rows_.push_back(std::move(ref.row));
      loaded_ = true;
      ++generation_;
    }
    return rows_;
  }
  void Reset() { loaded_ = false; }
  // Increments each time the rows are reloaded, so indexes know when to rebuild.
  uint64_t generation() {
    rows();
    return generation_;
  }

 private:
  bool loaded_ = false;
  uint64_t generation_ = 0;
  std::vector<Row> rows_;
};

// An index over a Table, rebuilt when the table reloads.
template <typename Row, typename Key, typename Hash = std::hash<Key>>
class Index {
 public:
  using KeyFn = Key (*)(const Row&);
  explicit Index(KeyFn fn) : fn_(fn) {}
  std::vector<const Row*> Find(Table<Row>& table, const Key& key) {
    uint64_t gen = table.generation();
    if (gen != built_) {
      map_.clear();
      for (const Row& r : table.rows()) map_.emplace(fn_(r), &r);
      built_ = gen;
    }
    std::vector<const Row*> out;
    auto [lo, hi] = map_.equal_range(key);
    for (auto it = lo; it != hi; ++it) out.push_back(it->second);
    return out;
  }
  std::optional<Row> One(Table<Row>& table, const Key& key) {
    auto rows = Find(table, key);
    if (rows.empty()) return std::nullopt;
    return *rows.front();
  }
  std::vector<Row> All(Table<Row>& table, const Key& key) {
    std::vector<Row> out;
    for (const Row* r : Find(table, key)) out.push_back(*r);
    return out;
  }

 private:
  KeyFn fn_;
  uint64_t built_ = 0;
  std::unordered_multimap<Key, const Row*, Hash> map_;
};

struct PairHash {
  size_t operator()(const std::pair<Oid, Oid>& p) const {
    return std::hash<uint64_t>()((uint64_t{p.first} << 32) | p.second);
  }
};
struct NameNspHash {
  size_t operator()(const std::pair<std::string, Oid>& p) const {
    return std::hash<std::string>()(p.first) ^ (size_t{p.second} * 0x9E3779B97F4A7C15ull);
  }
};
using NameNsp = std::pair<std::string, Oid>;

}  // namespace

struct HeapCatalog::Tables {
  Table<PgType> types;
  Index<PgType, Oid> type_oid{[](const PgType& r) { return r.oid; }};
  Index<PgType, NameNsp, NameNspHash> type_name{
      [](const PgType& r) { return NameNsp(r.typname, r.typnamespace); }};
  Table<PgProc> procs;
  Index<PgProc, Oid> proc_oid{[](const PgProc& r) { return r.oid; }};
  Index<PgProc, std::string> proc_name{[](const PgProc& r) { return r.proname; }};
  Table<PgOperator> opers;
  Index<PgOperator, Oid> oper_oid{[](const PgOperator& r) { return r.oid; }};
  Index<PgOperator, std::string> oper_name{[](const PgOperator& r) { return r.oprname; }};
  Table<PgCast> casts;
  Index<PgCast, std::pair<Oid, Oid>, PairHash> cast_pair{
      [](const PgCast& r) { return std::make_pair(r.castsource, r.casttarget); }};
  Table<PgAggregate> aggs;
  Index<PgAggregate, Oid> agg_fn{[](const PgAggregate& r) { return r.aggfnoid; }};
  Table<PgNamespace> nsps;
  Table<PgClass> classes;
  Index<PgClass, Oid> class_oid{[](const PgClass& r) { return r.oid; }};
  Index<PgClass, NameNsp, NameNspHash> class_name{
      [](const PgClass& r) { return NameNsp(r.relname, r.relnamespace); }};
  Table<PgAttribute> attrs;
  Index<PgAttribute, Oid> attr_rel{[](const PgAttribute& r) { return r.attrelid; }};
  Table<PgAttrDef> attrdefs;
  Table<PgConstraint> constraints;
  Table<PgIndex> indexes;
  Table<PgAm> ams;
  Table<PgOpclass> opclasses;
  Index<PgOpclass, Oid> opclass_oid{[](const PgOpclass& r) { return r.oid; }};
  Table<PgOpfamily> opfamilies;
  Table<PgAmop> amops;
  Index<PgAmop, Oid> amop_family{[](const PgAmop& r) { return r.amopfamily; }};
  Index<PgAmop, Oid> amop_opr{[](const PgAmop& r) { return r.amopopr; }};
  Table<PgAmproc> amprocs;
  Index<PgAmproc, Oid> amproc_family{[](const PgAmproc& r) { return r.amprocfamily; }};
  Table<PgCollation> collations;
  Table<PgAuthId> roles;
  Table<PgDatabase> databases;
};

namespace {
template <typename Row, typename Pred>
std::optional<Row> FindFirst(const std::vector<Row>& rows, Pred pred) {
  for (const Row& r : rows) {
    if (pred(r)) return r;
  }
  return std::nullopt;
}
template <typename Row, typename Pred>
std::vector<Row> FindAll(const std::vector<Row>& rows, Pred pred) {
  std::vector<Row> out;
  for (const Row& r : rows) {
    if (pred(r)) out.push_back(r);
  }
  return out;
}
}  // namespace

HeapCatalog::HeapCatalog() : tables_(std::make_unique<Tables>()) {}
HeapCatalog::~HeapCatalog() = default;

std::optional<PgType> HeapCatalog::TypeByOid(Oid oid) {
  return tables_->type_oid.One(tables_->types, oid);
}
std::optional<PgType> HeapCatalog::TypeByName(std::string_view name, Oid nsp) {
  return tables_->type_name.One(tables_->types, NameNsp(std::string(name), nsp));
}
std::optional<PgProc> HeapCatalog::ProcByOid(Oid oid) {
  return tables_->proc_oid.One(tables_->procs, oid);
}
std::vector<PgProc> HeapCatalog::ProcsByName(std::string_view name) {
  return tables_->proc_name.All(tables_->procs, std::string(name));
}
std::optional<PgOperator> HeapCatalog::OperatorByOid(Oid oid) {
  return tables_->oper_oid.One(tables_->opers, oid);
}
std::vector<PgOperator> HeapCatalog::OperatorsByName(std::string_view name) {
  return tables_->oper_name.All(tables_->opers, std::string(name));
}
std::optional<PgCast> HeapCatalog::CastBySourceTarget(Oid source, Oid target) {
  return tables_->cast_pair.One(tables_->casts, std::make_pair(source, target));
}
std::optional<PgAggregate> HeapCatalog::AggregateByFnOid(Oid fn_oid) {
  return tables_->agg_fn.One(tables_->aggs, fn_oid);
}
std::optional<PgNamespace> HeapCatalog::NamespaceByOid(Oid oid) {
  return FindFirst(tables_->nsps.rows(), [&](const PgNamespace& r) { return r.oid == oid; });
}
std::optional<PgNamespace> HeapCatalog::NamespaceByName(std::string_view name) {
  return FindFirst(tables_->nsps.rows(), [&](const PgNamespace& r) { return r.nspname == name; });
}
std::optional<PgClass> HeapCatalog::RelationByOid(Oid oid) {
  return tables_->class_oid.One(tables_->classes, oid);
}
std::optional<PgClass> HeapCatalog::RelationByName(std::string_view name, Oid nsp) {
  return tables_->class_name.One(tables_->classes, NameNsp(std::string(name), nsp));
}
std::vector<PgAttribute> HeapCatalog::AttributesOf(Oid relid) {
  std::vector<PgAttribute> out;
  for (const PgAttribute* a : tables_->attr_rel.Find(tables_->attrs, relid)) {
    if (a->attnum > 0) out.push_back(*a);
  }
  std::sort(out.begin(), out.end(),
            [](const PgAttribute& a, const PgAttribute& b) { return a.attnum < b.attnum; });
  return out;
}
std::vector<PgAttrDef> HeapCatalog::DefaultsOf(Oid relid) {
  return FindAll(tables_->attrdefs.rows(), [&](const PgAttrDef& r) { return r.adrelid == relid; });
}
std::vector<PgConstraint> HeapCatalog::ConstraintsOf(Oid relid) {
  return FindAll(tables_->constraints.rows(),
                 [&](const PgConstraint& r) { return r.conrelid == relid; });
}
std::optional<PgConstraint> HeapCatalog::ConstraintByOid(Oid oid) {
  return FindFirst(tables_->constraints.rows(),
                   [&](const PgConstraint& r) { return r.oid == oid; });
}
std::vector<PgConstraint> HeapCatalog::ForeignKeysReferencing(Oid relid) {
  return FindAll(tables_->constraints.rows(),
                 [&](const PgConstraint& r) { return r.contype == 'f' && r.confrelid == relid; });
}
std::vector<PgIndex> HeapCatalog::IndexesOf(Oid relid) {
  return FindAll(tables_->indexes.rows(), [&](const PgIndex& r) { return r.indrelid == relid; });
}
std::optional<PgIndex> HeapCatalog::IndexByOid(Oid indexrelid) {
  return FindFirst(tables_->indexes.rows(),
                   [&](const PgIndex& r) { return r.indexrelid == indexrelid; });
}
std::optional<PgAm> HeapCatalog::AmByOid(Oid oid) {
  return FindFirst(tables_->ams.rows(), [&](const PgAm& r) { return r.oid == oid; });
}
std::optional<PgAm> HeapCatalog::AmByName(std::string_view name) {
  return FindFirst(tables_->ams.rows(), [&](const PgAm& r) { return r.amname == name; });
}
std::optional<PgOpclass> HeapCatalog::OpclassByOid(Oid oid) {
  return tables_->opclass_oid.One(tables_->opclasses, oid);
}
std::optional<PgOpclass> HeapCatalog::DefaultOpclass(Oid am_oid, Oid type_oid) {
  // PostgreSQL's GetDefaultOpClass: exact input type first, else binary-coercible or
  // polymorphic, preferring the category's preferred type.
  std::optional<PgOpclass> coercible;
  bool coercible_preferred = false;
  auto type = TypeByOid(type_oid);
  // A domain uses its base type's opclass (PostgreSQL's getBaseType in GetDefaultOpClass).
  if (type && type->typtype == 'd') return DefaultOpclass(am_oid, type->typbasetype);
  for (const PgOpclass& c : tables_->opclasses.rows()) {
    if (c.opcmethod != am_oid || !c.opcdefault) continue;
    if (c.opcintype == type_oid) return c;
    auto cast = CastBySourceTarget(type_oid, c.opcintype);
    bool binary = cast && cast->castmethod == 'b' && cast->castcontext == 'i';
    bool poly = type && ((c.opcintype == 2277 && type->typcategory == 'A') ||
                         (c.opcintype == 3500 && type->typtype == 'e') ||
                         (c.opcintype == 2249 && type->typtype == 'c') ||
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
std::optional<PgOpfamily> HeapCatalog::OpfamilyByOid(Oid oid) {
  return FindFirst(tables_->opfamilies.rows(), [&](const PgOpfamily& r) { return r.oid == oid; });
}
std::vector<PgAmop> HeapCatalog::AmopsOfFamily(Oid family_oid) {
  return tables_->amop_family.All(tables_->amops, family_oid);
}
std::vector<PgAmop> HeapCatalog::AmopsByOperator(Oid operator_oid) {
  return tables_->amop_opr.All(tables_->amops, operator_oid);
}
std::vector<PgAmproc> HeapCatalog::AmprocsOfFamily(Oid family_oid) {
  return tables_->amproc_family.All(tables_->amprocs, family_oid);
}
std::optional<PgCollation> HeapCatalog::CollationByOid(Oid oid) {
  return FindFirst(tables_->collations.rows(), [&](const PgCollation& r) { return r.oid == oid; });
}
std::optional<PgCollation> HeapCatalog::CollationByName(std::string_view name, Oid nsp) {
  return FindFirst(tables_->collations.rows(), [&](const PgCollation& r) {
    return r.collname == name && r.collnamespace == nsp;
  });
}
std::optional<PgAuthId> HeapCatalog::RoleByOid(Oid oid) {
  return FindFirst(tables_->roles.rows(), [&](const PgAuthId& r) { return r.oid == oid; });
}
std::optional<PgAuthId> HeapCatalog::RoleByName(std::string_view name) {
  return FindFirst(tables_->roles.rows(), [&](const PgAuthId& r) { return r.rolname == name; });
}
std::optional<PgDatabase> HeapCatalog::DatabaseByOid(Oid oid) {
  return FindFirst(tables_->databases.rows(), [&](const PgDatabase& r) { return r.oid == oid; });
}
std::optional<PgDatabase> HeapCatalog::DatabaseByName(std::string_view name) {
  return FindFirst(tables_->databases.rows(),
                   [&](const PgDatabase& r) { return r.datname == name; });
}

void HeapCatalog::InvalidateAll() {
  Tables& t = *tables_;
  t.types.Reset();
  t.procs.Reset();
  t.opers.Reset();
  t.casts.Reset();
  t.aggs.Reset();
  t.nsps.Reset();
  t.classes.Reset();
  t.attrs.Reset();
  t.attrdefs.Reset();
  t.constraints.Reset();
  t.indexes.Reset();
  t.ams.Reset();
  t.opclasses.Reset();
  t.opfamilies.Reset();
  t.amops.Reset();
  t.amprocs.Reset();
  t.collations.Reset();
  t.roles.Reset();
  t.databases.Reset();
}

void HeapCatalog::InvalidateRelation(Oid) {
  // Relation-level messages always come with the catalog messages of the rows that
  // changed, which drop the affected tables; nothing relation-specific is cached here.
}

void HeapCatalog::InvalidateCatalog(Oid catalog_oid) {
  Tables& t = *tables_;
  switch (catalog_oid) {
    case 1247:
      t.types.Reset();
      break;
    case 1255:
      t.procs.Reset();
      break;
    case 2617:
      t.opers.Reset();
      break;
    case 2605:
      t.casts.Reset();
      break;
    case 2600:
      t.aggs.Reset();
      break;
    case 2615:
      t.nsps.Reset();
      break;
    case 1259:
      t.classes.Reset();
      break;
    case 1249:
      t.attrs.Reset();
      break;
    case 2604:
      t.attrdefs.Reset();
      break;
    case 2606:
      t.constraints.Reset();
      break;
    case 2610:
      t.indexes.Reset();
      break;
    case 2601:
      t.ams.Reset();
      break;
    case 2616:
      t.opclasses.Reset();
      break;
    case 2753:
      t.opfamilies.Reset();
      break;
    case 2602:
      t.amops.Reset();
      break;
    case 2603:
      t.amprocs.Reset();
      break;
    case 3456:
      t.collations.Reset();
      break;
    case 1260:
      t.roles.Reset();
      break;
    case 1262:
      t.databases.Reset();
      break;
    default:
      break;  // a catalog we do not cache
  }
}

}  // namespace hyrax::catalog
