// scalarineqsel (see scalar_ineq_sel.h). The histogram's end points are taken as stored:
// PostgreSQL's get_actual_variable_range (reading the true minimum or maximum through an
// index when a constant falls in the first or last bucket) is not done.
#include "planner/path/scalar_ineq_sel.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "planner/path/column_stats.h"
#include "planner/path/scalar_convert.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using VarOpConst = std::function<bool(Datum)>;

// comparison_ops_are_compatible: both operators belong to one btree family.
bool OpsCompatible(Oid a, Oid b) {
  if (a == b) return true;
  std::set<Oid> families;
  for (const auto& amop : catalog::Syscache().AmopsByOperator(a)) families.insert(amop.amopfamily);
  for (const auto& amop : catalog::Syscache().AmopsByOperator(b)) {
    if (families.count(amop.amopfamily) != 0) return true;
  }
  return false;
}

// The selectivity of "x = constant" among the values the histogram represents, assuming
// the constant is not an MCV (ineq_histogram_selectivity's eq_selec).
double HistogramEqSel(const VarStats& stats) {
  double otherdistinct = VarStatsNumDistinct(stats, nullptr);
  if (const auto* mcv = stats.column->Find(kStatisticKindMcv)) {
    otherdistinct -= static_cast<double>(mcv->numbers.size());
  }
  return otherdistinct > 1 ? 1.0 / otherdistinct : 0.0;
}

// Where the constant falls inside bucket [lo, hi]: 0..1, 0.5 when it cannot be told.
double BucketFraction(const nodes::Const& c, Datum lo, Datum hi, Oid bounds_type) {
  double val, low, high;
  if (!ConvertToScalar(c.constvalue, c.result_type, lo, hi, bounds_type, &val, &low, &high)) {
    return 0.5;
  }
  if (high <= low) return 0.5;
  if (val <= low) return 0.0;
  if (val >= high) return 1.0;
  const double binfrac = (val - low) / (high - low);
  if (std::isnan(binfrac) || binfrac < 0.0 || binfrac > 1.0) return 0.5;
  return binfrac;
}

// ineq_histogram_selectivity: the fraction of the histogram's population for which
// `var_op_const` (operator `opno`) holds, or -1 without a usable histogram.
double HistogramSelectivity(const VarStats& stats, Oid opno, Oid bounds_type, const nodes::Const& c,
                            const VarOpConst& var_op_const, bool isgt, bool iseq) {
  const catalog::ColumnStatistic::Slot* hist = stats.column->Find(kStatisticKindHistogram);
  if (hist == nullptr || hist->values.size() < 2 || !OpsCompatible(hist->op, opno)) {
    return -1.0;
  }
  const int nvalues = static_cast<int>(hist->values.size());
  // Binary search for the first bound the condition (flipped for >) rejects.
  int lobound = 0;
  int hibound = nvalues;
  while (lobound < hibound) {
    const int probe = (lobound + hibound) / 2;
    bool ltcmp = var_op_const(hist->values[probe]);
    if (isgt) ltcmp = !ltcmp;
    if (ltcmp) {
      lobound = probe + 1;
    } else {
      hibound = probe;
    }
  }
  double histfrac;  // estimate of the fraction with "x <= constant"
  if (lobound <= 0) {
    histfrac = 0.0;
  } else if (lobound >= nvalues) {
    histfrac = 1.0;
  } else {
    const int i = lobound;
    const double eq_selec = (i == 1 || isgt == iseq) ? HistogramEqSel(stats) : 0.0;
    const double binfrac = BucketFraction(c, hist->values[i - 1], hist->values[i], bounds_type);
    histfrac = (i - 1 + binfrac) / (nvalues - 1);
    // The first bucket starts at its lowest value, so "x <= first bound" is eq_selec.
    if (i == 1) histfrac += eq_selec * (1.0 - binfrac);
    // "<" and ">=" exclude the constant itself.
    if (isgt == iseq) histfrac -= eq_selec;
  }
  double hist_selec = isgt ? 1.0 - histfrac : histfrac;
  // Bounds are approximate: never believe less than a hundredth of a bucket.
  const double cutoff = 0.01 / (nvalues - 1);
  return std::clamp(hist_selec, cutoff, 1.0 - cutoff);
}

}  // namespace

double IneqHistogramSelectivity(const VarStats& stats, Oid opno, Oid collation, Oid var_type,
                                const nodes::Const& c, bool isgt, bool iseq) {
  OperatorPredicate test(opno, collation);
  const VarOpConst var_op_const = [&](Datum value) { return test(value, c.constvalue); };
  return HistogramSelectivity(stats, opno, var_type, c, var_op_const, isgt, iseq);
}

std::optional<double> StatsIneqSel(PlannerInfo* root, const nodes::OpExpr& op, int var_index,
                                   bool isgt, bool iseq) {
  const nodes::Var* var = StripToVar(op.args[var_index].get());
  const nodes::Expr* other = op.args[1 - var_index].get();
  while (other->tag == nodes::NodeTag::kRelabelType) {
    other = nodes::As<nodes::RelabelType>(other)->arg.get();
  }
  if (var == nullptr || other->tag != nodes::NodeTag::kConst) return std::nullopt;
  const auto& c = *nodes::As<nodes::Const>(other);
  if (c.constisnull) return 0.0;
  std::optional<VarStats> stats = LookupVarStats(root, *var);
  if (!stats) return std::nullopt;
  // "const op var" is "var commutator const": the direction flips.
  if (var_index == 1) isgt = !isgt;

  OperatorPredicate test(op.opno, op.inputcollid);
  const VarOpConst var_op_const = [&](Datum value) {
    return var_index == 0 ? test(value, c.constvalue) : test(c.constvalue, value);
  };
  double sumcommon = 0;
  const double mcv_selec = McvSelectivity(*stats, var_op_const, &sumcommon).value_or(0.0);
  const double hist_selec =
      HistogramSelectivity(*stats, op.opno, var->result_type, c, var_op_const, isgt, iseq);
  double selec = 1.0 - stats->column->nullfrac - sumcommon;
  selec *= hist_selec >= 0.0 ? hist_selec : 0.5;
  selec += mcv_selec;
  return std::clamp(selec, 0.0, 1.0);
}

}  // namespace hyrax::planner
