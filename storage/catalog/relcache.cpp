// The relation cache (see relcache.h): descriptors built from SysCache rows, cached per
// backend, dropped on invalidation.
#include "storage/catalog/relcache.h"

#include <unordered_map>

#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/syscache.h"
#include "storage/catalog/view_rule.h"

namespace hyrax::catalog {

namespace {

std::unordered_map<Oid, RelationPtr>& Cache() {
  static std::unordered_map<Oid, RelationPtr> cache;
  return cache;
}

// Per relation: how many of its own messages were applied; plus the number of resets.
std::unordered_map<Oid, uint64_t>& InvalidationCounts() {
  static std::unordered_map<Oid, uint64_t> counts;
  return counts;
}
uint64_t g_reset_count = 0;

RelationPtr Build(Oid relid) {
  SysCache& cache = Syscache();
  auto rel = cache.RelationByOid(relid);
  if (!rel) return nullptr;
  auto data = std::make_shared<RelationData>();
  data->oid = relid;
  data->rel = *rel;
  if (auto nsp = cache.NamespaceByOid(rel->relnamespace)) data->namespace_name = nsp->nspname;
  data->desc = TupleDescFromPg(cache.AttributesOf(relid), rel->reltype);
  data->heap = HeapRelationFor(*rel);
  if (rel->relkind == 'r' || rel->relkind == 'm') {
    data->heap.desc = data->desc;  // rows of tables are toasted (storage/toast/README.md)
    if (auto toast = rel->reltoastrelid != kInvalidOid ? cache.RelationByOid(rel->reltoastrelid)
                                                       : std::nullopt) {
      data->heap.toast_locator.rel_number = toast->relfilenode;
    }
  }
  data->defaults = cache.DefaultsOf(relid);
  data->constraints = cache.ConstraintsOf(relid);
  if (rel->relkind == 'r' || rel->relkind == 'p')
    data->referenced_by = cache.ForeignKeysReferencing(relid);
  data->indexes = cache.IndexesOf(relid);
  if (rel->relkind == 'i' || rel->relkind == 'I') {
    if (auto idx = cache.IndexByOid(relid)) data->index = std::make_shared<PgIndex>(*idx);
  }
  if (rel->relkind == 'v') {
    if (auto rule = ViewRuleOf(relid)) data->view_action = rule->ev_action.value_or("");
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
  ++InvalidationCounts()[relid];
}

void RelationCacheInvalidate() {
  Cache().clear();
  ++g_reset_count;
}

uint64_t RelationInvalidationCount(Oid relid) {
  auto& counts = InvalidationCounts();
  auto it = counts.find(relid);
  return g_reset_count + (it == counts.end() ? 0 : it->second);
}

}  // namespace hyrax::catalog
