// pg_partitioned_table rows (see partitioned_table.h). The catalog is small and read whole.
#include "storage/catalog/partitioned_table.h"

#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"

namespace hyrax::catalog {

void StorePartitionKey(const PgPartitionedTable& key) {
  InsertCatalogRow(key);
  CacheInvalidateRelation(key.partrelid);
}

std::optional<PgPartitionedTable> PartitionKeyOf(Oid relid) {
  for (auto& ref : ScanCatalog<PgPartitionedTable>()) {
    if (ref.row.partrelid == relid) return std::move(ref.row);
  }
  return std::nullopt;
}

void DeletePartitionKey(Oid relid) {
  DeleteCatalogRows<PgPartitionedTable>(
      [&](const PgPartitionedTable& r) { return r.partrelid == relid; });
}

void SetDefaultPartition(Oid relid, Oid default_partition) {
  for (auto& ref : ScanCatalog<PgPartitionedTable>()) {
    if (ref.row.partrelid != relid) continue;
    PgPartitionedTable updated = ref.row;
    updated.partdefid = default_partition;
    UpdateCatalogRow(ref.ctid, updated);
  }
  CacheInvalidateRelation(relid);
}

}  // namespace hyrax::catalog
