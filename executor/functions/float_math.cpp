// float8 math functions: rounding (round/trunc/ceil/floor/sign), sqrt/cbrt/power/exp/ln/log10,
// trigonometry in radians and in degrees (exact at the special angles, as PostgreSQL's
// sind/cosd/... are), hyperbolic functions, degrees/radians/pi, width_bucket, and
// random()/setseed() on PostgreSQL's xoroshiro128** generator so that a seeded sequence is
// the same as PostgreSQL's. Errors are PostgreSQL's (2201E/2201F/22003). See README.md
// "Floats".
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <limits>

#include <sys/random.h>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/float_io.h"

namespace hyrax::executor {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRadiansPerDegree = 0.0174532925199432957692;

[[noreturn]] void ThrowInputOutOfRange() {
  throw Error(errcode::kNumericValueOutOfRange, "input is out of range");
}

// PostgreSQL's result checks: infinite from finite input is an overflow, zero from nonzero
// input (when the function cannot legitimately return zero) an underflow.
double CheckOverflow(double result, bool inf_input) {
  if (std::isinf(result) && !inf_input) ThrowFloatOverflow();
  return result;
}

Datum Dround(FunctionCallInfo* f) {
  return Float8GetDatum(std::rint(f->ArgFloat8(0)));
}
Datum Dtrunc(FunctionCallInfo* f) {
  return Float8GetDatum(std::trunc(f->ArgFloat8(0)));
}
Datum Dceil(FunctionCallInfo* f) {
  return Float8GetDatum(std::ceil(f->ArgFloat8(0)));
}
Datum Dfloor(FunctionCallInfo* f) {
  return Float8GetDatum(std::floor(f->ArgFloat8(0)));
}
Datum Dsign(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  return Float8GetDatum(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);  // NaN and -0 give 0
}

Datum Dsqrt(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (x < 0) {
    throw Error(errcode::kInvalidArgumentForPowerFunction,
                "cannot take square root of a negative number");
  }
  double r = CheckOverflow(std::sqrt(x), std::isinf(x));
  if (r == 0 && x != 0) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}

Datum Dcbrt(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  double r = CheckOverflow(std::cbrt(x), std::isinf(x));
  if (r == 0 && x != 0) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}

// pow() with SQL's special cases, which C's pow() does not all share.
double Power(double x, double y) {
  if (std::isnan(x)) return y == 0 ? 1.0 : kNaN;
  if (std::isnan(y)) return x == 1 ? 1.0 : kNaN;
  if (x == 0 && y < 0) {
    throw Error(errcode::kInvalidArgumentForPowerFunction,
                "zero raised to a negative power is undefined");
  }
  if (x < 0 && std::floor(y) != y) {
    throw Error(errcode::kInvalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result");
  }
  if (std::isinf(y)) {
    double ax = std::fabs(x);
    if (ax == 1) return 1.0;
    if (ax > 1) return y > 0 ? kInf : 0.0;
    return y > 0 ? 0.0 : kInf;
  }
  if (std::isinf(x)) {
    if (y == 0) return 1.0;
    if (x > 0) return y > 0 ? kInf : 0.0;
    double half = y / 2;
    bool odd = std::trunc(half) != half;  // y is an integer here
    if (y > 0) return odd ? -kInf : kInf;
    return odd ? -0.0 : 0.0;
  }
  errno = 0;
  double r = std::pow(x, y);
  if (errno == EDOM && std::isnan(r)) {
    double ax = std::fabs(x);
    if ((ax > 1 && y >= 0) || (ax < 1 && y < 0)) {
      r = kInf;
    } else if (ax != 1) {
      r = 0;
    } else {
      r = 1;
    }
  } else if (errno == ERANGE && r != 0 && !std::isinf(r)) {
    r = kInf;
  }
  if (std::isinf(r)) ThrowFloatOverflow();
  if (r == 0 && x != 0) ThrowFloatUnderflow();
  return r;
}

Datum Dpow(FunctionCallInfo* f) {
  return Float8GetDatum(Power(f->ArgFloat8(0), f->ArgFloat8(1)));
}

Datum Dexp(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  if (std::isinf(x)) return Float8GetDatum(x > 0 ? x : 0.0);
  errno = 0;
  double r = std::exp(x);
  if (errno == ERANGE) {
    if (r != 0) ThrowFloatOverflow();
    ThrowFloatUnderflow();
  }
  if (std::isinf(r)) ThrowFloatOverflow();
  if (r == 0) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}

template <double (*kLog)(double)>
Datum Dlog(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (x == 0) throw Error(errcode::kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (x < 0) {
    throw Error(errcode::kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  }
  double r = CheckOverflow(kLog(x), std::isinf(x));
  if (r == 0 && x != 1) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}
double Ln(double x) {
  return std::log(x);
}
double Log10(double x) {
  return std::log10(x);
}

// asin/acos: defined on [-1, 1].
template <double (*kFn)(double)>
Datum InverseCircular(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  if (x < -1 || x > 1) ThrowInputOutOfRange();
  return Float8GetDatum(CheckOverflow(kFn(x), false));
}
double Asin(double x) {
  return std::asin(x);
}
double Acos(double x) {
  return std::acos(x);
}

Datum Datan(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  return Float8GetDatum(CheckOverflow(std::atan(x), false));
}

Datum Datan2(FunctionCallInfo* f) {
  double y = f->ArgFloat8(0), x = f->ArgFloat8(1);
  if (std::isnan(y) || std::isnan(x)) return Float8GetDatum(kNaN);
  return Float8GetDatum(CheckOverflow(std::atan2(y, x), false));
}

// sin/cos/tan/cot: infinite input is out of range; tan and cot may legitimately be infinite.
enum class Circular { kSin, kCos, kTan, kCot };
template <Circular kind>
Datum CircularFn(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  if (std::isinf(x)) ThrowInputOutOfRange();
  errno = 0;
  double r = kind == Circular::kSin   ? std::sin(x)
             : kind == Circular::kCos ? std::cos(x)
                                      : std::tan(x);
  if (errno != 0) ThrowInputOutOfRange();
  if (kind == Circular::kCot) r = 1.0 / r;
  if (kind == Circular::kSin || kind == Circular::kCos) CheckOverflow(r, false);
  return Float8GetDatum(r);
}

// ---- Degree-based trigonometry ----
// Results are exact at multiples of 30 and 45 degrees: the argument is reduced to the first
// quadrant, and the value is scaled by the library's own value at 30/60/45 degrees, so that
// e.g. sind(30) is exactly 0.5 whatever the rounding of sin(pi/6). The scale constants are
// computed at run time from the same library functions (as PostgreSQL does).
struct DegreeConstants {
  double sin_30, one_minus_cos_60, asin_0_5, acos_0_5, atan_1_0;
};

const DegreeConstants& DegreeConsts() {
  static const DegreeConstants constants = [] {
    // volatile keeps the compiler from folding these with different rounding than libm.
    volatile double thirty = 30.0, sixty = 60.0, half = 0.5, one = 1.0;
    DegreeConstants c{};
    c.sin_30 = std::sin(thirty * kRadiansPerDegree);
    c.one_minus_cos_60 = 1.0 - std::cos(sixty * kRadiansPerDegree);
    c.asin_0_5 = std::asin(half);
    c.acos_0_5 = std::acos(half);
    c.atan_1_0 = std::atan(one);
    return c;
  }();
  return constants;
}

double SinDeg0To30(double x) {
  return (std::sin(x * kRadiansPerDegree) / DegreeConsts().sin_30) / 2.0;
}
double CosDeg0To60(double x) {
  double one_minus_cos = 1.0 - std::cos(x * kRadiansPerDegree);
  return 1.0 - (one_minus_cos / DegreeConsts().one_minus_cos_60) / 2.0;
}
double SinDegQ1(double x) {
  return x <= 30.0 ? SinDeg0To30(x) : CosDeg0To60(90.0 - x);
}
double CosDegQ1(double x) {
  return x <= 60.0 ? CosDeg0To60(x) : SinDeg0To30(90.0 - x);
}
double AsinDegQ1(double x) {
  if (x <= 0.5) return (std::asin(x) / DegreeConsts().asin_0_5) * 30.0;
  return 90.0 - (std::acos(x) / DegreeConsts().acos_0_5) * 60.0;
}
double AcosDegQ1(double x) {
  if (x <= 0.5) return 90.0 - (std::asin(x) / DegreeConsts().asin_0_5) * 30.0;
  return (std::acos(x) / DegreeConsts().acos_0_5) * 60.0;
}
double Tan45() {
  static const double value = SinDegQ1(45.0) / CosDegQ1(45.0);
  return value;
}
double Cot45() {
  static const double value = CosDegQ1(45.0) / SinDegQ1(45.0);
  return value;
}

double RequireFiniteDegrees(double x) {
  if (std::isinf(x)) ThrowInputOutOfRange();
  return x;
}

Datum Dsind(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  x = std::fmod(RequireFiniteDegrees(x), 360.0);
  double sign = 1.0;
  if (x < 0) {
    x = -x;
    sign = -sign;
  }
  if (x > 180.0) {
    x -= 180.0;
    sign = -sign;
  }
  if (x > 90.0) x = 180.0 - x;
  return Float8GetDatum(CheckOverflow(sign * SinDegQ1(x), false));
}

Datum Dcosd(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  x = std::fabs(std::fmod(RequireFiniteDegrees(x), 360.0));
  double sign = 1.0;
  if (x > 180.0) x = 360.0 - x;
  if (x > 90.0) {
    x = 180.0 - x;
    sign = -sign;
  }
  return Float8GetDatum(CheckOverflow(sign * CosDegQ1(x), false));
}

// tand/cotd: reduced to [0, 90] with a sign; -0 results become +0.
template <bool kCot>
Datum TanCotDeg(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  x = std::fmod(RequireFiniteDegrees(x), 360.0);
  double sign = 1.0;
  if (x < 0) {
    x = -x;
    sign = -sign;
  }
  if (x > 180.0) {
    x = 360.0 - x;
    sign = -sign;
  }
  if (x > 90.0) {
    x = 180.0 - x;
    sign = -sign;
  }
  double r = kCot ? sign * ((CosDegQ1(x) / SinDegQ1(x)) / Cot45())
                  : sign * ((SinDegQ1(x) / CosDegQ1(x)) / Tan45());
  if (r == 0.0) r = 0.0;
  return Float8GetDatum(r);
}

Datum Dasind(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  if (x < -1 || x > 1) ThrowInputOutOfRange();
  double r = x >= 0 ? AsinDegQ1(x) : -AsinDegQ1(-x);
  return Float8GetDatum(CheckOverflow(r, false));
}

Datum Dacosd(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  if (x < -1 || x > 1) ThrowInputOutOfRange();
  double r = x >= 0 ? AcosDegQ1(x) : 90.0 + AsinDegQ1(-x);
  return Float8GetDatum(CheckOverflow(r, false));
}

Datum Datand(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (std::isnan(x)) return Float8GetDatum(x);
  return Float8GetDatum(CheckOverflow((std::atan(x) / DegreeConsts().atan_1_0) * 45.0, false));
}

Datum Datan2d(FunctionCallInfo* f) {
  double y = f->ArgFloat8(0), x = f->ArgFloat8(1);
  if (std::isnan(y) || std::isnan(x)) return Float8GetDatum(kNaN);
  return Float8GetDatum(CheckOverflow((std::atan2(y, x) / DegreeConsts().atan_1_0) * 45.0, false));
}

// ---- Hyperbolic ----

Datum Dsinh(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  errno = 0;
  double r = std::sinh(x);
  if (errno == ERANGE) r = x < 0 ? -kInf : kInf;
  return Float8GetDatum(r);
}
Datum Dcosh(FunctionCallInfo* f) {
  errno = 0;
  double r = std::cosh(f->ArgFloat8(0));
  if (errno == ERANGE) r = kInf;
  if (r == 0) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}
Datum Dtanh(FunctionCallInfo* f) {
  return Float8GetDatum(CheckOverflow(std::tanh(f->ArgFloat8(0)), false));
}
Datum Dasinh(FunctionCallInfo* f) {
  return Float8GetDatum(std::asinh(f->ArgFloat8(0)));
}
Datum Dacosh(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (x < 1) ThrowInputOutOfRange();  // NaN passes through
  return Float8GetDatum(std::acosh(x));
}
Datum Datanh(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  if (x < -1 || x > 1) ThrowInputOutOfRange();
  if (x == -1) return Float8GetDatum(-kInf);
  if (x == 1) return Float8GetDatum(kInf);
  return Float8GetDatum(std::atanh(x));
}

// ---- Conversions and constants ----

Datum Degrees(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  double r = x / kRadiansPerDegree;
  if (std::isinf(r) && !std::isinf(x)) ThrowFloatOverflow();
  if (r == 0 && x != 0) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}
Datum Radians(FunctionCallInfo* f) {
  double x = f->ArgFloat8(0);
  double r = x * kRadiansPerDegree;
  if (std::isinf(r) && !std::isinf(x)) ThrowFloatOverflow();
  if (r == 0 && x != 0) ThrowFloatUnderflow();
  return Float8GetDatum(r);
}
Datum Dpi(FunctionCallInfo* f) {
  return Float8GetDatum(M_PI);
}

// width_bucket(operand, b1, b2, count): the bucket of `operand` among `count` equal-width
// buckets between b1 and b2 (either order); 0 below, count+1 above.
Datum WidthBucketFloat8(FunctionCallInfo* f) {
  double operand = f->ArgFloat8(0), b1 = f->ArgFloat8(1), b2 = f->ArgFloat8(2);
  int32_t count = f->ArgInt32(3);
  if (count <= 0) {
    throw Error(errcode::kInvalidArgumentForWidthBucketFunction, "count must be greater than zero");
  }
  if (std::isnan(operand) || std::isnan(b1) || std::isnan(b2)) {
    throw Error(errcode::kInvalidArgumentForWidthBucketFunction,
                "operand, lower bound, and upper bound cannot be NaN");
  }
  if (std::isinf(b1) || std::isinf(b2)) {
    throw Error(errcode::kInvalidArgumentForWidthBucketFunction,
                "lower and upper bounds must be finite");
  }
  if (b1 == b2) {
    throw Error(errcode::kInvalidArgumentForWidthBucketFunction,
                "lower bound cannot equal upper bound");
  }
  bool ascending = b1 < b2;
  bool below = ascending ? operand < b1 : operand > b1;
  bool above = ascending ? operand >= b2 : operand <= b2;
  if (below) return Int32GetDatum(0);
  if (above) {
    if (count == std::numeric_limits<int32_t>::max()) {
      throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
    }
    return Int32GetDatum(count + 1);
  }
  // PostgreSQL 15 computes count * (operand - b1) / (b2 - b1) + 1 in double precision and
  // converts it to int32; with huge bounds that is NaN or infinite, which x86 converts to
  // INT_MIN (what PostgreSQL 15 returns there).
  double bucket = ascending ? static_cast<double>(count) * (operand - b1) / (b2 - b1) + 1
                            : static_cast<double>(count) * (b1 - operand) / (b1 - b2) + 1;
  if (!(bucket >= -2147483648.0 && bucket < 2147483648.0)) {
    return Int32GetDatum(std::numeric_limits<int32_t>::min());
  }
  return Int32GetDatum(static_cast<int32_t>(bucket));
}

// ---- random() / setseed() ----
// PostgreSQL's pg_prng: xoroshiro128** seeded through splitmix64; doubles take the top 52
// bits. Seeded from the kernel on first use unless setseed() ran first.
struct Prng {
  uint64_t s0 = 0, s1 = 0;
  bool seeded = false;
};

Prng& SessionPrng() {
  static Prng prng;
  return prng;
}

uint64_t SplitMix64(uint64_t* state) {
  uint64_t v = (*state += 0x9E3779B97F4A7C15ULL);
  v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9ULL;
  v = (v ^ (v >> 27)) * 0x94D049BB133111EBULL;
  return v ^ (v >> 31);
}

uint64_t Rotl(uint64_t x, int bits) {
  return (x << bits) | (x >> (64 - bits));
}

void SeedPrng(Prng* prng, uint64_t seed) {
  prng->s0 = SplitMix64(&seed);
  prng->s1 = SplitMix64(&seed);
  if (prng->s0 == 0 && prng->s1 == 0) {  // the all-zero state is a fixed point
    prng->s0 = 0x5851F42D4C957F2DULL;
    prng->s1 = 0x14057B7EF767814FULL;
  }
  prng->seeded = true;
}

double NextDouble(Prng* prng) {
  if (!prng->seeded) {
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof(seed), 0) != static_cast<ssize_t>(sizeof(seed))) {
      seed = static_cast<uint64_t>(std::time(nullptr));
    }
    SeedPrng(prng, seed);
  }
  uint64_t s0 = prng->s0, sx = prng->s1 ^ s0;
  uint64_t value = Rotl(s0 * 5, 7) * 9;
  prng->s0 = Rotl(s0, 24) ^ sx ^ (sx << 16);
  prng->s1 = Rotl(sx, 37);
  return std::ldexp(static_cast<double>(value >> 12), -52);
}

Datum Drandom(FunctionCallInfo* f) {
  return Float8GetDatum(NextDouble(&SessionPrng()));
}

Datum Setseed(FunctionCallInfo* f) {
  double seed = f->ArgFloat8(0);
  if (seed < -1 || seed > 1 || std::isnan(seed)) {
    char text[64];
    std::snprintf(text, sizeof(text), "%g", seed);
    throw MakeError(errcode::kInvalidParameterValue,
                    "setseed parameter {} is out of allowed range [-1,1]", text);
  }
  // About 52 mantissa bits, and the sign contributes too.
  auto scaled = static_cast<int64_t>(static_cast<double>((uint64_t{1} << 52) - 1) * seed);
  SeedPrng(&SessionPrng(), static_cast<uint64_t>(scaled));
  return Datum{0};
}

const BuiltinFunction kFloatMathBuiltins[] = {
    {"dround", Dround, 1},
    {"dtrunc", Dtrunc, 1},
    {"dceil", Dceil, 1},
    {"dfloor", Dfloor, 1},
    {"dsign", Dsign, 1},
    {"dsqrt", Dsqrt, 1},
    {"dcbrt", Dcbrt, 1},
    {"dpow", Dpow, 2},
    {"dexp", Dexp, 1},
    {"dlog1", Dlog<Ln>, 1},
    {"dlog10", Dlog<Log10>, 1},
    {"dasin", InverseCircular<Asin>, 1},
    {"dacos", InverseCircular<Acos>, 1},
    {"datan", Datan, 1},
    {"datan2", Datan2, 2},
    {"dsin", CircularFn<Circular::kSin>, 1},
    {"dcos", CircularFn<Circular::kCos>, 1},
    {"dtan", CircularFn<Circular::kTan>, 1},
    {"dcot", CircularFn<Circular::kCot>, 1},
    {"dsind", Dsind, 1},
    {"dcosd", Dcosd, 1},
    {"dtand", TanCotDeg<false>, 1},
    {"dcotd", TanCotDeg<true>, 1},
    {"dasind", Dasind, 1},
    {"dacosd", Dacosd, 1},
    {"datand", Datand, 1},
    {"datan2d", Datan2d, 2},
    {"dsinh", Dsinh, 1},
    {"dcosh", Dcosh, 1},
    {"dtanh", Dtanh, 1},
    {"dasinh", Dasinh, 1},
    {"dacosh", Dacosh, 1},
    {"datanh", Datanh, 1},
    {"degrees", Degrees, 1},
    {"radians", Radians, 1},
    {"dpi", Dpi, 0},
    {"width_bucket_float8", WidthBucketFloat8, 4},
    {"drandom", Drandom, 0},
    {"setseed", Setseed, 1},
};

}  // namespace

std::span<const BuiltinFunction> FloatMathBuiltins() {
  return kFloatMathBuiltins;
}

}  // namespace hyrax::executor
