// generate_series over int4, int8 and numeric (value-per-call set-returning functions).
// Integer series stop after the last value that fits the type instead of overflowing;
// numeric series reject NaN and infinite bounds and steps. The timestamp series live in
// timestamp_arith.cpp. See README.md "Set-returning functions".
#include <cstdint>
#include <limits>
#include <new>
#include <utility>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/srf.h"
#include "executor/types/numeric_io.h"
#include "executor/types/numeric_var.h"

namespace hyrax::executor {

namespace {

[[noreturn]] void ThrowZeroStep() {
  throw Error(errcode::kInvalidParameterValue, "step size cannot equal zero");
}

template <typename T>
struct IntSeries {
  T current;
  T finish;
  T step;  // 0 once the next value would overflow: the series is over
};

template <typename T>
Datum GenerateSeriesInt(FunctionCallInfo* f) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    T step = f->nargs > 2 ? ArgAs<T>(f, 2) : T{1};
    if (step == 0) ThrowZeroStep();
    srf = SrfFirstCall(f);
    auto* st = static_cast<IntSeries<T>*>(srf->memory.AllocZero(sizeof(IntSeries<T>)));
    st->current = ArgAs<T>(f, 0);
    st->finish = ArgAs<T>(f, 1);
    st->step = step;
    srf->user_state = st;
  } else {
    srf = SrfPerCall(f);
  }
  auto* st = static_cast<IntSeries<T>*>(srf->user_state);
  bool more =
      (st->step > 0 && st->current <= st->finish) || (st->step < 0 && st->current >= st->finish);
  if (!more) return SrfReturnDone(f);
  T result = st->current;
  if (__builtin_add_overflow(st->current, st->step, &st->current)) st->step = 0;
  return SrfReturnNext(f, srf, ToDatum(result));
}

// Numeric series state: the values stay NumericVars (digits on the heap), so the state is
// an owned object released with the set.
struct NumericSeries {
  NumericVar current;
  NumericVar finish;
  NumericVar step;
};

void CheckSeriesBound(const NumericVar& v, const char* what) {
  if (v.IsNaN()) throw MakeError(errcode::kInvalidParameterValue, "{} cannot be NaN", what);
  if (v.IsInf()) throw MakeError(errcode::kInvalidParameterValue, "{} cannot be infinity", what);
}

void DestroyNumericSeries(void* p) {
  static_cast<NumericSeries*>(p)->~NumericSeries();
}

Datum GenerateSeriesNumeric(FunctionCallInfo* f) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    NumericVar start = NumericDatumToVar(f->Arg(0));
    NumericVar finish = NumericDatumToVar(f->Arg(1));
    NumericVar step = f->nargs > 2 ? NumericDatumToVar(f->Arg(2)) : NumericVar::FromInt64(1);
    CheckSeriesBound(start, "start value");
    CheckSeriesBound(finish, "stop value");
    CheckSeriesBound(step, "step size");
    if (step.IsZero()) ThrowZeroStep();
    srf = SrfFirstCall(f);
    void* mem = srf->memory.Alloc(sizeof(NumericSeries));
    auto* st = new (mem) NumericSeries{std::move(start), std::move(finish), std::move(step)};
    srf->user_state = st;
    srf->destroy_user_state = DestroyNumericSeries;
  } else {
    srf = SrfPerCall(f);
  }
  auto* st = static_cast<NumericSeries*>(srf->user_state);
  int sign = st->step.Sign();
  int cmp = CmpVar(st->current, st->finish);
  if ((sign > 0 && cmp > 0) || (sign < 0 && cmp < 0)) return SrfReturnDone(f);
  Datum result = MakeNumericDatum(st->current);
  st->current = AddVar(st->current, st->step);
  return SrfReturnNext(f, srf, result);
}

const BuiltinFunction kSeriesBuiltins[] = {
    {"generate_series_int4", GenerateSeriesInt<int32_t>, 2},
    {"generate_series_step_int4", GenerateSeriesInt<int32_t>, 3},
    {"generate_series_int8", GenerateSeriesInt<int64_t>, 2},
    {"generate_series_step_int8", GenerateSeriesInt<int64_t>, 3},
    {"generate_series_numeric", GenerateSeriesNumeric, 2},
    {"generate_series_step_numeric", GenerateSeriesNumeric, 3},
};

}  // namespace

std::span<const BuiltinFunction> SeriesBuiltins() {
  return kSeriesBuiltins;
}

}  // namespace hyrax::executor
