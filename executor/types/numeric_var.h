// Arbitrary-precision decimal arithmetic for the numeric type (PostgreSQL's NumericVar): a
// sign, base-10000 digits (most significant first), the base-10000 weight of the first digit
// and a display scale (decimal digits after the point). Results are rounded half away from
// zero, and each operation picks its result scale by PostgreSQL's rules, so outputs match
// PostgreSQL digit for digit. Storage/text conversion is in numeric_io.h.
// See executor/types/README.md "Numeric".
#pragma once

#include <cstdint>
#include <vector>

namespace hyrax::executor {

inline constexpr int kNumericBase = 10000;
inline constexpr int kNumericDecDigits = 4;           // decimal digits per base digit
inline constexpr int kNumericMaxPrecision = 1000;     // NUMERIC_MAX_PRECISION
inline constexpr int kNumericMaxDisplayScale = 1000;  // NUMERIC_MAX_DISPLAY_SCALE
inline constexpr int kNumericMinDisplayScale = 0;     // NUMERIC_MIN_DISPLAY_SCALE
inline constexpr int kNumericMaxResultScale = 2000;   // NUMERIC_MAX_RESULT_SCALE
inline constexpr int kNumericMinSigDigits = 16;       // NUMERIC_MIN_SIG_DIGITS

struct NumericVar {
  enum class Kind : uint8_t { kFinite, kNaN, kPosInf, kNegInf };

  Kind kind = Kind::kFinite;
  bool negative = false;  // finite values only; zero is never negative
  int weight = 0;         // digits[0] is multiplied by 10000^weight
  int dscale = 0;         // display scale, >= 0
  std::vector<int16_t> digits;

  bool IsFinite() const { return kind == Kind::kFinite; }
  bool IsNaN() const { return kind == Kind::kNaN; }
  bool IsInf() const { return kind == Kind::kPosInf || kind == Kind::kNegInf; }
  bool IsZero() const { return kind == Kind::kFinite && digits.empty(); }
  // -1, 0 or 1 for finite values; infinities give their sign.
  int Sign() const;

  static NumericVar NaN();
  static NumericVar Inf(bool neg);
  static NumericVar FromInt64(int64_t v);
  static NumericVar FromInt128(__int128 v);
};

// Removes leading and trailing zero digits; a zero result gets weight 0 and positive sign.
void StripVar(NumericVar* v);
// Rounds (half away from zero) / truncates to `rscale` decimal places (may be negative) and
// sets dscale = max(rscale, 0).
void RoundVar(NumericVar* v, int rscale);
void TruncVar(NumericVar* v, int rscale);

// Comparisons of finite values: -1, 0, 1.
int CmpAbs(const NumericVar& a, const NumericVar& b);
int CmpVar(const NumericVar& a, const NumericVar& b);
// Total order of any values, PostgreSQL's cmp_numerics: -Inf < finite < +Inf < NaN, NaN = NaN.
int CmpNumerics(const NumericVar& a, const NumericVar& b);

// Finite arithmetic. Add/Sub use dscale max(a, b); Mul rounds to `rscale`.
NumericVar AddVar(const NumericVar& a, const NumericVar& b);
NumericVar SubVar(const NumericVar& a, const NumericVar& b);
NumericVar MulVar(const NumericVar& a, const NumericVar& b, int rscale);
// Quotient to `rscale` places, rounded or truncated. Throws 22012 "division by zero".
NumericVar DivVar(const NumericVar& a, const NumericVar& b, int rscale, bool round);
// a - trunc(a / b) * b. Throws 22012.
NumericVar ModVar(const NumericVar& a, const NumericVar& b);
// PostgreSQL's select_div_scale: at least 16 significant digits, no less than either dscale.
int SelectDivScale(const NumericVar& a, const NumericVar& b);

// Math functions with PostgreSQL's result-scale rules (numeric_math.cpp). Inputs finite and
// valid (callers handle special values and domain errors).
NumericVar SqrtVar(const NumericVar& a);                           // a >= 0
NumericVar ExpVar(const NumericVar& a);                            // throws 22003 on overflow
NumericVar LnVar(const NumericVar& a);                             // a > 0
NumericVar LogVar(const NumericVar& base, const NumericVar& num);  // both > 0, base != 1
NumericVar PowerVar(const NumericVar& base, const NumericVar& exp);
// The low-level versions with an explicit result scale.
NumericVar SqrtVarScale(const NumericVar& a, int rscale);
NumericVar ExpVarScale(const NumericVar& a, int rscale);
NumericVar LnVarScale(const NumericVar& a, int rscale);
// Decimal weight estimate of ln(a) (PostgreSQL's estimate_ln_dweight).
int EstimateLnDweight(const NumericVar& a);

// Conversions of finite values. ToInt64/ToInt128 round to an integer first and return false
// on overflow.
bool NumericToInt64(const NumericVar& v, int64_t* out);
bool NumericToInt128(const NumericVar& v, __int128* out);
// Nearest double (through the decimal text, as PostgreSQL's numeric_float8).
double NumericToDouble(const NumericVar& v);

}  // namespace hyrax::executor
