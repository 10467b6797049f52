// in_range support functions for window frames `RANGE offset PRECEDING/FOLLOWING`:
// in_range(val, base, offset, sub, less) is `val <= base -/+ offset` (less) or
// `val >= base -/+ offset` (!less), without failing where base +/- offset would overflow
// (integers) and with PostgreSQL's NaN/infinity rules (floats, numeric). A negative offset
// is 22013 "invalid preceding or following size in window function". See README.md
// "Window support".
#include <cmath>
#include <cstdint>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datetime_common.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/numeric_io.h"
#include "executor/types/numeric_var.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowInvalidSize() {
  throw Error(errcode::kInvalidPrecedingOrFollowingSize,
              "invalid preceding or following size in window function");
}

bool Answer(int cmp_val_sum, bool less) {
  return less ? cmp_val_sum <= 0 : cmp_val_sum >= 0;
}

// Integers: computed in the wider of the two types; on overflow the true sum is beyond any
// value of the type, so the answer follows from the direction alone.
template <typename V, typename O, typename W>
Datum InRangeInt(FunctionCallInfo* f) {
  W val = ArgAs<V>(f, 0), base = ArgAs<V>(f, 1), offset = ArgAs<O>(f, 2);
  bool sub = f->ArgBool(3), less = f->ArgBool(4);
  if (offset < 0) ThrowInvalidSize();
  if (sub) offset = -offset;
  W sum;
  if (__builtin_add_overflow(base, offset, &sum)) return BoolGetDatum(sub ? !less : less);
  return BoolGetDatum(less ? val <= sum : val >= sum);
}

template <typename V>
Datum InRangeFloat(FunctionCallInfo* f) {
  double val = ArgAs<V>(f, 0), base = ArgAs<V>(f, 1), offset = f->ArgFloat8(2);
  bool sub = f->ArgBool(3), less = f->ArgBool(4);
  if (std::isnan(offset) || offset < 0) ThrowInvalidSize();
  // NaN sorts after everything else.
  if (std::isnan(val)) return BoolGetDatum(std::isnan(base) ? true : !less);
  if (std::isnan(base)) return BoolGetDatum(less);
  // base -/+ offset would be NaN (inf - inf): treat every val as in range.
  if (std::isinf(offset) && std::isinf(base) && (sub ? base > 0 : base < 0)) {
    return BoolGetDatum(true);
  }
  double sum = sub ? base - offset : base + offset;
  return BoolGetDatum(less ? val <= sum : val >= sum);
}

Datum InRangeNumeric(FunctionCallInfo* f) {
  NumericVar val = NumericDatumToVar(f->Arg(0));
  NumericVar base = NumericDatumToVar(f->Arg(1));
  NumericVar offset = NumericDatumToVar(f->Arg(2));
  bool sub = f->ArgBool(3), less = f->ArgBool(4);
  if (offset.IsNaN() || offset.Sign() < 0) ThrowInvalidSize();
  if (val.IsNaN()) return BoolGetDatum(base.IsNaN() ? true : !less);
  if (base.IsNaN()) return BoolGetDatum(less);
  if (offset.IsInf()) {  // necessarily +Infinity here
    bool base_pos_inf = base.IsInf() && base.Sign() > 0;
    bool base_neg_inf = base.IsInf() && base.Sign() < 0;
    if (sub ? base_pos_inf : base_neg_inf) return BoolGetDatum(true);
    bool val_pos_inf = val.IsInf() && val.Sign() > 0;
    bool val_neg_inf = val.IsInf() && val.Sign() < 0;
    if (sub) return BoolGetDatum(less ? val_neg_inf : true);  // sum is -Infinity
    return BoolGetDatum(less ? true : val_pos_inf);           // sum is +Infinity
  }
  Datum sum =
      DirectFunctionCall(BuiltinByName(sub ? "numeric_sub" : "numeric_add"), f->Arg(1), f->Arg(2));
  NumericVar sum_var = NumericDatumToVar(sum);
  return BoolGetDatum(Answer(CmpNumerics(val, sum_var), less));
}

bool IntervalIsNegative(Datum offset) {
  Datum zero = IntervalDatum(Interval{0, 0, 0});
  return DatumGetInt32(DirectFunctionCall(BuiltinByName("interval_cmp"), offset, zero)) < 0;
}

