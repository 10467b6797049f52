// Aggregate support for float4/float8 (avg, variance, stddev, and the regression family
// corr/covar_*/regr_*): transition states are float8[] arrays {N, Sx, Sxx} ({N, Sx, Sxx, Sy,
// Syy, Sxy} for two variables) updated with the Youngs-Cramer algorithm, as
// PostgreSQL's float8_accum, so results agree to the last bit. See README.md "Aggregates".
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/array_type.h"
#include "executor/types/float_io.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Reads the n float8 values of a transition array, checking its shape like PostgreSQL's
// check_float8_array.
void ReadState(Datum array, const char* caller, int n, double* out) {
  ArrayView view(array);
  if (view.ndim() != 1 || view.dim(0) != n || view.HasNulls() || view.elemtype() != kFloat8Oid) {
    throw MakeError(errcode::kInternalError, "{}: expected {}-element float8 array", caller, n);
  }
  std::memcpy(
      out, DatumGetPointer<const char>(array) + ArrayDataOffset(DatumGetPointer<const void>(array)),
      sizeof(double) * n);
}

// Returns the new state: written over the input array when called as an aggregate (the
// state belongs to the aggregate), else a fresh array.
Datum WriteState(FunctionCallInfo* f, Datum array, const double* values, int n) {
  if (AggCheckCallContext(f) != nullptr) {
    std::memcpy(DatumGetPointer<char>(array) + ArrayDataOffset(DatumGetPointer<const void>(array)),
                values, sizeof(double) * n);
    return array;
  }
  ElementType elem;
  BuiltinElementType(kFloat8Oid, &elem);
  std::vector<Datum> datums;
  for (int i = 0; i < n; ++i) datums.push_back(Float8GetDatum(values[i]));
  return ConstructArray1D(datums, nullptr, elem);
}

void Accumulate(double state[3], double value) {
  double old_n = state[0];
  double old_sx = state[1];
  state[0] += 1.0;
  state[1] += value;
  if (old_n > 0.0) {
    double tmp = value * state[0] - state[1];
    state[2] += tmp * tmp / (state[0] * old_n);
    // Only finite inputs that produce infinite sums are an overflow; infinite inputs make
    // the variance NaN rather than infinite.
    if (std::isinf(state[1]) || std::isinf(state[2])) {
      if (!std::isinf(old_sx) && !std::isinf(value)) ThrowFloatOverflow();
      state[2] = kNaN;
    }
  } else if (std::isnan(value) || std::isinf(value)) {
    // A first input of Inf or NaN must not leave the variance at 0.
    state[2] = kNaN;
  }
}

Datum Float8Accum(FunctionCallInfo* f) {
  double state[3];
  ReadState(f->Arg(0), "float8_accum", 3, state);
  Accumulate(state, f->ArgFloat8(1));
  return WriteState(f, f->Arg(0), state, 3);
}

Datum Float4Accum(FunctionCallInfo* f) {
  double state[3];
  ReadState(f->Arg(0), "float4_accum", 3, state);
  Accumulate(state, static_cast<double>(f->ArgFloat4(1)));
  return WriteState(f, f->Arg(0), state, 3);
}

Datum Float8Combine(FunctionCallInfo* f) {
  double s1[3], s2[3], out[3];
  ReadState(f->Arg(0), "float8_combine", 3, s1);
  ReadState(f->Arg(1), "float8_combine", 3, s2);
  if (s1[0] == 0.0) {
    std::memcpy(out, s2, sizeof(out));
  } else if (s2[0] == 0.0) {
    std::memcpy(out, s1, sizeof(out));
  } else {
    out[0] = s1[0] + s2[0];
    out[1] = s1[1] + s2[1];
    if (std::isinf(out[1]) && !std::isinf(s1[1]) && !std::isinf(s2[1])) ThrowFloatOverflow();
    double tmp = s1[1] / s1[0] - s2[1] / s2[0];
    out[2] = s1[2] + s2[2] + s1[0] * s2[0] * tmp * tmp / out[0];
    if (std::isinf(out[2]) && !std::isinf(s1[2]) && !std::isinf(s2[2])) ThrowFloatOverflow();
  }
  return WriteState(f, f->Arg(0), out, 3);
}

enum class Final { kAvg, kVarPop, kVarSamp, kStddevPop, kStddevSamp };

constexpr const char* FinalName(Final kind) {
  switch (kind) {
    case Final::kAvg:
      return "float8_avg";
    case Final::kVarPop:
      return "float8_var_pop";
    case Final::kVarSamp:
      return "float8_var_samp";
    case Final::kStddevPop:
      return "float8_stddev_pop";
    case Final::kStddevSamp:
      return "float8_stddev_samp";
  }
  return "";
}

