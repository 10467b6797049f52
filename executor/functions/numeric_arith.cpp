// numeric operators and math functions with PostgreSQL 15's handling of NaN and infinities
// and its result-scale rules: + - * / % div, abs, negation, sign, round/trunc/ceil/floor,
// sqrt, exp, ln, log, power, gcd/lcm, factorial, scale/min_scale/trim_scale, width_bucket.
// See README.md "Numeric".
#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/numeric_io.h"

namespace hyrax::executor {

namespace {

using Kind = NumericVar::Kind;

NumericVar Arg(FunctionCallInfo* f, int i) {
  return NumericDatumToVar(f->Arg(i));
}
Datum Result(const NumericVar& v) {
  return MakeNumericDatum(v);
}
[[noreturn]] void ThrowDivByZero() {
  throw Error(errcode::kDivisionByZero, "division by zero");
}
bool IsPosInf(const NumericVar& v) {
  return v.kind == Kind::kPosInf;
}

Datum NumericAdd(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (a.IsNaN() || b.IsNaN()) return Result(NumericVar::NaN());
  if (a.IsInf() || b.IsInf()) {
    if (a.IsInf() && b.IsInf() && a.kind != b.kind) return Result(NumericVar::NaN());
    return Result(a.IsInf() ? a : b);
  }
  return Result(AddVar(a, b));
}

Datum NumericSub(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (a.IsNaN() || b.IsNaN()) return Result(NumericVar::NaN());
  if (a.IsInf() || b.IsInf()) {
    if (a.IsInf() && b.IsInf()) {
      return Result(a.kind == b.kind ? NumericVar::NaN() : a);
    }
    return Result(a.IsInf() ? a : NumericVar::Inf(IsPosInf(b)));
  }
  return Result(SubVar(a, b));
}

Datum NumericMul(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (a.IsNaN() || b.IsNaN()) return Result(NumericVar::NaN());
  if (a.IsInf() || b.IsInf()) {
    int sign = a.Sign() * b.Sign();
    if (sign == 0) return Result(NumericVar::NaN());  // Inf * 0
    return Result(NumericVar::Inf(sign < 0));
  }
  return Result(MulVar(a, b, a.dscale + b.dscale));
}

// Shared special-value handling of / and div; returns true when `out` is the result.
bool DivideSpecial(const NumericVar& a, const NumericVar& b, NumericVar* out) {
  if (a.IsNaN() || b.IsNaN()) {
    *out = NumericVar::NaN();
    return true;
  }
  if (a.IsInf()) {
    if (b.IsInf()) {
      *out = NumericVar::NaN();
      return true;
    }
    int sign = b.Sign();
    if (sign == 0) ThrowDivByZero();
    *out = NumericVar::Inf((a.Sign() * sign) < 0);
    return true;
  }
  if (b.IsInf()) {
    *out = NumericVar();  // finite / Inf = 0
    return true;
  }
  return false;
}

Datum NumericDiv(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1), out;
  if (DivideSpecial(a, b, &out)) return Result(out);
  return Result(DivVar(a, b, SelectDivScale(a, b), true));
}

Datum NumericDivTrunc(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1), out;
  if (DivideSpecial(a, b, &out)) return Result(out);
  return Result(DivVar(a, b, 0, false));
}

Datum NumericMod(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (a.IsNaN() || b.IsNaN()) return Result(NumericVar::NaN());
  if (a.IsInf()) {
    if (b.IsFinite() && b.IsZero()) ThrowDivByZero();
    return Result(NumericVar::NaN());
  }
  if (b.IsInf()) return f->Arg(0);  // x % Inf = x
  return Result(ModVar(a, b));
}

Datum NumericAbs(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (a.kind == Kind::kNegInf) return Result(NumericVar::Inf(false));
  a.negative = false;
  return Result(a);
}

