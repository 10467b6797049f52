// More btree / hash support function lookups (beside function_lookup.h) for composite
// values: the comparison function of a RowCompareExpr column and a column type's default
// hash function (hash_record). Implemented in function_lookup.cpp.
#pragma once

#include "common/ids.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

// The btree comparison function (support 1) for the input types of operator `opno` in btree
// family `opfamily`. Throws 42883 when there is none.
void ComparisonFunctionForOperator(Oid opno, Oid opfamily, FmgrInfo* cmp);
// The hash function (support 1) of the default hash opclass of `type`. Throws 42883 "could
// not identify a hash function for type x".
void HashFunctionForType(Oid type, FmgrInfo* hash);

}  // namespace hyrax::executor
