// Element-type operations for the array functions: the element type's btree comparison and
// hash support functions found through its default operator classes (PostgreSQL's typcache
// lookups), cached per backend; and single-element access for subscripting.
// See README.md "Arrays".
#pragma once

#include <cstdint>

#include "common/datum.h"
#include "common/ids.h"
#include "executor/functions/fmgr.h"
#include "executor/types/array_type.h"

namespace hyrax::executor {

struct ArrayElementOps {
  ElementType elem;
  FmgrInfo cmp;            // btree support 1 for (elem, elem); fn_addr null when none
  FmgrInfo hash;           // hash support 1; fn_addr null when none
  FmgrInfo hash_extended;  // hash support 2; fn_addr null when none
};

// Cached lookup. Throws XX000 for an unknown type.
ArrayElementOps& LookupElementOps(Oid elemtype);

// Three-way comparison of two non-null elements. Throws 42883 "could not identify a
// comparison function for type <name>" when the type has no btree opclass.
int CompareElements(ArrayElementOps& ops, Datum a, Datum b, Oid collation);
uint32_t HashElement(ArrayElementOps& ops, Datum a, Oid collation);
uint64_t HashElementExtended(ArrayElementOps& ops, Datum a, uint64_t seed, Oid collation);

// The element at `subscripts` (one per dimension), or NULL when the subscripts do not match
// the array's dimensionality or fall outside its bounds (PostgreSQL's array_get_element).
NullableDatum ArrayGetElement(Datum array, const int* subscripts, int nsubs,
                              const ElementType& elem);

// A copy of `array` with one element replaced. A one-dimensional (or empty) array is
// extended as needed, filling gaps with NULLs; other arrays must already contain the
// position. Throws 2202E "array subscript out of range" / "wrong number of array subscripts".
Datum ArraySetElement(Datum array, const int* subscripts, int nsubs, NullableDatum value,
                      const ElementType& elem);

// Throws 42804 "cannot compare arrays of different element types" when they differ.
void CheckSameElementType(Oid a, Oid b, const char* what);

}  // namespace hyrax::executor
