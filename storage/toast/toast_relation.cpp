// TOAST table descriptors and lookup by OID (see toast_relation.h).
#include "storage/toast/toast_relation.h"

#include <string>
#include <unordered_map>

#include "common/error.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_schema.h"
#include "storage/catalog/relcache.h"

namespace hyrax::storage {
namespace {

constexpr Oid kOidTypeOid = 26;
constexpr Oid kInt4TypeOid = 23;
constexpr Oid kByteaTypeOid = 17;

AttributeDesc ToastColumn(const char* name, Oid type, int16_t len, bool byval, int16_t attnum) {
  AttributeDesc att;
  att.name = name;
  att.type_oid = type;
  att.len = len;
  att.byval = byval;
  att.align = 'i';
  att.storage = 'p';
  att.attnum = attnum;
  return att;
}

// System catalog TOAST OID -> the catalog's schema.
const std::unordered_map<Oid, const catalog::CatalogSchema*>& CatalogToastTables() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<Oid, const catalog::CatalogSchema*>();
    for (const auto& schema : catalog::SystemCatalogSchemas()) {
      if (schema.toast_oid != kInvalidOid) m->emplace(schema.toast_oid, &schema);
    }
    return m;
  }();
  return *map;
}

}  // namespace

const TupleDesc& ToastTupleDesc() {
  static const TupleDesc desc({
      ToastColumn("chunk_id", kOidTypeOid, 4, true, kToastChunkIdAttr),
      ToastColumn("chunk_seq", kInt4TypeOid, 4, true, kToastChunkSeqAttr),
      ToastColumn("chunk_data", kByteaTypeOid, -1, false, kToastChunkDataAttr),
  });
  return desc;
}

HeapRelation ToastHeapOf(const HeapRelation& rel) {
  HeapRelation toast;
  toast.oid = rel.toast_oid;
  toast.locator = rel.toast_locator;
  toast.name = "pg_toast_" + std::to_string(rel.oid);
  return toast;
}

HeapRelation ToastHeapById(Oid toast_oid) {
  const auto& catalogs = CatalogToastTables();
  if (auto it = catalogs.find(toast_oid); it != catalogs.end()) {
    return ToastHeapOf(catalog::CatalogHeap(*it->second));
  }
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(toast_oid);
  if (rel == nullptr) {
    throw MakeError(errcode::kInternalError, "could not open relation with OID {}", toast_oid);
  }
  HeapRelation toast = rel->heap;
  toast.desc = nullptr;  // chunk rows are never toasted
  return toast;
}

}  // namespace hyrax::storage