Datum NumericUminus(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (a.IsInf()) return Result(NumericVar::Inf(IsPosInf(a)));
  if (!a.IsZero()) a.negative = !a.negative;
  return Result(a);
}

Datum NumericUplus(FunctionCallInfo* f) {
  return f->Arg(0);
}

Datum NumericSign(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (a.IsNaN()) return Result(a);
  return Result(NumericVar::FromInt64(a.Sign()));
}

int ClampRoundScale(int32_t scale) {
  return std::max(std::min<int32_t>(scale, kNumericMaxResultScale), -kNumericMaxResultScale);
}

Datum NumericRound(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->Arg(0);
  RoundVar(&a, ClampRoundScale(f->ArgInt32(1)));
  return Result(a);
}

Datum NumericTrunc(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->Arg(0);
  TruncVar(&a, ClampRoundScale(f->ArgInt32(1)));
  return Result(a);
}

// ceil/floor: truncate toward zero, then step away from zero when something was cut off in
// the rounding direction.
template <bool kCeil>
Datum NumericCeilFloor(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->Arg(0);
  NumericVar t = a;
  TruncVar(&t, 0);
  if (CmpVar(t, a) != 0 && (kCeil ? !a.negative : a.negative)) {
    t = AddVar(t, NumericVar::FromInt64(kCeil ? 1 : -1));
  }
  t.dscale = 0;
  return Result(t);
}

Datum NumericInc(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->Arg(0);
  return Result(AddVar(a, NumericVar::FromInt64(1)));
}

Datum NumericSqrt(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (a.IsNaN() || IsPosInf(a)) return f->Arg(0);
  if (a.Sign() < 0) {
    throw Error(errcode::kInvalidArgumentForPowerFunction,
                "cannot take square root of a negative number");
  }
  return Result(SqrtVar(a));
}

Datum NumericExp(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (a.IsNaN() || IsPosInf(a)) return f->Arg(0);
  if (a.IsInf()) return Result(NumericVar());  // exp(-Inf) = 0
  return Result(ExpVar(a));
}

