// eqjoinsel (see join_sel.h).
#include "planner/path/join_sel.h"

#include <algorithm>
#include <vector>

#include "planner/path/clausesel.h"
#include "planner/path/column_stats.h"

namespace hyrax::planner {

namespace {

// One side of the join clause: its distinct count and, when it is a column with
// statistics, those statistics.
struct JoinSide {
  double nd = 0;
  bool isdefault = true;
  std::optional<VarStats> stats;
  const catalog::ColumnStatistic::Slot* mcv = nullptr;
  double nullfrac() const { return stats ? stats->column->nullfrac : 0.0; }
};

JoinSide ExamineSide(PlannerInfo* root, const nodes::ExprPtr& arg) {
  JoinSide side;
  side.nd = EstimateNumDistinct(root, arg, &side.isdefault);
  if (const nodes::Var* var = StripToVar(arg.get())) {
    side.stats = LookupVarStats(root, *var, false);
    if (side.stats) side.mcv = McvSlot(*side.stats);
  }
  return side;
}

// The base relation of a Var of this query level, or nullptr.
const RelOptInfo* BaseRelOf(PlannerInfo* root, const nodes::ExprPtr& e) {
  const nodes::Var* v = StripToVar(e.get());
  if (v == nullptr || v->varlevelsup != 0 || v->varno >= root->simple_rel_array.size()) {
    return nullptr;
  }
  return root->simple_rel_array[v->varno].get();
}

// Which MCVs of side 1 (all of them) and of side 2 (the first `nvalues2`) find an equal MCV
// on the other side; each matches at most one, as PostgreSQL assumes.
struct McvMatches {
  std::vector<bool> matched1;
  std::vector<bool> matched2;
  double matchprodfreq = 0;
  int nmatches = 0;
};

McvMatches MatchMcvs(const nodes::OpExpr& op, int index1, const JoinSide& side1,
                     const JoinSide& side2, size_t nvalues2) {
  McvMatches m;
  m.matched1.assign(side1.mcv->values.size(), false);
  m.matched2.assign(nvalues2, false);
  OperatorPredicate equal(op.opno, op.inputcollid);
  for (size_t i = 0; i < side1.mcv->values.size(); ++i) {
    for (size_t j = 0; j < nvalues2; ++j) {
      if (m.matched2[j]) continue;
      const Datum v1 = side1.mcv->values[i];
      const Datum v2 = side2.mcv->values[j];
      if (index1 == 0 ? equal(v1, v2) : equal(v2, v1)) {
        m.matched1[i] = m.matched2[j] = true;
        m.matchprodfreq += side1.mcv->numbers[i] * side2.mcv->numbers[j];
        ++m.nmatches;
        break;
      }
    }
  }
  m.matchprodfreq = std::clamp(m.matchprodfreq, 0.0, 1.0);
  return m;
}

// Frequencies of the matched and unmatched MCVs of one side.
void SumMatched(const catalog::ColumnStatistic::Slot& mcv, const std::vector<bool>& matched,
                double* matchfreq, double* unmatchfreq) {
  *matchfreq = *unmatchfreq = 0;
  for (size_t i = 0; i < mcv.numbers.size(); ++i) {
    (i < matched.size() && matched[i] ? *matchfreq : *unmatchfreq) += mcv.numbers[i];
  }
  *matchfreq = std::clamp(*matchfreq, 0.0, 1.0);
  *unmatchfreq = std::clamp(*unmatchfreq, 0.0, 1.0);
}

double InnerSelectivity(const nodes::OpExpr& op, const JoinSide& s1, const JoinSide& s2) {
  if (s1.mcv == nullptr || s2.mcv == nullptr) {
    // At most (1 - nullfrac1)(1 - nullfrac2) / max(nd1, nd2): estimate from the side with
    // fewer distinct values, assuming most of its rows find a partner.
    return (1.0 - s1.nullfrac()) * (1.0 - s2.nullfrac()) / std::max(s1.nd, s2.nd);
  }
  const McvMatches m = MatchMcvs(op, 0, s1, s2, s2.mcv->values.size());
  double matchfreq1, unmatchfreq1, matchfreq2, unmatchfreq2;
  SumMatched(*s1.mcv, m.matched1, &matchfreq1, &unmatchfreq1);
  SumMatched(*s2.mcv, m.matched2, &matchfreq2, &unmatchfreq2);
  const double otherfreq1 = std::clamp(1.0 - s1.nullfrac() - matchfreq1 - unmatchfreq1, 0.0, 1.0);
  const double otherfreq2 = std::clamp(1.0 - s2.nullfrac() - matchfreq2 - unmatchfreq2, 0.0, 1.0);
  const auto nmcv1 = static_cast<double>(s1.mcv->values.size());
  const auto nmcv2 = static_cast<double>(s2.mcv->values.size());
  // Matched MCVs exactly; unmatched MCVs against the other side's non-MCV values; non-MCV
  // values against the other side's unmatched MCVs and non-MCV values. From each side's
  // point of view, then the smaller.
  double totalsel1 = m.matchprodfreq;
  if (s2.nd > nmcv2) totalsel1 += unmatchfreq1 * otherfreq2 / (s2.nd - nmcv2);
  if (s2.nd > m.nmatches) {
    totalsel1 += otherfreq1 * (otherfreq2 + unmatchfreq2) / (s2.nd - m.nmatches);
  }
  double totalsel2 = m.matchprodfreq;
  if (s1.nd > nmcv1) totalsel2 += unmatchfreq2 * otherfreq1 / (s1.nd - nmcv1);
  if (s1.nd > m.nmatches) {
    totalsel2 += otherfreq2 * (otherfreq1 + unmatchfreq1) / (s1.nd - m.nmatches);
  }
  return std::min(totalsel1, totalsel2);
}

}  // namespace

double EqJoinSelInner(PlannerInfo* root, const nodes::OpExpr& op) {
  const JoinSide s1 = ExamineSide(root, op.args[0]);
  const JoinSide s2 = ExamineSide(root, op.args[1]);
  return std::clamp(InnerSelectivity(op, s1, s2), 0.0, 1.0);
}

double EqJoinSelSemi(PlannerInfo* root, const nodes::OpExpr& op, int outer_index,
                     const RelOptInfo& inner_rel) {
  const JoinSide outer = ExamineSide(root, op.args[outer_index]);
  JoinSide inner = ExamineSide(root, op.args[1 - outer_index]);
  const double selec_inner = std::clamp(
      InnerSelectivity(op, outer_index == 0 ? outer : inner, outer_index == 0 ? inner : outer), 0.0,
      1.0);
  // The inner side cannot have more distinct values than rows (its base relation's or the
  // join input's): this is how the inner side's restrictions reach the estimate.
  if (const RelOptInfo* base = BaseRelOf(root, op.args[1 - outer_index]);
      base != nullptr && inner.nd >= base->rows) {
    inner.nd = base->rows;
    inner.isdefault = false;
  }
  if (inner.nd >= inner_rel.rows) {
    inner.nd = inner_rel.rows;
    inner.isdefault = false;
  }
  double selec;
  if (outer.mcv != nullptr && inner.mcv != nullptr) {
    // Only the inner side's nd2 most common values are assumed to reach the join.
    const size_t nvalues2 =
        std::min(inner.mcv->values.size(), static_cast<size_t>(std::max(inner.nd, 0.0)));
    const McvMatches m = MatchMcvs(op, outer_index, outer, inner, nvalues2);
    double matchfreq1, unmatchfreq1;
    SumMatched(*outer.mcv, m.matched1, &matchfreq1, &unmatchfreq1);
    // Rows of unmatched MCVs and non-MCV values: all have a partner when the inner side has
    // as many distinct values, else the ratio; half when a count is a default.
    double uncertainfrac = 0.5;
    if (!outer.isdefault && !inner.isdefault) {
      const double nd1 = outer.nd - m.nmatches;
      const double nd2 = inner.nd - m.nmatches;
      uncertainfrac = (nd1 <= nd2 || nd2 < 0) ? 1.0 : nd2 / nd1;
    }
    const double uncertain = std::clamp(1.0 - matchfreq1 - outer.nullfrac(), 0.0, 1.0);
    selec = matchfreq1 + uncertainfrac * uncertain;
  } else if (!outer.isdefault && !inner.isdefault) {
    selec = (outer.nd <= inner.nd || inner.nd < 0)
                ? 1.0 - outer.nullfrac()
                : (inner.nd / outer.nd) * (1.0 - outer.nullfrac());
  } else {
    selec = 0.5 * (1.0 - outer.nullfrac());
  }
  selec = std::min(selec, inner_rel.rows * selec_inner);
  return std::clamp(selec, 0.0, 1.0);
}

}  // namespace hyrax::planner
