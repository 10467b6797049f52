// Whole-row catalog reads and writes over the heap (see catalog_scan.h).
#include "storage/catalog/catalog_scan.h"

#include <memory>

#include "common/assert.h"
#include "common/memory_context.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_enum.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::catalog {

namespace {

struct RowBuffers {
  explicit RowBuffers(size_t n) : values(n), nulls(new bool[n]) {}
  std::vector<Datum> values;
  std::unique_ptr<bool[]> nulls;
};

void InsertTuple(const CatalogSchema& schema, const Datum* values, const bool* nulls) {
  storage::HeapRelation heap = CatalogHeap(schema);
  storage::HeapTuple tuple = storage::HeapFormTuple(CatalogTupleDesc(schema), values, nulls);
  storage::HeapInsert(heap, &tuple, storage::GetCurrentCommandId(true));
  CacheInvalidateCatalog(schema.oid);
}

}  // namespace

template <typename Row>
std::vector<CatalogRowRef<Row>> ScanCatalog() {
  const CatalogSchema& schema = SchemaOf<Row>();
  const storage::TupleDesc& desc = CatalogTupleDesc(schema);
  storage::HeapScan scan(CatalogHeap(schema), storage::GetCatalogSnapshot());
  MemoryContext tmp("catalog scan");
  RowBuffers buf(desc.natts());
  std::vector<CatalogRowRef<Row>> out;
  storage::HeapTuple tuple;
  while (scan.Next(&tuple)) {
    MemoryContextScope scope(&tmp);
    storage::HeapDeformTuple(tuple, desc, buf.values.data(), buf.nulls.get());
    Row row = DecodeRow<Row>(buf.values.data(), buf.nulls.get());
    // Rows that carry their version's xmin (PgIndex, for indcheckxmin).
    if constexpr (requires(Row & r) { r.row_xmin; }) {
      row.row_xmin = storage::HeapTupleHeaderGetXmin(tuple.data);
    }
    out.push_back({std::move(row), tuple.self});
    tmp.Reset();
  }
  return out;
}

template <typename Row>
void InsertCatalogRow(const Row& row) {
  const CatalogSchema& schema = SchemaOf<Row>();
  MemoryContext tmp("catalog insert");
  MemoryContextScope scope(&tmp);
  RowBuffers buf(schema.columns.size());
  EncodeRow(row, buf.values.data(), buf.nulls.get());
  InsertTuple(schema, buf.values.data(), buf.nulls.get());
}

template <typename Row>
void UpdateCatalogRow(const storage::ItemPointerData& ctid, const Row& row) {
  const CatalogSchema& schema = SchemaOf<Row>();
  const storage::TupleDesc& desc = CatalogTupleDesc(schema);
  storage::HeapRelation heap = CatalogHeap(schema);
  MemoryContext tmp("catalog update");
  MemoryContextScope scope(&tmp);
  storage::HeapTuple old;
  HYRAX_CHECK(storage::HeapFetch(heap, storage::GetCatalogSnapshot(), ctid, &old),
              "catalog row to update is not visible");
  RowBuffers cur(desc.natts());
  storage::HeapDeformTuple(old, desc, cur.values.data(), cur.nulls.get());
  // Bound columns take the new row's values; the others keep what is stored.
  RowBuffers enc(desc.natts());
  EncodeRow(row, enc.values.data(), enc.nulls.get());
  std::vector<bool> bound = BoundColumns<Row>();
  for (int i = 0; i < desc.natts(); ++i) {
    if (!bound[i]) {
      enc.values[i] = cur.values[i];
      enc.nulls[i] = cur.nulls[i];
    }
  }
  storage::HeapTuple tuple = storage::HeapFormTuple(desc, enc.values.data(), enc.nulls.get());
  storage::TmFailureData tmfd;
  storage::TmResult result =
      storage::HeapUpdate(heap, ctid, &tuple, storage::GetCurrentCommandId(true), nullptr,
                          /*wait=*/true, &tmfd);
  HYRAX_CHECK(result == storage::TmResult::kOk, "concurrent update of a catalog row");
  CacheInvalidateCatalog(schema.oid);
}

template <typename Row>
void DeleteCatalogRow(const storage::ItemPointerData& ctid) {
  const CatalogSchema& schema = SchemaOf<Row>();
  storage::TmFailureData tmfd;
  storage::TmResult result =
      storage::HeapDelete(CatalogHeap(schema), ctid, storage::GetCurrentCommandId(true), nullptr,
                          /*wait=*/true, &tmfd);
  HYRAX_CHECK(result == storage::TmResult::kOk, "concurrent delete of a catalog row");
  CacheInvalidateCatalog(schema.oid);
}

template <typename Row>
int DeleteCatalogRows(const std::function<bool(const Row&)>& pred) {
  int n = 0;
  for (const auto& ref : ScanCatalog<Row>()) {
    if (!pred(ref.row)) continue;
    DeleteCatalogRow<Row>(ref.ctid);
    ++n;
  }
  return n;
}

void InsertCatalogValues(const CatalogSchema& schema, const Datum* values, const bool* nulls) {
  InsertTuple(schema, values, nulls);
}

#define HYRAX_INSTANTIATE(Row)                                                      \
  template std::vector<CatalogRowRef<Row>> ScanCatalog<Row>();                      \
  template void InsertCatalogRow<Row>(const Row&);                                  \
  template void UpdateCatalogRow<Row>(const storage::ItemPointerData&, const Row&); \
  template void DeleteCatalogRow<Row>(const storage::ItemPointerData&);             \
  template int DeleteCatalogRows<Row>(const std::function<bool(const Row&)>&);
HYRAX_INSTANTIATE(PgType)
HYRAX_INSTANTIATE(PgProc)
HYRAX_INSTANTIATE(PgOperator)
HYRAX_INSTANTIATE(PgCast)
HYRAX_INSTANTIATE(PgAggregate)
HYRAX_INSTANTIATE(PgNamespace)
HYRAX_INSTANTIATE(PgClass)
HYRAX_INSTANTIATE(PgAttribute)
HYRAX_INSTANTIATE(PgAttrDef)
HYRAX_INSTANTIATE(PgConstraint)
HYRAX_INSTANTIATE(PgIndex)
HYRAX_INSTANTIATE(PgAm)
HYRAX_INSTANTIATE(PgOpclass)
HYRAX_INSTANTIATE(PgOpfamily)
HYRAX_INSTANTIATE(PgAmop)
HYRAX_INSTANTIATE(PgAmproc)
HYRAX_INSTANTIATE(PgCollation)
HYRAX_INSTANTIATE(PgStatistic)
HYRAX_INSTANTIATE(PgAuthId)
HYRAX_INSTANTIATE(PgDatabase)
HYRAX_INSTANTIATE(PgSequence)
HYRAX_INSTANTIATE(PgRewrite)
HYRAX_INSTANTIATE(PgDepend)
HYRAX_INSTANTIATE(PgInherits)
HYRAX_INSTANTIATE(PgPartitionedTable)
HYRAX_INSTANTIATE(PgDescription)
HYRAX_INSTANTIATE(PgShDescription)
HYRAX_INSTANTIATE(PgEnum)
#undef HYRAX_INSTANTIATE

}  // namespace hyrax::catalog
