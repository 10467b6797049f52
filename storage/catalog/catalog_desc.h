// Building storage-level descriptors from catalog rows: a TupleDesc from pg_attribute rows
// and the HeapRelation (file locator) of a relation, including the system catalogs, which
// must be readable before any catalog row has been read.
#pragma once

#include <vector>

#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/catalog_schema.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::catalog {

storage::AttributeDesc AttributeDescFromPg(const PgAttribute& attr);
storage::TupleDescPtr TupleDescFromPg(const std::vector<PgAttribute>& attrs, Oid composite_type);
// Where a relation's files (and its TOAST table's, reltoastrelid) are: shared relations in
// global/, others in the current database. heap.desc stays nullptr (set by the callers that
// know the columns: the relcache and CatalogHeap).
storage::HeapRelation HeapRelationFor(const PgClass& rel);
// The heap of a system catalog (with its row layout, so big rows are toasted), and its tuple
// descriptor (cached per process).
storage::HeapRelation CatalogHeap(const CatalogSchema& schema);
const storage::TupleDesc& CatalogTupleDesc(const CatalogSchema& schema);

}  // namespace hyrax::catalog
