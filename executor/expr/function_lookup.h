// Binding catalog functions to built-in implementations for the executor: pg_proc row ->
// prosrc -> PGFunction (executor/functions registry), type input/output calls, and the
// btree/hash support functions behind operators. A catalog function Hyrax does not
// implement binds to a stub that raises 0A000 when (and only when) it is called.
#pragma once

#include <string>
#include <string_view>

#include "common/datum.h"
#include "common/ids.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

// Fills `flinfo` for pg_proc row `funcid` (FmgrInfoForOid). A function without a built-in
// implementation binds to a stub that raises the 0A000 error when called, so a query that
// merely mentions it (in a branch never taken) still runs.
void FmgrInfoForFunction(Oid funcid, FmgrInfo* flinfo);
// The implementing function of operator `opno` (pg_operator.oprcode).
Oid OperatorFunction(Oid opno);

// Btree comparison support for ordering with operator `sortop` ('<' or '>' of a btree
// opfamily): the 3-way comparison function and whether the order is reversed. Throws
// 42883 "could not identify a comparison function" when the operator is in no btree family.
void ComparisonFunctionForSortOp(Oid sortop, FmgrInfo* cmp, bool* reverse);
// The btree comparison function of the default btree opclass of `type` (GREATEST/LEAST).
void ComparisonFunctionForType(Oid type, FmgrInfo* cmp);
// The hash function matching equality operator `eqop` (hash opfamily support 1).
void HashFunctionForEqOp(Oid eqop, FmgrInfo* hash);
// The hash functions for the left and right input types of `eqop` (they hash equal values
// alike: PostgreSQL's get_op_hash_functions), for cross-type hash joins.
void HashFunctionsForEqOp(Oid eqop, FmgrInfo* lhs, FmgrInfo* rhs);

// Implementations consulted when the built-in registry lacks a prosrc name. Used by unit
// tests that run before a function family exists; the registry always wins.
void RegisterFallbackBuiltin(std::string_view prosrc, PGFunction fn);

}  // namespace hyrax::executor
