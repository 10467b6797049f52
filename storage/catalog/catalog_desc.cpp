// Descriptor construction from catalog rows (see catalog_desc.h).
#include "storage/catalog/catalog_desc.h"

#include <cstdlib>
#include <map>

#include "storage/lmgr/lock_manager.h"

namespace hyrax::catalog {

storage::AttributeDesc AttributeDescFromPg(const PgAttribute& a) {
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

storage::TupleDescPtr TupleDescFromPg(const std::vector<PgAttribute>& attrs, Oid composite_type) {
  std::vector<storage::AttributeDesc> out;
  out.reserve(attrs.size());
  for (const auto& a : attrs) out.push_back(AttributeDescFromPg(a));
  return std::make_shared<storage::TupleDesc>(std::move(out), composite_type);
}

storage::HeapRelation HeapRelationFor(const PgClass& rel) {
  storage::HeapRelation heap;
  heap.oid = rel.oid;
  heap.name = rel.relname;
  heap.locator.spc_oid = rel.relisshared                    ? kGlobalTablespaceOid
                         : rel.reltablespace != kInvalidOid ? rel.reltablespace
                                                            : kDefaultTablespaceOid;
  heap.locator.db_oid = rel.relisshared ? kInvalidOid : storage::g_my_database_id;
  heap.locator.rel_number = rel.relfilenode;
  for (const auto& opt : rel.reloptions) {
    if (opt.rfind("fillfactor=", 0) == 0) heap.fillfactor = std::atoi(opt.c_str() + 11);
  }
  return heap;
}

storage::HeapRelation CatalogHeap(const CatalogSchema& schema) {
  return HeapRelationFor(schema.ToPgClass());
}

const storage::TupleDesc& CatalogTupleDesc(const CatalogSchema& schema) {
  static std::map<Oid, storage::TupleDescPtr> cache;
  auto it = cache.find(schema.oid);
  if (it == cache.end()) {
    it = cache.emplace(schema.oid, TupleDescFromPg(schema.columns, schema.reltype)).first;
  }
  return *it->second;
}

}  // namespace hyrax::catalog
