// Aggregate support for the integer types and count(): int8inc (count), int2_sum/int4_sum
// (sum(int2/int4) into an int8), and the {count, sum} int8[] state of avg(int2/int4).
// The numeric-valued finals (int8_avg, int8_sum, the numeric_poly_* family) are in
// numeric_agg.cpp. See README.md "Aggregates".
#include <cstring>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/array_type.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowBigintRange() {
  throw Error(errcode::kNumericValueOutOfRange, "bigint out of range");
}

Datum Int8Inc(FunctionCallInfo* f) {
  int64_t result;
  if (__builtin_add_overflow(f->ArgInt64(0), int64_t{1}, &result)) ThrowBigintRange();
  return Int64GetDatum(result);
}

Datum Int8Dec(FunctionCallInfo* f) {
  int64_t result;
  if (__builtin_sub_overflow(f->ArgInt64(0), int64_t{1}, &result)) ThrowBigintRange();
  return Int64GetDatum(result);
}

// sum(int2) / sum(int4): not strict, so the first non-null input starts the sum.
template <typename T>
Datum IntSum(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) {
    if (f->ArgIsNull(1)) return f->ReturnNull();
    return Int64GetDatum(int64_t{ArgAs<T>(f, 1)});
  }
  if (f->ArgIsNull(1)) return f->Arg(0);
  // An int8 sum of int4 values cannot overflow in practice; PostgreSQL does not check either.
  return Int64GetDatum(f->ArgInt64(0) + int64_t{ArgAs<T>(f, 1)});
}

// The {count, sum} transition array of avg(int2/int4).
void ReadAvgState(Datum array, int64_t* count, int64_t* sum) {
  ArrayView view(array);
  if (view.ndim() != 1 || view.dim(0) != 2 || view.HasNulls()) {
    throw Error(errcode::kInternalError, "expected 2-element int8 array");
  }
  const char* data =
      DatumGetPointer<const char>(array) + ArrayDataOffset(DatumGetPointer<const void>(array));
  std::memcpy(count, data, 8);
  std::memcpy(sum, data + 8, 8);
}

Datum WriteAvgState(FunctionCallInfo* f, Datum array, int64_t count, int64_t sum) {
  if (AggCheckCallContext(f) != nullptr) {
    char* data = DatumGetPointer<char>(array) + ArrayDataOffset(DatumGetPointer<const void>(array));
    std::memcpy(data, &count, 8);
    std::memcpy(data + 8, &sum, 8);
    return array;
  }
  ElementType elem;
  BuiltinElementType(kInt8Oid, &elem);
  return ConstructArray1D({Int64GetDatum(count), Int64GetDatum(sum)}, nullptr, elem);
}

template <typename T, int kDirection>
Datum AvgAccum(FunctionCallInfo* f) {
  int64_t count, sum;
  ReadAvgState(f->Arg(0), &count, &sum);
  count += kDirection;
  sum += kDirection * int64_t{ArgAs<T>(f, 1)};
  return WriteAvgState(f, f->Arg(0), count, sum);
}

Datum Int4AvgCombine(FunctionCallInfo* f) {
  int64_t c1, s1, c2, s2;
  ReadAvgState(f->Arg(0), &c1, &s1);
  ReadAvgState(f->Arg(1), &c2, &s2);
  return WriteAvgState(f, f->Arg(0), c1 + c2, s1 + s2);
}

Datum Int2Int4Sum(FunctionCallInfo* f) {
  int64_t count, sum;
  ReadAvgState(f->Arg(0), &count, &sum);
  if (count == 0) return f->ReturnNull();  // SQL says sum of no rows is NULL
  return Int64GetDatum(sum);
}

const BuiltinFunction kIntAggBuiltins[] = {
    {"int8inc", Int8Inc, 1},
    {"int8inc_any", Int8Inc, 2},
    {"int8dec", Int8Dec, 1},
    {"int8dec_any", Int8Dec, 2},
    {"int8inc_float8_float8", Int8Inc, 3},
    {"int2_sum", IntSum<int16_t>, 2},
    {"int4_sum", IntSum<int32_t>, 2},
    {"int2_avg_accum", AvgAccum<int16_t, 1>, 2},
    {"int4_avg_accum", AvgAccum<int32_t, 1>, 2},
    {"int2_avg_accum_inv", AvgAccum<int16_t, -1>, 2},
    {"int4_avg_accum_inv", AvgAccum<int32_t, -1>, 2},
    {"int4_avg_combine", Int4AvgCombine, 2},
    {"int2int4_sum", Int2Int4Sum, 1},
};

}  // namespace

std::span<const BuiltinFunction> IntAggBuiltins() {
  return kIntAggBuiltins;
}

}  // namespace hyrax::executor
