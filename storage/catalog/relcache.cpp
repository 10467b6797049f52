// The relation cache (see relcache.h): descriptors built from SysCache rows, cached per
// backend, dropped on invalidation.
#include "storage/catalog/relcache.h"

#include <cstdlib>
#include <unordered_map>

#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::catalog {

namespace {

std::unordered_map<Oid, RelationPtr>& Cache() {
  static std::unordered_map<Oid, RelationPtr> cache;
  return cache;
}

storage::AttributeDesc ToAttributeDesc(const PgAttribute& a) {
  storage::AttributeDesc d;
  d.name = a.attname;
  d.type_oid = a.atttypid;
  d.typmod = a.atttypmod;
  d.len = a.attlen;
  d.byval = a.attbyval;
  d.align = a.attalign;
  d.storage = a.attstorage;
  d.not_null = a.attnotnull;
  d.dropped = a.attisdropped;
  d.has_default = a.atthasdef;
  d.identity = a.attidentity;
  d.generated = a.attgenerated;
  d.collation = a.attcollation;
  d.attnum = a.attnum;
  return d;
}

int FillfactorOf(const PgClass& rel) {
  for (const auto& opt : rel.reloptions) {
    if (opt.rfind("fillfactor=", 0) == 0) return std::atoi(opt.c_str() + 11);
  }
  return 100;
}

RelationPtr Build(Oid relid) {
  SysCache& cache = Syscache();
  auto rel = cache.RelationByOid(relid);
  if (!rel) return nullptr;
  auto data = std::make_shared<RelationData>();
  data->oid = relid;
  data->rel = *rel;
  if (auto nsp = cache.NamespaceByOid(rel->relnamespace)) data->namespace_name = nsp->nspname;
  std::vector<storage::AttributeDesc> attrs;
  for (const auto& a : cache.AttributesOf(relid)) attrs.push_back(ToAttributeDesc(a));
  data->desc = std::make_shared<storage::TupleDesc>(std::move(attrs), rel->reltype);
  data->heap.oid = relid;
  data->heap.locator.spc_oid =
      rel->reltablespace != kInvalidOid ? rel->reltablespace : kDefaultTablespaceOid;
  data->heap.locator.db_oid = rel->relisshared ? kInvalidOid : storage::g_my_database_id;
  data->heap.locator.rel_number = rel->relfilenode;
  data->heap.fillfactor = FillfactorOf(*rel);
  data->defaults = cache.DefaultsOf(relid);
  data->constraints = cache.ConstraintsOf(relid);
  data->indexes = cache.IndexesOf(relid);
  if (rel->relkind == 'i' || rel->relkind == 'I') {
    if (auto idx = cache.IndexByOid(relid)) data->index = std::make_shared<PgIndex>(*idx);
  }
  return data;
}

}  // namespace

RelationPtr RelationIdGetRelation(Oid relid) {
  auto& cache = Cache();
  auto it = cache.find(relid);
  if (it != cache.end()) return it->second;
  RelationPtr built = Build(relid);
  if (built) cache.emplace(relid, built);
  return built;
}

void RelationCacheInvalidateEntry(Oid relid) {
  Cache().erase(relid);
}

void RelationCacheInvalidate() {
  Cache().clear();
}

}  // namespace hyrax::catalog
