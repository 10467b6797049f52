// Aggregate support producing numeric results: sum/avg/variance/stddev of numeric and int8
// (internal state: exact decimal sums), sum/avg of int8 and variance of int2/int4 (internal
// state: 128-bit integer sums, PostgreSQL's "poly" states), avg of int2/int4 (int8[]
// {count, sum} state, final int8_avg) and int8_sum. Internal states live in the aggregate's
// memory context and hold no heap pointers, so resetting that context frees them.
// Results use PostgreSQL's scales (sum keeps the largest input scale, avg and variance use
// numeric division's scale rules). See README.md "Aggregates".
#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/array_type.h"
#include "executor/types/numeric_io.h"

namespace hyrax::executor {

namespace {

// Exact running sum of finite numerics: separate positive and negative magnitude digit
// arrays (base 10000, one int32 per position, carries propagated on every add), allocated in
// the aggregate context and regrown geometrically.
struct SumAccum {
  int weight = 0;   // weight of position 0
  int ndigits = 0;  // positions held
  int dscale = 0;   // largest input dscale
  int32_t* pos = nullptr;
  int32_t* neg = nullptr;

  void Grow(MemoryContext* ctx, int new_weight, int new_low) {
    int old_low = weight - ndigits + 1;
    int high = ndigits == 0 ? new_weight : std::max(weight, new_weight);
    int low = ndigits == 0 ? new_low : std::min(old_low, new_low);
    int count = high - low + 1;
    int slack = std::max(count / 2, 2);
    high += slack;  // room for carries and future growth
    count = high - low + 1 + slack;
    low -= slack;
    auto* new_pos = static_cast<int32_t*>(ctx->AllocZero(sizeof(int32_t) * count));
    auto* new_neg = static_cast<int32_t*>(ctx->AllocZero(sizeof(int32_t) * count));
    for (int i = 0; i < ndigits; ++i) {
      int w = weight - i;
      new_pos[high - w] = pos[i];
      new_neg[high - w] = neg[i];
    }
    pos = new_pos;
    neg = new_neg;
    weight = high;
    ndigits = count;
  }

  void Add(const NumericVar& v, MemoryContext* ctx, bool subtract) {
    dscale = std::max(dscale, v.dscale);
    if (v.digits.empty()) return;
    int vlow = v.weight - static_cast<int>(v.digits.size()) + 1;
    int low = weight - ndigits + 1;
    if (ndigits == 0 || v.weight + 1 > weight || vlow < low) Grow(ctx, v.weight + 1, vlow);
    int32_t* target = (v.negative != subtract) ? neg : pos;
    for (size_t i = 0; i < v.digits.size(); ++i)
      target[weight - (v.weight - static_cast<int>(i))] += v.digits[i];
    for (int i = ndigits - 1; i > 0; --i) {
      if (target[i] >= kNumericBase) {
        target[i] -= kNumericBase;
        ++target[i - 1];
      }
    }
    if (target[0] >= kNumericBase / 2) Grow(ctx, weight + 1, weight - ndigits + 1);
  }