template <bool kTz>
bool TimestampInRange(int64_t val, int64_t base, Datum offset, bool sub, bool less) {
  if (IntervalIsNegative(offset)) ThrowInvalidSize();
  Interval iv = IntervalFromDatum(offset);
  if (sub) iv = NegateInterval(iv);
  int64_t sum = kTz ? TimestampTzPlusInterval(base, iv) : TimestampPlusInterval(base, iv);
  return less ? val <= sum : val >= sum;
}

template <bool kTz>
Datum InRangeTimestamp(FunctionCallInfo* f) {
  return BoolGetDatum(TimestampInRange<kTz>(f->ArgInt64(0), f->ArgInt64(1), f->Arg(2),
                                            f->ArgBool(3), f->ArgBool(4)));
}

Datum InRangeDate(FunctionCallInfo* f) {
  return BoolGetDatum(TimestampInRange<false>(DateToTimestamp(f->ArgInt32(0)),
                                              DateToTimestamp(f->ArgInt32(1)), f->Arg(2),
                                              f->ArgBool(3), f->ArgBool(4)));
}

// time / timetz: only the offset's time part counts (as in time + interval), and the sum
// does not wrap around midnight.
Datum InRangeTime(FunctionCallInfo* f) {
  int64_t val = f->ArgInt64(0), base = f->ArgInt64(1);
  Interval offset = IntervalFromDatum(f->Arg(2));
  bool sub = f->ArgBool(3), less = f->ArgBool(4);
  if (offset.time < 0) ThrowInvalidSize();
  int64_t sum = sub ? base - offset.time : base + offset.time;
  return BoolGetDatum(less ? val <= sum : val >= sum);
}

Datum InRangeTimeTz(FunctionCallInfo* f) {
  TimeTzADT base = TimeTzFromDatum(f->Arg(1));
  Interval offset = IntervalFromDatum(f->Arg(2));
  bool sub = f->ArgBool(3), less = f->ArgBool(4);
  if (offset.time < 0) ThrowInvalidSize();
  TimeTzADT sum{sub ? base.time - offset.time : base.time + offset.time, base.zone};
  int cmp =
      DatumGetInt32(DirectFunctionCall(BuiltinByName("timetz_cmp"), f->Arg(0), TimeTzDatum(sum)));
  return BoolGetDatum(Answer(cmp, less));
}

Datum InRangeInterval(FunctionCallInfo* f) {
  bool sub = f->ArgBool(3), less = f->ArgBool(4);
  if (IntervalIsNegative(f->Arg(2))) ThrowInvalidSize();
  Datum sum =
      DirectFunctionCall(BuiltinByName(sub ? "interval_mi" : "interval_pl"), f->Arg(1), f->Arg(2));
  int cmp = DatumGetInt32(DirectFunctionCall(BuiltinByName("interval_cmp"), f->Arg(0), sum));
  return BoolGetDatum(Answer(cmp, less));
}

const BuiltinFunction kInRangeBuiltins[] = {
    {"in_range_int8_int8", InRangeInt<int64_t, int64_t, int64_t>, 5},
    {"in_range_int4_int8", InRangeInt<int32_t, int64_t, int64_t>, 5},
    {"in_range_int4_int4", InRangeInt<int32_t, int32_t, int32_t>, 5},
    {"in_range_int4_int2", InRangeInt<int32_t, int16_t, int32_t>, 5},
    {"in_range_int2_int8", InRangeInt<int16_t, int64_t, int64_t>, 5},
    {"in_range_int2_int4", InRangeInt<int16_t, int32_t, int32_t>, 5},
    {"in_range_int2_int2", InRangeInt<int16_t, int16_t, int32_t>, 5},
    {"in_range_float8_float8", InRangeFloat<double>, 5},
    {"in_range_float4_float8", InRangeFloat<float>, 5},
    {"in_range_numeric_numeric", InRangeNumeric, 5},
    {"in_range_date_interval", InRangeDate, 5},
    {"in_range_timestamp_interval", InRangeTimestamp<false>, 5},
    {"in_range_timestamptz_interval", InRangeTimestamp<true>, 5},
    {"in_range_time_interval", InRangeTime, 5},
    {"in_range_timetz_interval", InRangeTimeTz, 5},
    {"in_range_interval_interval", InRangeInterval, 5},
};

}  // namespace

std::span<const BuiltinFunction> InRangeBuiltins() {
  return kInRangeBuiltins;
}

}  // namespace hyrax::executor
