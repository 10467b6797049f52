// Descriptor construction from catalog rows (see catalog_desc.h).
#include "storage/catalog/catalog_desc.h"

#include <cstdlib>
#include <map>

#include "storage/catalog/missing_value.h"
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
  DecodeMissingValue(a, d);
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
  if (rel.reltoastrelid != kInvalidOid) {
    // A TOAST table lives beside its table; its relfilenode is its OID as long as nothing
    // rewrites it (the relcache corrects this from the TOAST table's own pg_class row).
    heap.toast_oid = rel.reltoastrelid;
    heap.toast_locator = heap.locator;
    heap.toast_locator.rel_number = rel.reltoastrelid;
  }
  return heap;
}

namespace {

const storage::TupleDescPtr& CatalogTupleDescPtr(const CatalogSchema& schema) {
  static std::map<Oid, storage::TupleDescPtr> cache;
  auto it = cache.find(schema.oid);
  if (it == cache.end()) {
    it = cache.emplace(schema.oid, TupleDescFromPg(schema.columns, schema.reltype)).first;
  }
  return it->second;
}

}  // namespace

storage::HeapRelation CatalogHeap(const CatalogSchema& schema) {
  storage::HeapRelation heap = HeapRelationFor(schema.ToPgClass());
  heap.desc = CatalogTupleDescPtr(schema);  // catalog rows are toasted like any table's
  return heap;
}

const storage::TupleDesc& CatalogTupleDesc(const CatalogSchema& schema) {
  return *CatalogTupleDescPtr(schema);
}

}  // namespace hyrax::catalog
