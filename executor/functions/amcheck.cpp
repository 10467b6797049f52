// bt_index_check(index regclass [, heapallindexed bool]) and
// bt_index_parent_check(index regclass [, heapallindexed bool [, rootdescend bool]]):
// PostgreSQL's contrib/amcheck functions, built in (pg_catalog) rather than installed by
// CREATE EXTENSION. They return void or raise XX002; the work is in
// executor/commands/index_check.cpp.
#include "executor/commands/index_check.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"

namespace hyrax::executor {

namespace {

// The optional boolean argument `i` (false when the call has fewer arguments).
bool OptionalFlag(FunctionCallInfo* f, int i) {
  return f->nargs > i && ArgAs<bool>(f, i);
}

Datum BtIndexCheck(FunctionCallInfo* f) {
  commands::IndexCheckRequest request;
  request.heapallindexed = OptionalFlag(f, 1);
  commands::CheckBtreeIndex(DatumGetObjectId(f->Arg(0)), request);
  return Datum{0};
}

Datum BtIndexParentCheck(FunctionCallInfo* f) {
  commands::IndexCheckRequest request;
  request.parent_check = true;
  request.heapallindexed = OptionalFlag(f, 1);
  request.rootdescend = OptionalFlag(f, 2);
  commands::CheckBtreeIndex(DatumGetObjectId(f->Arg(0)), request);
  return Datum{0};
}

// pg_proc has one row per arity, all with the same prosrc (as amcheck's C functions).
const BuiltinFunction kAmcheckBuiltins[] = {
    {"bt_index_check", BtIndexCheck, 2},
    {"bt_index_parent_check", BtIndexParentCheck, 3},
};

}  // namespace

std::span<const BuiltinFunction> AmcheckBuiltins() {
  return kAmcheckBuiltins;
}

}  // namespace hyrax::executor
