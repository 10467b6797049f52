// pg_inherits rows (see pg_inherits.h).
#include "storage/catalog/pg_inherits.h"

#include <algorithm>

#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"

namespace hyrax::catalog {

void StoreInheritance(Oid child, Oid parent, int32_t seqno) {
  PgInherits row;
  row.inhrelid = child;
  row.inhparent = parent;
  row.inhseqno = seqno;
  InsertCatalogRow(row);
  for (auto& ref : ScanCatalog<PgClass>()) {
    if (ref.row.oid != parent || ref.row.relhassubclass) continue;
    PgClass updated = ref.row;
    updated.relhassubclass = true;
    UpdateCatalogRow(ref.ctid, updated);
  }
  CacheInvalidateRelation(parent);
  CacheInvalidateRelation(child);
}

void RemoveInheritance(Oid child, Oid parent) {
  DeleteCatalogRows<PgInherits>([&](const PgInherits& r) {
    return r.inhrelid == child && (parent == kInvalidOid || r.inhparent == parent);
  });
  if (parent != kInvalidOid) CacheInvalidateRelation(parent);
  CacheInvalidateRelation(child);
}

std::vector<Oid> InheritanceChildren(Oid parent) {
  std::vector<Oid> out;
  for (const auto& ref : ScanCatalog<PgInherits>()) {
    if (ref.row.inhparent == parent) out.push_back(ref.row.inhrelid);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Oid> InheritanceParents(Oid child) {
  std::vector<PgInherits> rows;
  for (const auto& ref : ScanCatalog<PgInherits>()) {
    if (ref.row.inhrelid == child) rows.push_back(ref.row);
  }
  std::sort(rows.begin(), rows.end(),
            [](const PgInherits& a, const PgInherits& b) { return a.inhseqno < b.inhseqno; });
  std::vector<Oid> out;
  for (const auto& r : rows) out.push_back(r.inhparent);
  return out;
}

std::vector<Oid> FindAllInheritors(Oid parent) {
  auto rows = ScanCatalog<PgInherits>();
  std::vector<Oid> out{parent};
  for (size_t i = 0; i < out.size(); ++i) {
    std::vector<Oid> children;
    for (const auto& ref : rows) {
      if (ref.row.inhparent == out[i]) children.push_back(ref.row.inhrelid);
    }
    std::sort(children.begin(), children.end());
    for (Oid c : children) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

}  // namespace hyrax::catalog
