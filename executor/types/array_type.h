// Array helpers for the executor on top of common/array_layout.h (PostgreSQL's ArrayType
// varlena layout, which that header documents): element type descriptions with the
// built-in types' storage attributes, a read-only view of an array Datum, and construction
// with PostgreSQL's size limits. See executor/types/README.md "Arrays".
#pragma once

#include <cstdint>
#include <vector>

#include "common/array_layout.h"
#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::executor {

// PostgreSQL's MAXDIM.
inline constexpr int kMaxArrayDims = 6;

// What array code needs to know about an element type (pg_type typlen/typbyval/typalign).
struct ElementType {
  Oid oid = kInvalidOid;
  int16_t typlen = 0;  // > 0 fixed size, -1 varlena, -2 cstring
  bool typbyval = false;
  char typalign = 'i';  // c, s, i, d
  char typdelim = ',';

  ElementLayout layout() const { return ElementLayout{typlen, typbyval, typalign}; }
};

// The element type info of a built-in type without a catalog lookup (bool, int2/4/8,
// float4/8, oid, text, varchar, bpchar, name, char, bytea, numeric, date/time types, uuid,
// interval ...). Returns false when `type_oid` is not in the built-in table.
bool BuiltinElementType(Oid type_oid, ElementType* out);

// Read-only view of an array Datum. Element Datums of by-reference types point into the
// array, so they are valid as long as the array is.
class ArrayView {
 public:
  explicit ArrayView(Datum array);

  int ndim() const { return ArrayNdim(base_); }
  int dim(int i) const { return ArrayDims(base_)[i]; }
  int lbound(int i) const { return ArrayLbounds(base_)[i]; }
  Oid elemtype() const { return ArrayElemType(base_); }
  bool HasNulls() const { return ArrayHasNulls(base_); }
  int ItemCount() const { return nitems_; }
  // Size of the whole varlena.
  uint32_t TotalSize() const;
  // Whether item `index` (0-based, in storage order) is null.
  bool IsNull(int index) const;
  // All items in storage (row-major) order.
  void Deconstruct(const ElementType& elem, std::vector<Datum>* values,
                   std::vector<bool>* nulls) const;

 private:
  const char* base_;
  int nitems_;
};

// Byte offset of the element data (after the header, dims, lbounds and null bitmap), for
// aggregate states that update fixed-size elements in place.
inline size_t ArrayDataOffset(const void* array) {
  int32_t dataoffset = static_cast<const ArrayHeader*>(array)->dataoffset;
  if (dataoffset != 0) return static_cast<size_t>(dataoffset);
  return (sizeof(ArrayHeader) + 2 * sizeof(int32_t) * ArrayNdim(array) + 7) & ~size_t{7};
}

// Builds an array from `nitems` = product(dims) values in row-major order, allocated with
// Palloc. `nulls` may be nullptr (no nulls). Requires 0 <= ndims <= kMaxArrayDims; ndims 0
// (or any dim 0) gives the empty array. Throws 54000 when the array would exceed 1 GB or
// PostgreSQL's MaxArraySize items.
Datum ConstructArray(const Datum* values, const bool* nulls, int ndims, const int* dims,
                     const int* lbounds, const ElementType& elem);
// One-dimensional with lower bound 1.
Datum ConstructArray1D(const std::vector<Datum>& values, const std::vector<bool>* nulls,
                       const ElementType& elem);
// The empty array of `elem`'s type.
Datum ConstructEmptyArray(Oid elemtype);

// Number of items of an array with these dims (0 for ndim 0); throws 54000 "array size
// exceeds the maximum allowed (134217727)" on overflow.
int ArrayItemCount(int ndim, const int* dims);

}  // namespace hyrax::executor