template <Final kind>
Datum Float8Final(FunctionCallInfo* f) {
  double s[3];
  ReadState(f->Arg(0), FinalName(kind), 3, s);
  double n = s[0];
  switch (kind) {
    case Final::kAvg:
      if (n == 0.0) return f->ReturnNull();
      return Float8GetDatum(s[1] / n);
    case Final::kVarPop:
      if (n == 0.0) return f->ReturnNull();
      return Float8GetDatum(s[2] / n);
    case Final::kVarSamp:
      if (n <= 1.0) return f->ReturnNull();
      return Float8GetDatum(s[2] / (n - 1.0));
    case Final::kStddevPop:
      if (n == 0.0) return f->ReturnNull();
      return Float8GetDatum(std::sqrt(s[2] / n));
    case Final::kStddevSamp:
      if (n <= 1.0) return f->ReturnNull();
      return Float8GetDatum(std::sqrt(s[2] / (n - 1.0)));
  }
  return f->ReturnNull();
}

// ---- Two-variable regression aggregates: state {N, Sx, Sxx, Sy, Syy, Sxy} ----
// regr_*(Y, X) and corr/covar_*: the transition takes Y first, then X.

Datum Float8RegrAccum(FunctionCallInfo* f) {
  double s[6];
  ReadState(f->Arg(0), "float8_regr_accum", 6, s);
  double y = f->ArgFloat8(1), x = f->ArgFloat8(2);
  double old_n = s[0], old_sx = s[1], old_sy = s[3];
  s[0] += 1.0;
  s[1] += x;
  s[3] += y;
  if (old_n > 0.0) {
    double tmp_x = x * s[0] - s[1];
    double tmp_y = y * s[0] - s[3];
    double scale = 1.0 / (s[0] * old_n);
    s[2] += tmp_x * tmp_x * scale;
    s[4] += tmp_y * tmp_y * scale;
    s[5] += tmp_x * tmp_y * scale;
    if (std::isinf(s[1]) || std::isinf(s[2]) || std::isinf(s[3]) || std::isinf(s[4]) ||
        std::isinf(s[5])) {
      bool x_finite = !std::isinf(old_sx) && !std::isinf(x);
      bool y_finite = !std::isinf(old_sy) && !std::isinf(y);
      if (((std::isinf(s[1]) || std::isinf(s[2])) && x_finite) ||
          ((std::isinf(s[3]) || std::isinf(s[4])) && y_finite) ||
          (std::isinf(s[5]) && x_finite && y_finite)) {
        ThrowFloatOverflow();
      }
      for (int i : {2, 4, 5}) {
        if (std::isinf(s[i])) s[i] = kNaN;
      }
    }
  } else {
    if (std::isnan(x) || std::isinf(x)) s[2] = s[5] = kNaN;
    if (std::isnan(y) || std::isinf(y)) s[4] = s[5] = kNaN;
  }
  return WriteState(f, f->Arg(0), s, 6);
}

Datum Float8RegrCombine(FunctionCallInfo* f) {
  double a[6], b[6], out[6];
  ReadState(f->Arg(0), "float8_regr_combine", 6, a);
  ReadState(f->Arg(1), "float8_regr_combine", 6, b);
  if (a[0] == 0.0) {
    std::memcpy(out, b, sizeof(out));
  } else if (b[0] == 0.0) {
    std::memcpy(out, a, sizeof(out));
  } else {
    double n = a[0] + b[0];
    out[0] = n;
    auto sum = [](double p, double q) {
      double r = p + q;
      if (std::isinf(r) && !std::isinf(p) && !std::isinf(q)) ThrowFloatOverflow();
      return r;
    };
    auto check = [](double r, double p, double q) {
      if (std::isinf(r) && !std::isinf(p) && !std::isinf(q)) ThrowFloatOverflow();
      return r;
    };
    out[1] = sum(a[1], b[1]);
    double tmp_x = a[1] / a[0] - b[1] / b[0];
    out[2] = check(a[2] + b[2] + a[0] * b[0] * tmp_x * tmp_x / n, a[2], b[2]);
    out[3] = sum(a[3], b[3]);
    double tmp_y = a[3] / a[0] - b[3] / b[0];
    out[4] = check(a[4] + b[4] + a[0] * b[0] * tmp_y * tmp_y / n, a[4], b[4]);
    out[5] = check(a[5] + b[5] + a[0] * b[0] * tmp_x * tmp_y / n, a[5], b[5]);
  }
  return WriteState(f, f->Arg(0), out, 6);
}

