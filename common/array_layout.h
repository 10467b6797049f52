// PostgreSQL's ArrayType varlena layout, shared by the catalog (oidvector, int2vector,
// text[], oid[], aclitem[] columns) and the executor's array functions:
//   int32 vl_len_; int32 ndim; int32 dataoffset (0 = no null bitmap); Oid elemtype;
//   int32 dims[ndim]; int32 lbound[ndim]; [null bitmap, padded to MAXALIGN]; elements,
//   each aligned per the element type's typalign.
// Only the layout lives here; element semantics (I/O, comparison) live with the types.
#pragma once

#include <cstdint>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax {

struct ArrayHeader {
  int32_t vl_len;
  int32_t ndim;
  int32_t dataoffset;
  Oid elemtype;
};

// How elements of the array's type are stored (pg_type typlen/typbyval/typalign).
struct ElementLayout {
  int16_t len = 4;  // > 0 fixed, -1 varlena, -2 cstring
  bool byval = true;
  char align = 'i';
};

inline int32_t ArrayNdim(const void* array) {
  return static_cast<const ArrayHeader*>(array)->ndim;
}
inline Oid ArrayElemType(const void* array) {
  return static_cast<const ArrayHeader*>(array)->elemtype;
}
inline bool ArrayHasNulls(const void* array) {
  return static_cast<const ArrayHeader*>(array)->dataoffset != 0;
}
const int32_t* ArrayDims(const void* array);
const int32_t* ArrayLbounds(const void* array);
// Product of the dimensions (0 for an empty array).
int32_t ArrayNumElements(const void* array);

// Builds an array (allocated in the current memory context) with the given dimensions and
// lower bounds (1-D: dims = {n}, lbounds = {1}; ndim 0 = empty array). `isnull` may be
// nullptr when no element is NULL. By-reference element Datums are copied.
Datum ConstructArray(const Datum* elems, const bool* isnull, int ndim, const int32_t* dims,
                     const int32_t* lbounds, Oid elemtype, const ElementLayout& layout);
// One-dimensional convenience form (lower bound 1; n == 0 gives an empty array).
Datum ConstructArray1D(const Datum* elems, const bool* isnull, int n, Oid elemtype,
                       const ElementLayout& layout);

// Extracts every element in storage order. By-reference Datums point into the array.
void DeconstructArray(const void* array, const ElementLayout& layout, std::vector<Datum>* elems,
                      std::vector<bool>* nulls);

// Alignment helper for typalign codes ('c', 's', 'i', 'd').
size_t AlignByCode(size_t offset, char align);

}  // namespace hyrax
