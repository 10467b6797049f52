// numeric sqrt, exp, ln, log and power (see numeric_var.h). Result scales follow PostgreSQL's
// numeric_sqrt / numeric_exp / numeric_ln / log_var / power_var(_int) rules; values are
// computed with guard digits beyond the result scale and then rounded, so they agree with
// PostgreSQL's (also rounded) results. Algorithms are the textbook ones: Newton iteration for
// the integer square root, Taylor series after argument halving for exp, repeated square
// roots plus the atanh series for ln.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/error.h"
#include "executor/types/numeric_io.h"
#include "executor/types/numeric_var.h"

namespace hyrax::executor {

namespace {

constexpr int kGuardDigits = 12;

NumericVar One() {
  return NumericVar::FromInt64(1);
}

int ClampScale(int rscale) {
  return std::min(std::max(rscale, kNumericMinDisplayScale), kNumericMaxDisplayScale);
}

// Decimal exponent of the leading digit (value ~ d.ddd * 10^result); 0 for zero.
int DecimalWeight(const NumericVar& v) {
  if (v.digits.empty()) return 0;
  int first = v.digits[0];
  int lead = first >= 1000 ? 3 : first >= 100 ? 2 : first >= 10 ? 1 : 0;
  return v.weight * kNumericDecDigits + lead;
}

// Rounds to `sig` significant digits.
void RoundSignificant(NumericVar* v, int sig) {
  RoundVar(v, sig - DecimalWeight(*v) - 1);
}

// Approximate value from the leading digits (PostgreSQL's numericvar_to_double_no_overflow:
// huge values saturate instead of failing).
double ToDoubleNoOverflow(const NumericVar& v) {
  double value = 0;
  int used = static_cast<int>(std::min<size_t>(v.digits.size(), 5));
  for (int i = 0; i < used; ++i) value = value * kNumericBase + v.digits[i];
  double result =
      value * std::pow(10.0, static_cast<double>((v.weight - used + 1) * kNumericDecDigits));
  if (std::isinf(result)) result = 1e308;
  return v.negative ? -result : result;
}

// a * 10^(2k) truncated to an integer (exactly).
NumericVar ScaledInteger(const NumericVar& a, int k) {
  NumericVar pow10 = ParseNumeric("1e" + std::to_string(k));
  NumericVar scaled = MulVar(a, pow10, a.dscale + pow10.dscale);
  TruncVar(&scaled, 0);
  return scaled;
}

// floor(sqrt(n)) of a non-negative integer-valued NumericVar.
NumericVar IntegerSqrt(const NumericVar& n) {
  if (n.digits.empty()) return n;
  // Start above the root (Newton from above decreases monotonically).
  int dw = DecimalWeight(n);
  NumericVar x = ParseNumeric("1e" + std::to_string(dw / 2 + 1));
  NumericVar two = NumericVar::FromInt64(2);
  while (true) {
    NumericVar y = DivVar(AddVar(x, DivVar(n, x, 0, false)), two, 0, false);
    if (CmpVar(y, x) >= 0) return x;
    x = std::move(y);
  }
}

// e^x for finite x at absolute scale `scale` (no rounding to the final scale).
NumericVar ExpAtScale(const NumericVar& x, int scale) {
  if (x.digits.empty()) return One();
  if (x.negative) {
    NumericVar pos = x;
    pos.negative = false;
    NumericVar denom = ExpAtScale(pos, scale);
    return DivVar(One(), denom, scale + kGuardDigits, true);
  }
  // Halve until r < 0.01; each squaring doubles the relative error, so add digits for it.
  int k = 0;
  double approx = ToDoubleNoOverflow(x);
  while (approx / std::ldexp(1.0, k) >= 0.01) ++k;
  int work = scale + kGuardDigits + (k * 3) / 10 + 1 +
             static_cast<int>(std::max(0.0, approx * 0.434294481903252));
  NumericVar r = x;
  if (k > 0) {
    NumericVar pow2 = NumericVar::FromInt128(static_cast<__int128>(1) << std::min(k, 120));
    r = DivVar(x, pow2, work, true);
  }
  // Taylor series: sum r^n / n!.
  NumericVar sum = One();
  NumericVar term = One();
  for (int n = 1;; ++n) {
    term = DivVar(MulVar(term, r, work), NumericVar::FromInt64(n), work, true);
    if (term.digits.empty()) break;
    sum = AddVar(sum, term);
    if (DecimalWeight(term) < -work - 1) break;
  }
  for (int i = 0; i < k; ++i) sum = MulVar(sum, sum, work);
  return sum;
}

// ln(x) for x > 0 at absolute scale `scale`.
NumericVar LnAtScale(const NumericVar& x, int scale) {
  if (CmpVar(x, One()) < 0) {
    // ln(x) = -ln(1/x): keeps the repeated square roots in relative precision.
    NumericVar inv = DivVar(One(), x, scale + kGuardDigits + std::abs(DecimalWeight(x)), true);
    NumericVar r = LnAtScale(inv, scale);
    r.negative = !r.digits.empty();
    return r;
  }
  double approx = std::log(std::max(ToDoubleNoOverflow(x), 1.0));
  int halvings = 0;
  while (approx / std::ldexp(1.0, halvings) > 0.09) ++halvings;
  int work = scale + kGuardDigits + (halvings * 3) / 10 + 1;
  NumericVar y = x;
  for (int i = 0; i < halvings; ++i) {
    // sqrt at `work` decimal places via the integer square root of y * 10^(2(work+1)).
    NumericVar root = IntegerSqrt(ScaledInteger(y, 2 * (work + 1)));
    y = DivVar(root, ParseNumeric("1e" + std::to_string(work + 1)), work, true);
  }
  // ln(y) = 2 atanh(z), z = (y - 1) / (y + 1).
  NumericVar z = DivVar(SubVar(y, One()), AddVar(y, One()), work, true);
  NumericVar z2 = MulVar(z, z, work);
  NumericVar sum = z;
  NumericVar power = z;
  for (int n = 3;; n += 2) {
    power = MulVar(power, z2, work);
    if (power.digits.empty()) break;
    NumericVar term = DivVar(power, NumericVar::FromInt64(n), work, true);
    if (term.digits.empty() || DecimalWeight(term) < -work - 1) break;
    sum = AddVar(sum, term);
  }
  NumericVar factor = NumericVar::FromInt128(static_cast<__int128>(2) << std::min(halvings, 120));
  return MulVar(sum, factor, work);
}

}  // namespace

int EstimateLnDweight(const NumericVar& v) {
  if (v.negative || v.digits.empty()) return 0;
  NumericVar low = ParseNumeric("0.9");
  NumericVar high = ParseNumeric("1.1");
  if (CmpVar(v, low) >= 0 && CmpVar(v, high) <= 0) {
    // ln(v) ~ v - 1 near 1.
    NumericVar x = SubVar(v, One());
    if (x.digits.empty()) return 0;
    return x.weight * kNumericDecDigits + static_cast<int>(std::log10(x.digits[0]));
  }
  double digits = v.digits[0];
  int dweight = v.weight * kNumericDecDigits;
  if (v.digits.size() > 1) {
    digits = digits * kNumericBase + v.digits[1];
    dweight -= kNumericDecDigits;
  }
  double ln_var = std::log(digits) + dweight * 2.302585092994046;
  return static_cast<int>(std::log10(std::fabs(ln_var)));
}

NumericVar SqrtVarScale(const NumericVar& a, int rscale) {
  // floor(sqrt(a * 10^(2(rscale+1)))) / 10^(rscale+1), then round to rscale.
  NumericVar root = IntegerSqrt(ScaledInteger(a, 2 * (rscale + 1)));
  NumericVar result =
      DivVar(root, ParseNumeric("1e" + std::to_string(rscale + 1)), rscale + 1, true);
  RoundVar(&result, rscale);
  return result;
}

NumericVar SqrtVar(const NumericVar& a) {
  int sweight = (a.weight + 1) * kNumericDecDigits / 2 - 1;
  int rscale = kNumericMinSigDigits - sweight;
  rscale = std::max(rscale, a.dscale);
  return SqrtVarScale(a, ClampScale(rscale));
}

NumericVar ExpVarScale(const NumericVar& a, int rscale) {
  double val = ToDoubleNoOverflow(a);
  if (std::fabs(val) >= kNumericMaxResultScale * 3) {
    if (val > 0) throw Error(errcode::kNumericValueOutOfRange, "value overflows numeric format");
    NumericVar zero;
    zero.dscale = rscale;
    return zero;
  }
  NumericVar result = ExpAtScale(a, rscale);
  RoundVar(&result, rscale);
  return result;
}

NumericVar ExpVar(const NumericVar& a) {
  double val = ToDoubleNoOverflow(a) * 0.434294481903252;
  val = std::max(val, -static_cast<double>(kNumericMaxResultScale));
  val = std::min(val, static_cast<double>(kNumericMaxResultScale));
  int rscale = kNumericMinSigDigits - static_cast<int>(val);
  rscale = std::max(rscale, a.dscale);
  return ExpVarScale(a, ClampScale(rscale));
}

NumericVar LnVarScale(const NumericVar& a, int rscale) {
  NumericVar result = LnAtScale(a, rscale);
  RoundVar(&result, rscale);
  return result;
}

NumericVar LnVar(const NumericVar& a) {
  int rscale = kNumericMinSigDigits - EstimateLnDweight(a);
  rscale = std::max(rscale, a.dscale);
  return LnVarScale(a, ClampScale(rscale));
}

NumericVar LogVar(const NumericVar& base, const NumericVar& num) {
  int ln_base_dweight = EstimateLnDweight(base);
  int ln_num_dweight = EstimateLnDweight(num);
  int result_dweight = ln_num_dweight - ln_base_dweight;
  int rscale = kNumericMinSigDigits - result_dweight;
  rscale = std::max(rscale, base.dscale);
  rscale = std::max(rscale, num.dscale);
  rscale = ClampScale(rscale);
  int ln_base_rscale = std::max(rscale + result_dweight - ln_base_dweight + 8, 0);
  int ln_num_rscale = std::max(rscale + result_dweight - ln_num_dweight + 8, 0);
  NumericVar ln_base = LnAtScale(base, ln_base_rscale + kGuardDigits);
  NumericVar ln_num = LnAtScale(num, ln_num_rscale + kGuardDigits);
  return DivVar(ln_num, ln_base, rscale, true);
}

namespace {

// base^exp for an int32 exponent. PostgreSQL 15 uses result scale max(16, dscale(base)) for
// integral exponents (power_var), whatever the magnitude of the result.
NumericVar PowerInt(const NumericVar& base, int exp) {
  int rscale = ClampScale(std::max(kNumericMinSigDigits, base.dscale));
  double f = 0;
  if (!base.digits.empty()) {
    double lead = base.digits[0];
    int p = base.weight * kNumericDecDigits;
    for (size_t i = 1; i < base.digits.size() && i * kNumericDecDigits < 16; ++i) {
      lead = lead * kNumericBase + base.digits[i];
      p -= kNumericDecDigits;
    }
    f = exp * (std::log10(lead) + p);
  }
  switch (exp) {
    case 0: {
      NumericVar one = One();
      one.dscale = rscale;
      return one;
    }
    case 1: {
      NumericVar r = base;
      RoundVar(&r, rscale);
      return r;
    }
    case -1:
      return DivVar(One(), base, rscale, true);
    case 2:
      return MulVar(base, base, rscale);
    default:
      break;
  }
  if (base.digits.empty()) {
    if (exp < 0) throw Error(errcode::kDivisionByZero, "division by zero");
    NumericVar zero;
    zero.dscale = rscale;
    return zero;
  }
  if (f > 3 * 32767 * kNumericDecDigits) {
    throw Error(errcode::kNumericValueOutOfRange, "value overflows numeric format");
  }
  if (f + 1 < -rscale || f + 1 < -kNumericMaxDisplayScale) {
    NumericVar zero;
    zero.dscale = rscale;
    return zero;
  }
  // Square-and-multiply keeping enough significant digits for the result scale.
  int sig = 1 + rscale + static_cast<int>(f) + kGuardDigits +
            static_cast<int>(std::log10(std::abs(static_cast<double>(exp))) + 1);
  unsigned mask = static_cast<unsigned>(std::abs(static_cast<long>(exp)));
  NumericVar result = One();
  NumericVar power = base;
  while (true) {
    if (mask & 1) {
      result = MulVar(result, power, result.dscale + power.dscale);
      RoundSignificant(&result, sig);
    }
    mask >>= 1;
    if (mask == 0) break;
    power = MulVar(power, power, power.dscale * 2);
    RoundSignificant(&power, sig);
  }
  if (exp < 0) return DivVar(One(), result, rscale, true);
  RoundVar(&result, rscale);
  return result;
}

}  // namespace

NumericVar PowerVar(const NumericVar& base, const NumericVar& exp) {
  // Integral exponents that fit int32 use repeated multiplication.
  if (exp.digits.empty() || static_cast<int>(exp.digits.size()) <= exp.weight + 1) {
    int64_t e;
    if (NumericToInt64(exp, &e) && e >= INT32_MIN && e <= INT32_MAX) {
      return PowerInt(base, static_cast<int>(e));
    }
  }
  if (base.digits.empty()) {
    NumericVar zero;
    zero.dscale = kNumericMinSigDigits;
    return zero;
  }
  bool negative_result = false;
  NumericVar abs_base = base;
  if (base.negative) {
    if (!exp.digits.empty() && static_cast<int>(exp.digits.size()) > exp.weight + 1) {
      throw Error(errcode::kInvalidArgumentForPowerFunction,
                  "a negative number raised to a non-integer power yields a complex result");
    }
    negative_result = !exp.digits.empty() &&
                      static_cast<int>(exp.digits.size()) == exp.weight + 1 &&
                      (exp.digits.back() & 1);
    abs_base.negative = false;
  }
  int ln_dweight = EstimateLnDweight(abs_base);
  int local_rscale = std::max(8 - ln_dweight, kNumericMinDisplayScale);
  NumericVar ln_base = LnVarScale(abs_base, local_rscale);
  NumericVar ln_num = MulVar(ln_base, exp, local_rscale);
  double val = ToDoubleNoOverflow(ln_num);
  if (std::fabs(val) > kNumericMaxResultScale * 3.01) {
    if (val > 0) throw Error(errcode::kNumericValueOutOfRange, "value overflows numeric format");
    NumericVar zero;
    zero.dscale = kNumericMaxDisplayScale;
    return zero;
  }
  val *= 0.434294481903252;
  int rscale = kNumericMinSigDigits - static_cast<int>(val);
  rscale = std::max(rscale, abs_base.dscale);
  rscale = std::max(rscale, exp.dscale);
  rscale = ClampScale(rscale);
  int sig_digits = std::max(rscale + static_cast<int>(val), 0);
  local_rscale = std::max(sig_digits - ln_dweight + 8, kNumericMinDisplayScale);
  ln_base = LnAtScale(abs_base, local_rscale + kGuardDigits);
  ln_num = MulVar(ln_base, exp, local_rscale + kGuardDigits);
  NumericVar result = ExpVarScale(ln_num, rscale);
  if (negative_result && !result.digits.empty()) result.negative = true;
  return result;
}

}  // namespace hyrax::executor
