// Core NumericVar arithmetic (see numeric_var.h): rounding, comparison, add/sub/mul and long
// division on base-10000 digit vectors. Division is exact long division (Knuth's algorithm D)
// followed by rounding, which gives the correctly rounded quotient PostgreSQL's div_var does.
#include "executor/types/numeric_var.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "executor/types/numeric_io.h"

namespace hyrax::executor {

namespace {

constexpr int kRoundPowers[kNumericDecDigits] = {0, 1000, 100, 10};

// Magnitude of `v` as digits covering base-10000 positions [low, high] (weights), MS first.
std::vector<int32_t> Align(const NumericVar& v, int high, int low) {
  std::vector<int32_t> out(high - low + 1, 0);
  for (size_t i = 0; i < v.digits.size(); ++i) {
    int w = v.weight - static_cast<int>(i);
    if (w <= high && w >= low) out[high - w] = v.digits[i];
  }
  return out;
}

int LowWeight(const NumericVar& v) {
  return v.weight - static_cast<int>(v.digits.size()) + 1;
}

NumericVar FromAligned(const std::vector<int32_t>& d, int high, bool negative, int dscale) {
  NumericVar r;
  r.negative = negative;
  r.weight = high;
  r.dscale = dscale;
  r.digits.assign(d.begin(), d.end());
  StripVar(&r);
  return r;
}

NumericVar AddAbs(const NumericVar& a, const NumericVar& b) {
  if (a.digits.empty()) return b;
  if (b.digits.empty()) return a;
  int high = std::max(a.weight, b.weight) + 1;
  int low = std::min(LowWeight(a), LowWeight(b));
  std::vector<int32_t> x = Align(a, high, low);
  std::vector<int32_t> y = Align(b, high, low);
  int carry = 0;
  for (size_t i = x.size(); i-- > 0;) {
    int s = x[i] + y[i] + carry;
    carry = s >= kNumericBase;
    x[i] = carry ? s - kNumericBase : s;
  }
  return FromAligned(x, high, false, 0);
}

// |a| - |b|, requires |a| >= |b|.
NumericVar SubAbs(const NumericVar& a, const NumericVar& b) {
  if (b.digits.empty()) return a;
  int high = std::max(a.weight, b.weight);
  int low = std::min(LowWeight(a), LowWeight(b));
  std::vector<int32_t> x = Align(a, high, low);
  std::vector<int32_t> y = Align(b, high, low);
  int borrow = 0;
  for (size_t i = x.size(); i-- > 0;) {
    int s = x[i] - y[i] - borrow;
    borrow = s < 0;
    x[i] = borrow ? s + kNumericBase : s;
  }
  return FromAligned(x, high, false, 0);
}

// Signed addition of a and (b with sign flipped if `negate_b`).
NumericVar AddSigned(const NumericVar& a, const NumericVar& b, bool negate_b) {
  bool b_negative = b.negative != negate_b;
  NumericVar r;
  if (a.negative == b_negative) {
    r = AddAbs(a, b);
    r.negative = a.negative;
  } else if (CmpAbs(a, b) >= 0) {
    r = SubAbs(a, b);
    r.negative = a.negative;
  } else {
    r = SubAbs(b, a);
    r.negative = b_negative;
  }
  r.dscale = std::max(a.dscale, b.dscale);
  if (r.digits.empty()) r.negative = false;
  return r;
}

// Knuth D: quotient of natural numbers u / v given as base-10000 digits, MS first. v has no
// leading zero. Returns quotient digits (with possible leading zeros).
std::vector<int32_t> DivideNaturals(std::vector<int32_t> u, std::vector<int32_t> v) {
  size_t n = v.size();
  if (u.size() < n) return {0};
  std::vector<int32_t> q(u.size() - n + 1, 0);
  if (n == 1) {
    int64_t rem = 0;
    for (size_t i = 0; i < u.size(); ++i) {
      int64_t cur = rem * kNumericBase + u[i];
      if (i + 1 >= n) q[i + 1 - n] = static_cast<int32_t>(cur / v[0]);
      rem = cur % v[0];
    }
    return q;
  }
  // Normalize so the divisor's leading digit is >= base/2.
  int32_t d = kNumericBase / (v[0] + 1);
  auto mul_small = [d](std::vector<int32_t>& x) {
    int64_t carry = 0;
    for (size_t i = x.size(); i-- > 0;) {
      int64_t p = int64_t{x[i]} * d + carry;
      x[i] = static_cast<int32_t>(p % kNumericBase);
      carry = p / kNumericBase;
    }
    return carry;
  };
  int64_t top = mul_small(u);
  u.insert(u.begin(), static_cast<int32_t>(top));
  mul_small(v);
  for (size_t j = 0; j + n < u.size(); ++j) {
    int64_t num = int64_t{u[j]} * kNumericBase + u[j + 1];
    int64_t qhat = num / v[0];
    int64_t rhat = num % v[0];
    while (qhat >= kNumericBase || qhat * v[1] > rhat * kNumericBase + u[j + 2]) {
      --qhat;
      rhat += v[0];
      if (rhat >= kNumericBase) break;
    }
    // Multiply and subtract qhat * v from u[j .. j+n].
    int64_t borrow = 0;
    int64_t carry = 0;
    for (size_t i = n; i-- > 0;) {
      int64_t p = qhat * v[i] + carry;
      carry = p / kNumericBase;
      int64_t s = u[j + 1 + i] - (p % kNumericBase) - borrow;
      borrow = s < 0;
      u[j + 1 + i] = static_cast<int32_t>(borrow ? s + kNumericBase : s);
    }
    int64_t s = u[j] - carry - borrow;
    if (s < 0) {
      // qhat was one too large: add v back.
      --qhat;
      int64_t c = 0;
      for (size_t i = n; i-- > 0;) {
        int64_t t = int64_t{u[j + 1 + i]} + v[i] + c;
        c = t >= kNumericBase;
        u[j + 1 + i] = static_cast<int32_t>(c ? t - kNumericBase : t);
      }
      s = 0;  // the add-back carries out of the top digit, leaving it zero
    }
    u[j] = static_cast<int32_t>(s);
    q[j] = static_cast<int32_t>(qhat);
  }
  return q;
}

}  // namespace

int NumericVar::Sign() const {
  if (kind == Kind::kPosInf) return 1;
  if (kind == Kind::kNegInf) return -1;
  if (kind != Kind::kFinite || digits.empty()) return 0;
  return negative ? -1 : 1;
}

NumericVar NumericVar::NaN() {
  NumericVar v;
  v.kind = Kind::kNaN;
  return v;
}

NumericVar NumericVar::Inf(bool neg) {
  NumericVar v;
  v.kind = neg ? Kind::kNegInf : Kind::kPosInf;
  return v;
}

NumericVar NumericVar::FromInt64(int64_t value) {
  return FromInt128(value);
}

NumericVar NumericVar::FromInt128(__int128 value) {
  NumericVar v;
  unsigned __int128 mag =
      value < 0 ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  v.negative = value < 0;
  std::vector<int16_t> rev;
  while (mag > 0) {
    rev.push_back(static_cast<int16_t>(mag % kNumericBase));
    mag /= kNumericBase;
  }
  v.digits.assign(rev.rbegin(), rev.rend());
  v.weight = static_cast<int>(rev.size()) - 1;
  StripVar(&v);
  return v;
}

void StripVar(NumericVar* v) {
  auto& d = v->digits;
  size_t lead = 0;
  while (lead < d.size() && d[lead] == 0) ++lead;
  if (lead > 0) {
    d.erase(d.begin(), d.begin() + lead);
    v->weight -= static_cast<int>(lead);
  }
  while (!d.empty() && d.back() == 0) d.pop_back();
  if (d.empty()) {
    v->weight = 0;
    v->negative = false;
  }
}

// Keeps digits down to decimal place `rscale` (PostgreSQL's round_var / trunc_var); rounds
// half up on the magnitude when `round`.
static void Cut(NumericVar* v, int rscale, bool round) {
  v->dscale = std::max(rscale, 0);
  int di = (v->weight + 1) * kNumericDecDigits + rscale;
  if (di < 0) {
    v->digits.clear();
    StripVar(v);
    return;
  }
  int ndigits = (di + kNumericDecDigits - 1) / kNumericDecDigits;
  di %= kNumericDecDigits;
  auto& d = v->digits;
  if (!(ndigits < static_cast<int>(d.size()) ||
        (ndigits == static_cast<int>(d.size()) && di > 0))) {
    return;
  }
  int carry = 0;
  if (di == 0) {
    carry = round && d[ndigits] >= kNumericBase / 2;
    d.resize(ndigits);
  } else {
    d.resize(ndigits);
    int pow10 = kRoundPowers[di];
    int extra = d[ndigits - 1] % pow10;
    d[ndigits - 1] = static_cast<int16_t>(d[ndigits - 1] - extra);
    if (round && extra >= pow10 / 2) {
      int nd = d[ndigits - 1] + pow10;
      carry = nd >= kNumericBase;
      d[ndigits - 1] = static_cast<int16_t>(carry ? nd - kNumericBase : nd);
    }
  }
  for (int i = ndigits - (di == 0 ? 0 : 1) - 1; carry && i >= 0; --i) {
    int nd = d[i] + 1;
    carry = nd >= kNumericBase;
    d[i] = static_cast<int16_t>(carry ? 0 : nd);
  }
  if (carry) {
    d.insert(d.begin(), 1);
    ++v->weight;
  }
  StripVar(v);
}

void RoundVar(NumericVar* v, int rscale) {
  Cut(v, rscale, true);
}

void TruncVar(NumericVar* v, int rscale) {
  Cut(v, rscale, false);
}

int CmpAbs(const NumericVar& a, const NumericVar& b) {
  if (a.digits.empty() || b.digits.empty()) {
    return a.digits.empty() ? (b.digits.empty() ? 0 : -1) : 1;
  }
  if (a.weight != b.weight) return a.weight > b.weight ? 1 : -1;
  size_t n = std::min(a.digits.size(), b.digits.size());
  for (size_t i = 0; i < n; ++i) {
    if (a.digits[i] != b.digits[i]) return a.digits[i] > b.digits[i] ? 1 : -1;
  }
  if (a.digits.size() == b.digits.size()) return 0;
  return a.digits.size() > b.digits.size() ? 1 : -1;
}

int CmpVar(const NumericVar& a, const NumericVar& b) {
  int sa = a.Sign();
  int sb = b.Sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  int c = CmpAbs(a, b);
  return sa < 0 ? -c : c;
}

int CmpNumerics(const NumericVar& a, const NumericVar& b) {
  auto rank = [](const NumericVar& v) {
    switch (v.kind) {
      case NumericVar::Kind::kNegInf:
        return 0;
      case NumericVar::Kind::kFinite:
        return 1;
      case NumericVar::Kind::kPosInf:
        return 2;
      case NumericVar::Kind::kNaN:
        return 3;
    }
    return 3;
  };
  int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  return ra == 1 ? CmpVar(a, b) : 0;
}

NumericVar AddVar(const NumericVar& a, const NumericVar& b) {
  return AddSigned(a, b, false);
}

NumericVar SubVar(const NumericVar& a, const NumericVar& b) {
  return AddSigned(a, b, true);
}

NumericVar MulVar(const NumericVar& a, const NumericVar& b, int rscale) {
  NumericVar r;
  if (a.digits.empty() || b.digits.empty()) {
    r.dscale = std::max(rscale, 0);
    return r;
  }
  size_t na = a.digits.size(), nb = b.digits.size();
  std::vector<int64_t> acc(na + nb, 0);
  for (size_t i = 0; i < na; ++i) {
    // Each product is < 10^8, so int64 accumulators cannot overflow for any real size.
    for (size_t j = 0; j < nb; ++j) acc[i + j + 1] += int64_t{a.digits[i]} * b.digits[j];
  }
  for (size_t k = acc.size(); k-- > 1;) {
    acc[k - 1] += acc[k] / kNumericBase;
    acc[k] %= kNumericBase;
  }
  r.digits.assign(acc.begin(), acc.end());
  r.weight = a.weight + b.weight + 1;
  r.negative = a.negative != b.negative;
  r.dscale = a.dscale + b.dscale;
  StripVar(&r);
  RoundVar(&r, rscale);
  return r;
}

NumericVar DivVar(const NumericVar& a, const NumericVar& b, int rscale, bool round) {
  if (b.digits.empty()) throw Error(errcode::kDivisionByZero, "division by zero");
  NumericVar r;
  if (a.digits.empty()) {
    r.dscale = std::max(rscale, 0);
    return r;
  }
  // Quotient digits down to base-10000 position -f, with at least one decimal digit beyond
  // rscale so the truncated quotient rounds correctly.
  int f = (std::max(rscale, 0) + 1 + kNumericDecDigits - 1) / kNumericDecDigits + 1;
  if (rscale < 0) f = 1;
  // a = A * B^ea, b = Bv * B^eb; A / Bv * B^(ea - eb) = Q * B^-f with Q = A * B^(ea-eb+f) / Bv.
  std::vector<int32_t> num(a.digits.begin(), a.digits.end());
  std::vector<int32_t> den(b.digits.begin(), b.digits.end());
  int shift = LowWeight(a) - LowWeight(b) + f;
  if (shift >= 0) {
    num.insert(num.end(), shift, 0);
  } else {
    den.insert(den.end(), -shift, 0);
  }
  std::vector<int32_t> q = DivideNaturals(num, den);
  r.digits.assign(q.begin(), q.end());
  r.weight = static_cast<int>(q.size()) - 1 - f;
  r.negative = a.negative != b.negative;
  StripVar(&r);
  if (round) {
    RoundVar(&r, rscale);
  } else {
    TruncVar(&r, rscale);
  }
  return r;
}

NumericVar ModVar(const NumericVar& a, const NumericVar& b) {
  NumericVar q = DivVar(a, b, 0, false);
  NumericVar prod = MulVar(b, q, b.dscale);
  return SubVar(a, prod);
}

int SelectDivScale(const NumericVar& a, const NumericVar& b) {
  int weight1 = 0, weight2 = 0, first1 = 0, first2 = 0;
  for (size_t i = 0; i < a.digits.size(); ++i) {
    if (a.digits[i] != 0) {
      first1 = a.digits[i];
      weight1 = a.weight - static_cast<int>(i);
      break;
    }
  }
  for (size_t i = 0; i < b.digits.size(); ++i) {
    if (b.digits[i] != 0) {
      first2 = b.digits[i];
      weight2 = b.weight - static_cast<int>(i);
      break;
    }
  }
  int qweight = weight1 - weight2;
  if (first1 <= first2) --qweight;
  int rscale = kNumericMinSigDigits - qweight * kNumericDecDigits;
  rscale = std::max(rscale, a.dscale);
  rscale = std::max(rscale, b.dscale);
  rscale = std::max(rscale, kNumericMinDisplayScale);
  return std::min(rscale, kNumericMaxDisplayScale);
}

bool NumericToInt128(const NumericVar& v, __int128* out) {
  NumericVar r = v;
  RoundVar(&r, 0);
  if (r.digits.empty()) {
    *out = 0;
    return true;
  }
  if (r.weight > 9) return false;  // 10000^10 > 2^127
  __int128 value = 0;
  for (int i = 0; i <= r.weight; ++i) {
    int digit = i < static_cast<int>(r.digits.size()) ? r.digits[i] : 0;
    value = value * kNumericBase + digit;
  }
  *out = r.negative ? -value : value;
  return true;
}

bool NumericToInt64(const NumericVar& v, int64_t* out) {
  __int128 wide;
  if (!NumericToInt128(v, &wide)) return false;
  if (wide > INT64_MAX || wide < INT64_MIN) return false;
  *out = static_cast<int64_t>(wide);
  return true;
}

double NumericToDouble(const NumericVar& v) {
  if (v.IsNaN()) return __builtin_nan("");
  if (v.IsInf()) return v.kind == NumericVar::Kind::kPosInf ? __builtin_inf() : -__builtin_inf();
  std::string text = FormatNumeric(v);
  return std::strtod(text.c_str(), nullptr);
}

}  // namespace hyrax::executor
