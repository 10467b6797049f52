// Reading and writing whole catalog rows in the heaps: a full scan of one system catalog
// decoded into typed rows (with each row's ctid, for updates), and insert/update/delete of
// one row by typed value. Callers are the heap-backed SysCache, bootstrap and DDL; writes
// also queue the invalidation of that catalog's caches (storage/catalog/inval.h).
#pragma once

#include <functional>
#include <vector>

#include "storage/catalog/catalog_codec.h"
#include "storage/heap/heap_tuple.h"

namespace hyrax::catalog {

template <typename Row>
struct CatalogRowRef {
  Row row;
  storage::ItemPointerData ctid;
};

// All rows of catalog `Row` visible to the catalog snapshot.
template <typename Row>
std::vector<CatalogRowRef<Row>> ScanCatalog();

// Inserts `row` (current transaction, current command id).
template <typename Row>
void InsertCatalogRow(const Row& row);
// Replaces the row at `ctid` with `row`, keeping columns that have no field in `Row`.
// Throws XX000 when the row was concurrently changed (DDL holds locks that prevent that).
template <typename Row>
void UpdateCatalogRow(const storage::ItemPointerData& ctid, const Row& row);
// Deletes the row at `ctid` of catalog `Row`.
template <typename Row>
void DeleteCatalogRow(const storage::ItemPointerData& ctid);
// Deletes every visible row matching `pred`; returns how many.
template <typename Row>
int DeleteCatalogRows(const std::function<bool(const Row&)>& pred);

// Inserts a row given as raw column values (bootstrap). Requires values/nulls in the
// catalog's column order.
void InsertCatalogValues(const CatalogSchema& schema, const Datum* values, const bool* nulls);

}  // namespace hyrax::catalog