  NumericVar Final() const {
    auto to_var = [&](const int32_t* d) {
      NumericVar v;
      v.weight = weight;
      v.digits.assign(d, d + ndigits);
      StripVar(&v);
      return v;
    };
    NumericVar result = ndigits == 0 ? NumericVar() : SubVar(to_var(pos), to_var(neg));
    result.dscale = dscale;
    return result;
  }
};

struct NumericAggState {
  bool calc_sumx2;
  int64_t n;
  SumAccum sumx;
  SumAccum sumx2;
  int max_scale;
  int64_t max_scale_count;
  int64_t nan_count;
  int64_t pinf_count;
  int64_t ninf_count;
};

struct PolyAggState {
  bool calc_sumx2;
  int64_t n;
  __int128 sumx;
  __int128 sumx2;
};

template <typename State>
State* GetState(FunctionCallInfo* f, const char* name, bool calc_sumx2, MemoryContext** ctx) {
  *ctx = RequireAggContext(f, name);
  if (!f->ArgIsNull(0)) return DatumGetPointer<State>(f->Arg(0));
  auto* state = new ((*ctx)->AllocZero(sizeof(State))) State();
  state->calc_sumx2 = calc_sumx2;
  return state;
}

void NumericAccumulate(NumericAggState* s, const NumericVar& x, MemoryContext* ctx) {
  if (x.IsNaN()) {
    ++s->nan_count;
    return;
  }
  if (x.IsInf()) {
    ++(x.kind == NumericVar::Kind::kPosInf ? s->pinf_count : s->ninf_count);
    return;
  }
  if (x.dscale > s->max_scale) {
    s->max_scale = x.dscale;
    s->max_scale_count = 1;
  } else if (x.dscale == s->max_scale) {
    ++s->max_scale_count;
  }
  ++s->n;
  s->sumx.Add(x, ctx, false);
  if (s->calc_sumx2) s->sumx2.Add(MulVar(x, x, x.dscale * 2), ctx, false);
}

// Removes a value (moving aggregates). Returns false when the state can no longer give the
// right result scale, which tells the caller to recompute from scratch.
bool NumericDiscard(NumericAggState* s, const NumericVar& x, MemoryContext* ctx) {
  if (x.IsNaN()) {
    --s->nan_count;
    return true;
  }
  if (x.IsInf()) {
    --(x.kind == NumericVar::Kind::kPosInf ? s->pinf_count : s->ninf_count);
    return true;
  }
  if (x.dscale == s->max_scale) {
    if (s->max_scale_count > 1 || s->max_scale == 0) {
      --s->max_scale_count;
    } else if (s->n == 1) {
      s->max_scale = 0;
      s->max_scale_count = 0;
    } else {
      return false;
    }
  }
  --s->n;
  s->sumx.Add(x, ctx, true);
  if (s->calc_sumx2) s->sumx2.Add(MulVar(x, x, x.dscale * 2), ctx, true);
  // Re-apply the display scale of the remaining inputs.
  s->sumx.dscale = s->max_scale;
  s->sumx2.dscale = s->max_scale * 2;
  return true;
}

template <bool kSumX2>
Datum NumericAccum(FunctionCallInfo* f) {
  MemoryContext* ctx;
  auto* s =
      GetState<NumericAggState>(f, kSumX2 ? "numeric_accum" : "numeric_avg_accum", kSumX2, &ctx);
  if (!f->ArgIsNull(1)) NumericAccumulate(s, NumericDatumToVar(f->Arg(1)), ctx);
  return PointerGetDatum(s);
}

Datum Int8Accum(FunctionCallInfo* f) {
  MemoryContext* ctx;
  auto* s = GetState<NumericAggState>(f, "int8_accum", true, &ctx);
  if (!f->ArgIsNull(1)) NumericAccumulate(s, NumericVar::FromInt64(f->ArgInt64(1)), ctx);
  return PointerGetDatum(s);
}

template <bool kInt8>
Datum NumericAccumInv(FunctionCallInfo* f) {
  if (f->ArgIsNull(0))
    throw Error(errcode::kInternalError, "aggregate function called with NULL state");
  MemoryContext* ctx;
  auto* s =
      GetState<NumericAggState>(f, kInt8 ? "int8_accum_inv" : "numeric_accum_inv", true, &ctx);
  if (!f->ArgIsNull(1)) {
    NumericVar x = kInt8 ? NumericVar::FromInt64(f->ArgInt64(1)) : NumericDatumToVar(f->Arg(1));
    if (!NumericDiscard(s, x, ctx)) return f->ReturnNull();
  }
  return PointerGetDatum(s);
}

// Poly states: int8 sums (int8_avg_accum) and int2/int4 sums of squares (int2/int4_accum).
template <typename T, bool kSumX2, int kDirection>
Datum PolyAccum(FunctionCallInfo* f) {
  MemoryContext* ctx;
  if (kDirection < 0 && f->ArgIsNull(0)) {
    throw Error(errcode::kInternalError, "aggregate function called with NULL state");
  }
  auto* s = GetState<PolyAggState>(f, "poly_accum", kSumX2, &ctx);
  if (!f->ArgIsNull(1)) {
    __int128 x = ArgAs<T>(f, 1);
    s->n += kDirection;
    s->sumx += kDirection * x;
    if (kSumX2) s->sumx2 += kDirection * x * x;
  }
  return PointerGetDatum(s);
}

Datum Int8AvgCombine(FunctionCallInfo* f) {
  MemoryContext* ctx = RequireAggContext(f, "int8_avg_combine");
  if (f->ArgIsNull(1)) return f->ArgIsNull(0) ? f->ReturnNull() : f->Arg(0);
  const auto* other = f->ArgPointer<PolyAggState>(1);
  PolyAggState* s;
  if (f->ArgIsNull(0)) {
    s = new (ctx->AllocZero(sizeof(PolyAggState))) PolyAggState(*other);
    return PointerGetDatum(s);
  }
  s = DatumGetPointer<PolyAggState>(f->Arg(0));
  s->n += other->n;
  s->sumx += other->sumx;
  s->sumx2 += other->sumx2;
  return PointerGetDatum(s);
}

NumericVar DivideByCount(const NumericVar& sum, int64_t n) {
  NumericVar count = NumericVar::FromInt64(n);
  return DivVar(sum, count, SelectDivScale(sum, count), true);
}

// Shared special-value handling of the numeric finals: returns true with `out` set.
bool SpecialResult(const NumericAggState* s, NumericVar* out) {
  if (s->nan_count > 0 || (s->pinf_count > 0 && s->ninf_count > 0)) {
    *out = NumericVar::NaN();
    return true;
  }
  if (s->pinf_count > 0 || s->ninf_count > 0) {
    *out = NumericVar::Inf(s->ninf_count > 0);
    return true;
  }
  return false;
}

int64_t TotalCount(const NumericAggState* s) {
  return s->n + s->nan_count + s->pinf_count + s->ninf_count;
}

Datum NumericAvg(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<NumericAggState>(0);
  if (TotalCount(s) == 0) return f->ReturnNull();
  NumericVar out;
  if (SpecialResult(s, &out)) return MakeNumericDatum(out);
  return MakeNumericDatum(DivideByCount(s->sumx.Final(), s->n));
}

Datum NumericSum(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<NumericAggState>(0);
  if (TotalCount(s) == 0) return f->ReturnNull();
  NumericVar out;
  if (SpecialResult(s, &out)) return MakeNumericDatum(out);
  return MakeNumericDatum(s->sumx.Final());
}

// PostgreSQL's numeric_stddev_internal: (N*sumX2 - sumX^2) / (N*(N-1)) or / N^2.
NumericVar Variance(int64_t n, NumericVar sumx, NumericVar sumx2, bool sample, bool stddev) {
  NumericVar vn = NumericVar::FromInt64(n);
  int rscale = sumx.dscale * 2;
  NumericVar sq = MulVar(sumx, sumx, rscale);
  NumericVar num = SubVar(MulVar(vn, sumx2, rscale), sq);
  if (num.Sign() <= 0) return NumericVar();
  NumericVar den = MulVar(vn, sample ? NumericVar::FromInt64(n - 1) : vn, 0);
  rscale = SelectDivScale(num, den);
  NumericVar var = DivVar(num, den, rscale, true);
  return stddev ? SqrtVarScale(var, rscale) : var;
}

template <bool kSample, bool kStddev>
Datum NumericVariance(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<NumericAggState>(0);
  int64_t total = TotalCount(s);
  if (total == 0 || (kSample && total <= 1)) return f->ReturnNull();
  if (s->nan_count > 0 || s->pinf_count > 0 || s->ninf_count > 0) {
    return MakeNumericDatum(NumericVar::NaN());
  }
  return MakeNumericDatum(Variance(s->n, s->sumx.Final(), s->sumx2.Final(), kSample, kStddev));
}

template <bool kSample, bool kStddev>
Datum PolyVariance(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<PolyAggState>(0);
  if (s->n == 0 || (kSample && s->n <= 1)) return f->ReturnNull();
  return MakeNumericDatum(Variance(s->n, NumericVar::FromInt128(s->sumx),
                                   NumericVar::FromInt128(s->sumx2), kSample, kStddev));
}

Datum PolySum(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<PolyAggState>(0);
  if (s->n == 0) return f->ReturnNull();
  return MakeNumericDatum(NumericVar::FromInt128(s->sumx));
}

Datum PolyAvg(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<PolyAggState>(0);
  if (s->n == 0) return f->ReturnNull();
  return MakeNumericDatum(DivideByCount(NumericVar::FromInt128(s->sumx), s->n));
}

// avg(int2/int4) final over the {count, sum} int8[] state.
Datum Int8Avg(FunctionCallInfo* f) {
  ArrayView view(f->Arg(0));
  if (view.ndim() != 1 || view.dim(0) != 2 || view.HasNulls()) {
    throw Error(errcode::kInternalError, "expected 2-element int8 array");
  }
  int64_t count, sum;
  const char* data = DatumGetPointer<const char>(f->Arg(0)) +
                     ArrayDataOffset(DatumGetPointer<const void>(f->Arg(0)));
  std::memcpy(&count, data, 8);
  std::memcpy(&sum, data + 8, 8);
  if (count == 0) return f->ReturnNull();
  return MakeNumericDatum(DivideByCount(NumericVar::FromInt64(sum), count));
}

// sum(int8) for moving aggregates: numeric running sum, not strict.
Datum Int8Sum(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) {
    if (f->ArgIsNull(1)) return f->ReturnNull();
    return MakeNumericDatum(NumericVar::FromInt64(f->ArgInt64(1)));
  }
  if (f->ArgIsNull(1)) return f->Arg(0);
  NumericVar sum = NumericDatumToVar(f->Arg(0));
  return MakeNumericDatum(AddVar(sum, NumericVar::FromInt64(f->ArgInt64(1))));
}

const BuiltinFunction kNumericAggBuiltins[] = {
    {"numeric_avg_accum", NumericAccum<false>, 2},
    {"numeric_accum", NumericAccum<true>, 2},
    {"numeric_accum_inv", NumericAccumInv<false>, 2},
    {"int8_accum", Int8Accum, 2},
    {"int8_accum_inv", NumericAccumInv<true>, 2},
    {"int8_avg_accum", PolyAccum<int64_t, false, 1>, 2},
    {"int8_avg_accum_inv", PolyAccum<int64_t, false, -1>, 2},
    {"int2_accum", PolyAccum<int16_t, true, 1>, 2},
    {"int4_accum", PolyAccum<int32_t, true, 1>, 2},
    {"int2_accum_inv", PolyAccum<int16_t, true, -1>, 2},
    {"int4_accum_inv", PolyAccum<int32_t, true, -1>, 2},
    {"int8_avg_combine", Int8AvgCombine, 2},
    {"numeric_poly_combine", Int8AvgCombine, 2},
    {"numeric_avg", NumericAvg, 1},
    {"numeric_sum", NumericSum, 1},
    {"numeric_var_pop", NumericVariance<false, false>, 1},
    {"numeric_var_samp", NumericVariance<true, false>, 1},
    {"numeric_stddev_pop", NumericVariance<false, true>, 1},
    {"numeric_stddev_samp", NumericVariance<true, true>, 1},
    {"numeric_poly_var_pop", PolyVariance<false, false>, 1},
    {"numeric_poly_var_samp", PolyVariance<true, false>, 1},
    {"numeric_poly_stddev_pop", PolyVariance<false, true>, 1},
    {"numeric_poly_stddev_samp", PolyVariance<true, true>, 1},
    {"numeric_poly_sum", PolySum, 1},
    {"numeric_poly_avg", PolyAvg, 1},
    {"int8_avg", Int8Avg, 1},
    {"int8_sum", Int8Sum, 2},
};

}  // namespace

std::span<const BuiltinFunction> NumericAggBuiltins() {
  return kNumericAggBuiltins;
}

}  // namespace hyrax::executor
