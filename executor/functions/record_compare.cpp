// Comparison and hashing of composite values (PostgreSQL's rowtypes.c semantics): record_eq /
// record_ne / record_lt ... / btrecordcmp compare column by column with each column type's
// default btree comparison, NULL sorting after every value and equal to NULL; hash_record
// combines the columns' default hash functions. Dropped columns are skipped on both sides.
// See executor/types/README.md "Composite values".
#include <map>
#include <utility>

#include "common/error.h"
#include "executor/expr/function_lookup.h"
#include "executor/expr/support_lookup.h"
#include "executor/functions/type_families.h"
#include "executor/types/format_type.h"
#include "executor/types/record_type.h"

namespace hyrax::executor {

namespace {

// Per-backend caches of the support functions by column type (built-in btree/hash
// support functions keep no per-call state).
FmgrInfo& ColumnComparison(Oid type) {
  static std::map<Oid, FmgrInfo> cache;
  auto it = cache.find(type);
  if (it != cache.end()) return it->second;
  FmgrInfo info;
  ComparisonFunctionForType(type, &info);
  return cache.emplace(type, std::move(info)).first->second;
}

FmgrInfo& ColumnHash(Oid type) {
  static std::map<Oid, FmgrInfo> cache;
  auto it = cache.find(type);
  if (it != cache.end()) return it->second;
  FmgrInfo info;
  HashFunctionForType(type, &info);
  return cache.emplace(type, std::move(info)).first->second;
}

// Index of the next live column at or after `i`, or natts.
int NextLive(const storage::TupleDesc& desc, int i) {
  while (i < desc.natts() && desc.attr(i).dropped) ++i;
  return i;
}

// Three-way comparison of two composite values.
int32_t CompareRecords(Datum a, Datum b) {
  CompositeFields left = DeformComposite(a);
  CompositeFields right = DeformComposite(b);
  int i = NextLive(*left.desc, 0), j = NextLive(*right.desc, 0);
  int column = 1;
  for (; i < left.desc->natts() || j < right.desc->natts();
       i = NextLive(*left.desc, i + 1), j = NextLive(*right.desc, j + 1), ++column) {
    if (i >= left.desc->natts() || j >= right.desc->natts()) {
      throw Error(errcode::kDatatypeMismatch,
                  "cannot compare record types with different numbers of columns");
    }
    const auto& la = left.desc->attr(i);
    const auto& ra = right.desc->attr(j);
    if (la.type_oid != ra.type_oid) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "cannot compare dissimilar column types {} and {} at record column {}",
                      FormatTypeName(la.type_oid), FormatTypeName(ra.type_oid), column);
    }
    bool lnull = left.isnull[i], rnull = right.isnull[j];
    if (lnull || rnull) {
      if (lnull && rnull) continue;
      return lnull ? 1 : -1;  // NULLs sort after values
    }
    LocalFunctionCallInfo<2> call(&ColumnComparison(la.type_oid), la.collation);
    call.SetArg(0, left.values[i]);
    call.SetArg(1, right.values[j]);
    int32_t cmp = DatumGetInt32(FunctionCallInvoke(&call.fcinfo));
    if (cmp != 0) return cmp;
  }
  return 0;
}

Datum RecordEq(FunctionCallInfo* f) {
  return BoolGetDatum(CompareRecords(f->Arg(0), f->Arg(1)) == 0);
}
Datum RecordNe(FunctionCallInfo* f) {
  return BoolGetDatum(CompareRecords(f->Arg(0), f->Arg(1)) != 0);
}
Datum RecordLt(FunctionCallInfo* f) {
  return BoolGetDatum(CompareRecords(f->Arg(0), f->Arg(1)) < 0);
}
Datum RecordLe(FunctionCallInfo* f) {
  return BoolGetDatum(CompareRecords(f->Arg(0), f->Arg(1)) <= 0);
}
Datum RecordGt(FunctionCallInfo* f) {
  return BoolGetDatum(CompareRecords(f->Arg(0), f->Arg(1)) > 0);
}
Datum RecordGe(FunctionCallInfo* f) {
  return BoolGetDatum(CompareRecords(f->Arg(0), f->Arg(1)) >= 0);
}
Datum BtRecordCmp(FunctionCallInfo* f) {
  return Int32GetDatum(CompareRecords(f->Arg(0), f->Arg(1)));
}

Datum HashRecord(FunctionCallInfo* f) {
  CompositeFields row = DeformComposite(f->Arg(0));
  uint32_t result = 0;
  for (int i = 0; i < row.desc->natts(); ++i) {
    const auto& att = row.desc->attr(i);
    if (att.dropped) continue;
    uint32_t element_hash = 0;  // NULL hashes as 0
    if (!row.isnull[i]) {
      LocalFunctionCallInfo<1> call(&ColumnHash(att.type_oid), att.collation);
      call.SetArg(0, row.values[i]);
      element_hash = DatumGetUInt32(FunctionCallInvoke(&call.fcinfo));
    }
    result = (result << 5) - result + element_hash;  // result * 31 + hash
  }
  return UInt32GetDatum(result);
}

const BuiltinFunction kRecordCompareBuiltins[] = {
    {"record_eq", RecordEq, 2},      {"record_ne", RecordNe, 2},     {"record_lt", RecordLt, 2},
    {"record_le", RecordLe, 2},      {"record_gt", RecordGt, 2},     {"record_ge", RecordGe, 2},
    {"btrecordcmp", BtRecordCmp, 2}, {"hash_record", HashRecord, 1},
};

}  // namespace

std::span<const BuiltinFunction> RecordCompareBuiltins() {
  return kRecordCompareBuiltins;
}

}  // namespace hyrax::executor