enum class Regr {
  kSxx,
  kSyy,
  kSxy,
  kAvgX,
  kAvgY,
  kR2,
  kSlope,
  kIntercept,
  kCovarPop,
  kCovarSamp,
  kCorr
};

constexpr const char* RegrName(Regr kind) {
  constexpr const char* kNames[] = {
      "float8_regr_sxx",  "float8_regr_syy",   "float8_regr_sxy",   "float8_regr_avgx",
      "float8_regr_avgy", "float8_regr_r2",    "float8_regr_slope", "float8_regr_intercept",
      "float8_covar_pop", "float8_covar_samp", "float8_corr"};
  return kNames[static_cast<int>(kind)];
}

template <Regr kind>
Datum Float8RegrFinal(FunctionCallInfo* f) {
  double s[6];
  ReadState(f->Arg(0), RegrName(kind), 6, s);
  double n = s[0], sx = s[1], sxx = s[2], sy = s[3], syy = s[4], sxy = s[5];
  if (n < 1.0 || (kind == Regr::kCovarSamp && n < 2.0)) return f->ReturnNull();
  switch (kind) {
    case Regr::kSxx:
      return Float8GetDatum(sxx);
    case Regr::kSyy:
      return Float8GetDatum(syy);
    case Regr::kSxy:
      return Float8GetDatum(sxy);
    case Regr::kAvgX:
      return Float8GetDatum(sx / n);
    case Regr::kAvgY:
      return Float8GetDatum(sy / n);
    case Regr::kCovarPop:
      return Float8GetDatum(sxy / n);
    case Regr::kCovarSamp:
      return Float8GetDatum(sxy / (n - 1.0));
    case Regr::kCorr:
      if (sxx == 0 || syy == 0) return f->ReturnNull();
      return Float8GetDatum(sxy / std::sqrt(sxx * syy));
    case Regr::kR2:
      if (sxx == 0) return f->ReturnNull();
      if (syy == 0) return Float8GetDatum(1.0);
      return Float8GetDatum((sxy * sxy) / (sxx * syy));
    case Regr::kSlope:
      if (sxx == 0) return f->ReturnNull();
      return Float8GetDatum(sxy / sxx);
    case Regr::kIntercept:
      if (sxx == 0) return f->ReturnNull();
      return Float8GetDatum((sy - sx * sxy / sxx) / n);
  }
  return f->ReturnNull();
}

const BuiltinFunction kFloatAggBuiltins[] = {
    {"float8_accum", Float8Accum, 2},
    {"float4_accum", Float4Accum, 2},
    {"float8_combine", Float8Combine, 2},
    {"float8_avg", Float8Final<Final::kAvg>, 1},
    {"float8_var_pop", Float8Final<Final::kVarPop>, 1},
    {"float8_var_samp", Float8Final<Final::kVarSamp>, 1},
    {"float8_stddev_pop", Float8Final<Final::kStddevPop>, 1},
    {"float8_stddev_samp", Float8Final<Final::kStddevSamp>, 1},
    {"float8_regr_accum", Float8RegrAccum, 3},
    {"float8_regr_combine", Float8RegrCombine, 2},
    {"float8_regr_sxx", Float8RegrFinal<Regr::kSxx>, 1},
    {"float8_regr_syy", Float8RegrFinal<Regr::kSyy>, 1},
    {"float8_regr_sxy", Float8RegrFinal<Regr::kSxy>, 1},
    {"float8_regr_avgx", Float8RegrFinal<Regr::kAvgX>, 1},
    {"float8_regr_avgy", Float8RegrFinal<Regr::kAvgY>, 1},
    {"float8_regr_r2", Float8RegrFinal<Regr::kR2>, 1},
    {"float8_regr_slope", Float8RegrFinal<Regr::kSlope>, 1},
    {"float8_regr_intercept", Float8RegrFinal<Regr::kIntercept>, 1},
    {"float8_covar_pop", Float8RegrFinal<Regr::kCovarPop>, 1},
    {"float8_covar_samp", Float8RegrFinal<Regr::kCovarSamp>, 1},
    {"float8_corr", Float8RegrFinal<Regr::kCorr>, 1},
};

}  // namespace

std::span<const BuiltinFunction> FloatAggBuiltins() {
  return kFloatAggBuiltins;
}

}  // namespace hyrax::executor