void CheckLogArgument(const NumericVar& a) {
  if (a.Sign() == 0) throw Error(errcode::kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (a.Sign() < 0) {
    throw Error(errcode::kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  }
}

Datum NumericLn(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (a.IsNaN()) return f->Arg(0);
  CheckLogArgument(a);
  if (a.IsInf()) return f->Arg(0);
  return Result(LnVar(a));
}

Datum NumericLog(FunctionCallInfo* f) {
  NumericVar base = Arg(f, 0), num = Arg(f, 1);
  if (base.IsNaN() || num.IsNaN()) return Result(NumericVar::NaN());
  CheckLogArgument(base);
  CheckLogArgument(num);
  if (base.IsInf()) return Result(num.IsInf() ? NumericVar::NaN() : NumericVar());
  if (num.IsInf()) return Result(num);
  if (CmpVar(base, NumericVar::FromInt64(1)) == 0) ThrowDivByZero();
  return Result(LogVar(base, num));
}

// x ^ Inf and Inf ^ x follow POSIX pow(), as PostgreSQL's numeric_power.
NumericVar PowerSpecial(const NumericVar& a, const NumericVar& b) {
  if (b.IsInf()) {
    if (b.kind == Kind::kPosInf) {
      if (a.IsInf()) return NumericVar::Inf(false);
      int c = CmpAbs(a, NumericVar::FromInt64(1));
      return c > 0 ? NumericVar::Inf(false) : (c == 0 ? NumericVar::FromInt64(1) : NumericVar());
    }
    if (a.IsInf()) return NumericVar();
    int c = CmpAbs(a, NumericVar::FromInt64(1));
    if (c > 0) return NumericVar();
    if (c == 0) return NumericVar::FromInt64(1);
    if (a.Sign() == 0) {
      throw Error(errcode::kInvalidArgumentForPowerFunction,
                  "zero raised to a negative power is undefined");
    }
    return NumericVar::Inf(false);
  }
  int sign2 = b.Sign();
  if (sign2 == 0) return NumericVar::FromInt64(1);
  if (sign2 < 0) return NumericVar();
  if (a.kind == Kind::kPosInf) return NumericVar::Inf(false);
  // -Inf ^ positive: negative for odd integers, else positive.
  bool is_integer = static_cast<int>(b.digits.size()) <= b.weight + 1;
  bool odd =
      is_integer && static_cast<int>(b.digits.size()) == b.weight + 1 && (b.digits.back() & 1);
  return NumericVar::Inf(odd);
}

Datum NumericPower(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (a.IsNaN()) {
    return Result(b.IsFinite() && b.IsZero() ? NumericVar::FromInt64(1) : NumericVar::NaN());
  }
  if (b.IsNaN()) {
    return Result(a.IsFinite() && CmpVar(a, NumericVar::FromInt64(1)) == 0
                      ? NumericVar::FromInt64(1)
                      : NumericVar::NaN());
  }
  if (a.IsInf() || b.IsInf()) return Result(PowerSpecial(a, b));
  if (a.Sign() == 0 && b.Sign() < 0) {
    throw Error(errcode::kInvalidArgumentForPowerFunction,
                "zero raised to a negative power is undefined");
  }
  return Result(PowerVar(a, b));
}

NumericVar Gcd(NumericVar a, NumericVar b) {
  int dscale = std::max(a.dscale, b.dscale);
  a.negative = b.negative = false;
  if (CmpVar(a, b) < 0) std::swap(a, b);
  while (!b.digits.empty()) {
    NumericVar r = ModVar(a, b);
    a = std::move(b);
    b = std::move(r);
  }
  a.dscale = dscale;
  return a;
}

Datum NumericGcd(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (!a.IsFinite() || !b.IsFinite()) return Result(NumericVar::NaN());
  return Result(Gcd(a, b));
}

Datum NumericLcm(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0), b = Arg(f, 1);
  if (!a.IsFinite() || !b.IsFinite()) return Result(NumericVar::NaN());
  int dscale = std::max(a.dscale, b.dscale);
  NumericVar result;
  if (!a.IsZero() && !b.IsZero()) {
    NumericVar g = Gcd(a, b);
    result = MulVar(DivVar(a, g, 0, false), b, a.dscale + b.dscale);
    result.negative = false;
  }
  result.dscale = dscale;
  return Result(result);
}

Datum NumericFac(FunctionCallInfo* f) {
  int64_t n = f->ArgInt64(0);
  if (n < 0) {
    throw Error(errcode::kNumericValueOutOfRange, "factorial of a negative number is undefined");
  }
  if (n > 32177) throw Error(errcode::kNumericValueOutOfRange, "value overflows numeric format");
  NumericVar result = NumericVar::FromInt64(1);
  for (int64_t k = 2; k <= n; ++k) result = MulVar(result, NumericVar::FromInt64(k), 0);
  return Result(result);
}

Datum NumericScale(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->ReturnNull();
  return Int32GetDatum(a.dscale);
}

// Smallest scale that represents the value exactly.
int MinScale(const NumericVar& a) {
  if (a.digits.empty()) return 0;
  int last_weight = a.weight - static_cast<int>(a.digits.size()) + 1;
  if (last_weight >= 0) return 0;
  int scale = -last_weight * kNumericDecDigits;
  int last = a.digits.back();
  while (last % 10 == 0) {
    last /= 10;
    --scale;
  }
  return scale;
}

Datum NumericMinScale(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->ReturnNull();
  return Int32GetDatum(MinScale(a));
}

Datum NumericTrimScale(FunctionCallInfo* f) {
  NumericVar a = Arg(f, 0);
  if (!a.IsFinite()) return f->Arg(0);
  a.dscale = MinScale(a);
  return Result(a);
}

// width_bucket(operand, low, high, count) for numeric, as PostgreSQL's width_bucket_numeric.
Datum WidthBucketNumeric(FunctionCallInfo* f) {
  NumericVar operand = Arg(f, 0), low = Arg(f, 1), high = Arg(f, 2);
  int32_t count = f->ArgInt32(3);
  if (count <= 0) {
    throw Error(errcode::kInvalidArgumentForWidthBucketFunction, "count must be greater than zero");
  }
  if (!operand.IsFinite() || !low.IsFinite() || !high.IsFinite()) {
    if (operand.IsNaN() || low.IsNaN() || high.IsNaN()) {
      throw Error(errcode::kInvalidArgumentForWidthBucketFunction,
                  "operand, lower bound, and upper bound cannot be NaN");
    }
    if (low.IsInf() || high.IsInf()) {
      throw Error(errcode::kInvalidArgumentForWidthBucketFunction,
                  "lower and upper bounds must be finite");
    }
  }
  int cmp = CmpNumerics(low, high);
  if (cmp == 0) {
    throw Error(errcode::kInvalidArgumentForWidthBucketFunction,
                "lower bound cannot equal upper bound");
  }
  NumericVar count_var = NumericVar::FromInt64(count);
  int64_t result;
  auto bucket = [&](const NumericVar& num, const NumericVar& den) {
    // (num / den) * count, truncated, plus one.
    NumericVar prod = MulVar(num, count_var, num.dscale);
    NumericVar q = DivVar(prod, den, 0, false);
    int64_t v = 0;
    NumericToInt64(q, &v);
    return v + 1;
  };
  if (cmp < 0) {
    if (CmpNumerics(operand, low) < 0) {
      result = 0;
    } else if (CmpNumerics(operand, high) >= 0) {
      result = int64_t{count} + 1;
    } else {
      result = bucket(SubVar(operand, low), SubVar(high, low));
    }
  } else {
    if (CmpNumerics(operand, low) > 0) {
      result = 0;
    } else if (CmpNumerics(operand, high) <= 0) {
      result = int64_t{count} + 1;
    } else {
      result = bucket(SubVar(low, operand), SubVar(low, high));
    }
  }
  if (result > INT32_MAX) throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
  return Int32GetDatum(static_cast<int32_t>(result));
}

const BuiltinFunction kNumericArithBuiltins[] = {
    {"numeric_add", NumericAdd, 2},
    {"numeric_sub", NumericSub, 2},
    {"numeric_mul", NumericMul, 2},
    {"numeric_div", NumericDiv, 2},
    {"numeric_div_trunc", NumericDivTrunc, 2},
    {"numeric_mod", NumericMod, 2},
    {"numeric_abs", NumericAbs, 1},
    {"numeric_uminus", NumericUminus, 1},
    {"numeric_uplus", NumericUplus, 1},
    {"numeric_sign", NumericSign, 1},
    {"numeric_round", NumericRound, 2},
    {"numeric_trunc", NumericTrunc, 2},
    {"numeric_ceil", NumericCeilFloor<true>, 1},
    {"numeric_floor", NumericCeilFloor<false>, 1},
    {"numeric_inc", NumericInc, 1},
    {"numeric_sqrt", NumericSqrt, 1},
    {"numeric_exp", NumericExp, 1},
    {"numeric_ln", NumericLn, 1},
    {"numeric_log", NumericLog, 2},
    {"numeric_power", NumericPower, 2},
    {"numeric_gcd", NumericGcd, 2},
    {"numeric_lcm", NumericLcm, 2},
    {"numeric_fac", NumericFac, 1},
    {"numeric_scale", NumericScale, 1},
    {"numeric_min_scale", NumericMinScale, 1},
    {"numeric_trim_scale", NumericTrimScale, 1},
    {"width_bucket_numeric", WidthBucketNumeric, 4},
};

}  // namespace

std::span<const BuiltinFunction> NumericArithBuiltins() {
  return kNumericArithBuiltins;
}

}  // namespace hyrax::executor
