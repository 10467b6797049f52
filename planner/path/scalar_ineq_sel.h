// Range selectivity from ANALYZE's statistics (PostgreSQL's scalarineqsel with
// mcv_selectivity and ineq_histogram_selectivity): `var < const`, `<=`, `>`, `>=` count the
// MCVs that satisfy the condition exactly and interpolate linearly inside the histogram
// bucket holding the constant for the rest (values made comparable by scalar_convert.h).
// clausesel.cpp calls it for operators whose oprrest is scalarltsel/le/gt/ge and combines
// two of them on one column into a range (BETWEEN).
#pragma once

#include <optional>

#include "planner/path/column_stats.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// ineq_histogram_selectivity alone: the fraction of the histogram's population (the
// non-null rows outside the MCV list) for which "var opno c" holds, `opno` an inequality
// with the Var on its left described by `isgt` / `iseq`; -1 without a usable histogram.
// LIKE's prefix_selectivity uses it (pattern_sel.cpp).
double IneqHistogramSelectivity(const VarStats& stats, Oid opno, Oid collation, Oid var_type,
                                const nodes::Const& c, bool isgt, bool iseq);

// Selectivity of `op` (a two-argument inequality whose Var side is args[var_index]; `isgt`
// and `iseq` describe the operator as written: > / >= / < / <=). nullopt when the column has
// no statistics or the other side is not a constant (the caller keeps its 1/3 default).
std::optional<double> StatsIneqSel(PlannerInfo* root, const nodes::OpExpr& op, int var_index,
                                   bool isgt, bool iseq);

}  // namespace hyrax::planner
