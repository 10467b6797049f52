// int2 / int4 / int8 arithmetic with PostgreSQL's overflow checks (22003 "integer out of
// range" and friends) and division-by-zero errors (22012), same-type and cross-type
// (int24pl ...), bitwise operators, larger/smaller, gcd/lcm. See README.md "Integers".
#include <cstdlib>
#include <limits>
#include <numeric>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"

namespace hyrax::executor {

namespace {

template <typename T>
[[noreturn]] void ThrowOutOfRange() {
  if constexpr (sizeof(T) == 2) {
    throw Error(errcode::kNumericValueOutOfRange, "smallint out of range");
  } else if constexpr (sizeof(T) == 4) {
    throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
  } else {
    throw Error(errcode::kNumericValueOutOfRange, "bigint out of range");
  }
}

[[noreturn]] void ThrowDivisionByZero() {
  throw Error(errcode::kDivisionByZero, "division by zero");
}

// A op B computed in R (the wider of the two, PostgreSQL's result type), overflow-checked.
template <typename A, typename B, typename R>
Datum Add(FunctionCallInfo* f) {
  R result;
  if (__builtin_add_overflow(R{ArgAs<A>(f, 0)}, R{ArgAs<B>(f, 1)}, &result)) ThrowOutOfRange<R>();
  return ToDatum(result);
}
template <typename A, typename B, typename R>
Datum Sub(FunctionCallInfo* f) {
  R result;
  if (__builtin_sub_overflow(R{ArgAs<A>(f, 0)}, R{ArgAs<B>(f, 1)}, &result)) ThrowOutOfRange<R>();
  return ToDatum(result);
}
template <typename A, typename B, typename R>
Datum Mul(FunctionCallInfo* f) {
  R result;
  if (__builtin_mul_overflow(R{ArgAs<A>(f, 0)}, R{ArgAs<B>(f, 1)}, &result)) ThrowOutOfRange<R>();
  return ToDatum(result);
}
template <typename A, typename B, typename R>
Datum Div(FunctionCallInfo* f) {
  R a = ArgAs<A>(f, 0);
  R b = ArgAs<B>(f, 1);
  if (b == 0) ThrowDivisionByZero();
  // MIN / -1 overflows (and traps on x86), so negate explicitly.
  if (b == -1) {
    if (a == std::numeric_limits<R>::min()) ThrowOutOfRange<R>();
    return ToDatum(static_cast<R>(-a));
  }
  return ToDatum(static_cast<R>(a / b));
}
template <typename T>
Datum Mod(FunctionCallInfo* f) {
  T a = ArgAs<T>(f, 0);
  T b = ArgAs<T>(f, 1);
  if (b == 0) ThrowDivisionByZero();
  if (b == -1) return ToDatum(T{0});  // MIN % -1 would trap
  return ToDatum(static_cast<T>(a % b));
}
template <typename T>
Datum Negate(FunctionCallInfo* f) {
  T a = ArgAs<T>(f, 0);
  if (a == std::numeric_limits<T>::min()) ThrowOutOfRange<T>();
  return ToDatum(static_cast<T>(-a));
}
template <typename T>
Datum Plus(FunctionCallInfo* f) {
  return f->Arg(0);
}
template <typename T>
Datum Abs(FunctionCallInfo* f) {
  T a = ArgAs<T>(f, 0);
  if (a == std::numeric_limits<T>::min()) ThrowOutOfRange<T>();
  return ToDatum(static_cast<T>(a < 0 ? -a : a));
}
template <typename T>
Datum And(FunctionCallInfo* f) {
  return ToDatum(static_cast<T>(ArgAs<T>(f, 0) & ArgAs<T>(f, 1)));
}
template <typename T>
Datum Or(FunctionCallInfo* f) {
  return ToDatum(static_cast<T>(ArgAs<T>(f, 0) | ArgAs<T>(f, 1)));
}
template <typename T>
Datum Xor(FunctionCallInfo* f) {
  return ToDatum(static_cast<T>(ArgAs<T>(f, 0) ^ ArgAs<T>(f, 1)));
}
template <typename T>
Datum Not(FunctionCallInfo* f) {
  return ToDatum(static_cast<T>(~ArgAs<T>(f, 0)));
}
// Shifts take an int4 count and behave like C on the promoted value, as PostgreSQL does on
// x86-64 (the count is masked by the hardware for the promoted width).
template <typename T>
Datum Shl(FunctionCallInfo* f) {
  using U = std::make_unsigned_t<std::conditional_t<sizeof(T) == 8, int64_t, int32_t>>;
  int bits = sizeof(T) == 8 ? 64 : 32;
  U v = static_cast<U>(
      static_cast<std::conditional_t<sizeof(T) == 8, int64_t, int32_t>>(ArgAs<T>(f, 0)));
  return ToDatum(static_cast<T>(v << (f->ArgInt32(1) & (bits - 1))));
}
template <typename T>
Datum Shr(FunctionCallInfo* f) {
  using W = std::conditional_t<sizeof(T) == 8, int64_t, int32_t>;
  int bits = sizeof(T) == 8 ? 64 : 32;
  W v = ArgAs<T>(f, 0);
  return ToDatum(static_cast<T>(v >> (f->ArgInt32(1) & (bits - 1))));
}
template <typename T>
Datum Larger(FunctionCallInfo* f) {
  return ToDatum(std::max(ArgAs<T>(f, 0), ArgAs<T>(f, 1)));
}
template <typename T>
Datum Smaller(FunctionCallInfo* f) {
  return ToDatum(std::min(ArgAs<T>(f, 0), ArgAs<T>(f, 1)));
}
template <typename T>
Datum Inc(FunctionCallInfo* f) {
  T result;
  if (__builtin_add_overflow(ArgAs<T>(f, 0), T{1}, &result)) ThrowOutOfRange<T>();
  return ToDatum(result);
}

// Euclid on the (possibly negative) values, as PostgreSQL's int4gcd_internal: gcd(MIN, 0)
// and gcd(MIN, MIN) are out of range because |MIN| is not representable.
template <typename T>
T Gcd(T a, T b) {
  if (a == std::numeric_limits<T>::min() || b == std::numeric_limits<T>::min()) {
    if (a == 0 || b == 0 || (a == std::numeric_limits<T>::min() && b == a)) {
      ThrowOutOfRange<T>();
    }
  }
  while (b != 0) {
    T r = b == -1 ? T{0} : static_cast<T>(a % b);  // MIN % -1 traps on x86
    a = b;
    b = r;
  }
  if (a < 0) a = static_cast<T>(-a);
  return a;
}
template <typename T>
Datum GcdFn(FunctionCallInfo* f) {
  return ToDatum(Gcd(ArgAs<T>(f, 0), ArgAs<T>(f, 1)));
}
template <typename T>
Datum LcmFn(FunctionCallInfo* f) {
  T a = ArgAs<T>(f, 0);
  T b = ArgAs<T>(f, 1);
  if (a == 0 || b == 0) return ToDatum(T{0});
  T gcd = Gcd(a, b);
  T result;
  if (__builtin_mul_overflow(static_cast<T>(a / gcd), b, &result)) ThrowOutOfRange<T>();
  if (result == std::numeric_limits<T>::min()) ThrowOutOfRange<T>();
  if (result < 0) result = static_cast<T>(-result);
  return ToDatum(result);
}

using I2 = int16_t;
using I4 = int32_t;
using I8 = int64_t;

#define HYRAX_INT_ARITH(prefix, A, B, R)                                                           \
  {prefix "pl", Add<A, B, R>, 2}, {prefix "mi", Sub<A, B, R>, 2}, {prefix "mul", Mul<A, B, R>, 2}, \
  {                                                                                                \
    prefix "div", Div<A, B, R>, 2                                                                  \
  }

#define HYRAX_INT_UNARY(prefix, T)                                                     \
  {prefix "um", Negate<T>, 1}, {prefix "up", Plus<T>, 1}, {prefix "abs", Abs<T>, 1},   \
      {prefix "mod", Mod<T>, 2}, {prefix "and", And<T>, 2}, {prefix "or", Or<T>, 2},   \
      {prefix "xor", Xor<T>, 2}, {prefix "not", Not<T>, 1}, {prefix "shl", Shl<T>, 2}, \
      {prefix "shr", Shr<T>, 2}, {prefix "larger", Larger<T>, 2}, {                    \
    prefix "smaller", Smaller<T>, 2                                                    \
  }

const BuiltinFunction kIntArithBuiltins[] = {
    HYRAX_INT_ARITH("int2", I2, I2, I2),
    HYRAX_INT_ARITH("int4", I4, I4, I4),
    HYRAX_INT_ARITH("int8", I8, I8, I8),
    HYRAX_INT_ARITH("int24", I2, I4, I4),
    HYRAX_INT_ARITH("int42", I4, I2, I4),
    HYRAX_INT_ARITH("int28", I2, I8, I8),
    HYRAX_INT_ARITH("int82", I8, I2, I8),
    HYRAX_INT_ARITH("int48", I4, I8, I8),
    HYRAX_INT_ARITH("int84", I8, I4, I8),
    HYRAX_INT_UNARY("int2", I2),
    HYRAX_INT_UNARY("int4", I4),
    HYRAX_INT_UNARY("int8", I8),
    {"int4inc", Inc<I4>, 1},
    {"int4gcd", GcdFn<I4>, 2},
    {"int8gcd", GcdFn<I8>, 2},
    {"int4lcm", LcmFn<I4>, 2},
    {"int8lcm", LcmFn<I8>, 2},
};

#undef HYRAX_INT_ARITH
#undef HYRAX_INT_UNARY

}  // namespace

std::span<const BuiltinFunction> IntArithBuiltins() {
  return kIntArithBuiltins;
}

}  // namespace hyrax::executor
