// Conversion between catalog heap tuples (Datum arrays in the catalog's column order) and
// the typed rows of catalog_rows.h. Each catalog has a binding table mapping struct fields
// to columns by name; columns without a field are NULL (or a zero value when NOT NULL) on
// insert and are preserved on update (callers update by replacing named columns).
#pragma once

#include <vector>

#include "common/datum.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/catalog_schema.h"

namespace hyrax::catalog {

// Row <-> values for catalog `Row`. Requires: values/nulls sized to the catalog's columns.
// Encoded by-reference values are allocated in the current memory context.
template <typename Row>
Row DecodeRow(const Datum* values, const bool* nulls);
template <typename Row>
void EncodeRow(const Row& row, Datum* values, bool* nulls);
// The system catalog a row type belongs to.
template <typename Row>
const CatalogSchema& SchemaOf();
// Per column of that catalog: true when a field of `Row` is bound to it.
template <typename Row>
std::vector<bool> BoundColumns();

}  // namespace hyrax::catalog
