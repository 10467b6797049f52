// float4 / float8 arithmetic with PostgreSQL's overflow / underflow / division-by-zero checks,
// and casts between floats and integers (rounding half to even, range-checked).
// Math functions (sqrt, exp, trig ...) are in float_math.cpp. See README.md "Floats".
#include <cmath>
#include <limits>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/float_io.h"

namespace hyrax::executor {

namespace {

// Results are checked the way PostgreSQL's float_pl/float_mi/float_mul/float_div do: an
// infinite result from finite inputs is an overflow, a zero product or quotient of nonzero
// finite inputs an underflow.
template <typename R>
R CheckedAdd(R a, R b) {
  R r = a + b;
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) ThrowFloatOverflow();
  return r;
}
template <typename R>
R CheckedSub(R a, R b) {
  R r = a - b;
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) ThrowFloatOverflow();
  return r;
}
template <typename R>
R CheckedMul(R a, R b) {
  R r = a * b;
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) ThrowFloatOverflow();
  if (r == 0 && a != 0 && b != 0) ThrowFloatUnderflow();
  return r;
}
template <typename R>
R CheckedDiv(R a, R b) {
  if (b == 0 && !std::isnan(a)) ThrowFloatDivideByZero();
  R r = a / b;
  if (std::isinf(r) && !std::isinf(a)) ThrowFloatOverflow();
  if (r == 0 && a != 0 && !std::isinf(b)) ThrowFloatUnderflow();
  return r;
}

template <typename A, typename B, typename R>
Datum Pl(FunctionCallInfo* f) {
  return ToDatum(CheckedAdd<R>(ArgAs<A>(f, 0), ArgAs<B>(f, 1)));
}
template <typename A, typename B, typename R>
Datum Mi(FunctionCallInfo* f) {
  return ToDatum(CheckedSub<R>(ArgAs<A>(f, 0), ArgAs<B>(f, 1)));
}
template <typename A, typename B, typename R>
Datum Mul(FunctionCallInfo* f) {
  return ToDatum(CheckedMul<R>(ArgAs<A>(f, 0), ArgAs<B>(f, 1)));
}
template <typename A, typename B, typename R>
Datum Div(FunctionCallInfo* f) {
  return ToDatum(CheckedDiv<R>(ArgAs<A>(f, 0), ArgAs<B>(f, 1)));
}
template <typename T>
Datum Um(FunctionCallInfo* f) {
  return ToDatum(static_cast<T>(-ArgAs<T>(f, 0)));
}
template <typename T>
Datum Up(FunctionCallInfo* f) {
  return f->Arg(0);
}
template <typename T>
Datum Abs(FunctionCallInfo* f) {
  return ToDatum(static_cast<T>(std::fabs(ArgAs<T>(f, 0))));
}

// Float -> integer: round half to even (rint under the default rounding mode), then check
// the range; NaN is out of range.
template <typename From, typename To>
Datum FloatToInt(FunctionCallInfo* f) {
  double v = std::rint(static_cast<double>(ArgAs<From>(f, 0)));
  // The upper bound is exclusive: -(double)MIN is exactly 2^(bits-1), which does not fit.
  constexpr double kLow = static_cast<double>(std::numeric_limits<To>::min());
  if (std::isnan(v) || v < kLow || v >= -kLow) {
    if constexpr (sizeof(To) == 2) {
      throw Error(errcode::kNumericValueOutOfRange, "smallint out of range");
    } else if constexpr (sizeof(To) == 4) {
      throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
    } else {
      throw Error(errcode::kNumericValueOutOfRange, "bigint out of range");
    }
  }
  return ToDatum(static_cast<To>(v));
}

template <typename From, typename To>
Datum IntToFloat(FunctionCallInfo* f) {
  return ToDatum(static_cast<To>(ArgAs<From>(f, 0)));
}

Datum Ftod(FunctionCallInfo* f) {
  return Float8GetDatum(static_cast<double>(f->ArgFloat4(0)));
}

Datum Dtof(FunctionCallInfo* f) {
  double v = f->ArgFloat8(0);
  float r = static_cast<float>(v);
  if (std::isinf(r) && !std::isinf(v)) ThrowFloatOverflow();
  if (r == 0.0f && v != 0.0) ThrowFloatUnderflow();
  return Float4GetDatum(r);
}

using F4 = float;
using F8 = double;

#define HYRAX_FLOAT_ARITH(prefix, A, B, R)                                                         \
  {prefix "pl", Pl<A, B, R>, 2}, {prefix "mi", Mi<A, B, R>, 2}, {prefix "mul", Mul<A, B, R>, 2}, { \
    prefix "div", Div<A, B, R>, 2                                                                  \
  }

const BuiltinFunction kFloatArithBuiltins[] = {
    HYRAX_FLOAT_ARITH("float4", F4, F4, F4),
    HYRAX_FLOAT_ARITH("float8", F8, F8, F8),
    HYRAX_FLOAT_ARITH("float48", F4, F8, F8),
    HYRAX_FLOAT_ARITH("float84", F8, F4, F8),
    {"float4um", Um<F4>, 1},
    {"float8um", Um<F8>, 1},
    {"float4up", Up<F4>, 1},
    {"float8up", Up<F8>, 1},
    {"float4abs", Abs<F4>, 1},
    {"float8abs", Abs<F8>, 1},
    {"dtoi2", FloatToInt<F8, int16_t>, 1},
    {"dtoi4", FloatToInt<F8, int32_t>, 1},
    {"dtoi8", FloatToInt<F8, int64_t>, 1},
    {"ftoi2", FloatToInt<F4, int16_t>, 1},
    {"ftoi4", FloatToInt<F4, int32_t>, 1},
    {"ftoi8", FloatToInt<F4, int64_t>, 1},
    {"i2tod", IntToFloat<int16_t, F8>, 1},
    {"i4tod", IntToFloat<int32_t, F8>, 1},
    {"i8tod", IntToFloat<int64_t, F8>, 1},
    {"i2tof", IntToFloat<int16_t, F4>, 1},
    {"i4tof", IntToFloat<int32_t, F4>, 1},
    {"i8tof", IntToFloat<int64_t, F4>, 1},
    {"ftod", Ftod, 1},
    {"dtof", Dtof, 1},
};

#undef HYRAX_FLOAT_ARITH

}  // namespace

std::span<const BuiltinFunction> FloatArithBuiltins() {
  return kFloatArithBuiltins;
}

}  // namespace hyrax::executor
