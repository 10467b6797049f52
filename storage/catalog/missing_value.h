// pg_attribute.attmissingval (PostgreSQL's "fast default"): ALTER TABLE ADD COLUMN with a
// non-volatile DEFAULT stores the default's value once, as a one-element array of the
// column's type, instead of rewriting the table; tuples stored before the column existed
// (fewer attributes) read it (storage/heap/heap_tuple.h HeapDeformTuple). A table rewrite
// writes the value into every row and clears it.
#pragma once

#include <string>

#include "common/datum.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/heap/tuple_desc.h"

namespace hyrax::catalog {

// The attmissingval payload for `value` of a column laid out as `attr` (type, len, byval,
// align): the bytes of a one-element array after its varlena header.
std::string EncodeMissingValue(Datum value, const storage::AttributeDesc& attr);

// Sets desc.has_missing / missing_value / missing_storage from the row's atthasmissing and
// attmissingval (nothing when either is unset).
void DecodeMissingValue(const PgAttribute& row, storage::AttributeDesc& desc);

}  // namespace hyrax::catalog
