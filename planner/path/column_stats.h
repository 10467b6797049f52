// Selectivity from ANALYZE's statistics (PostgreSQL's selfuncs.c with a pg_statistic row):
// n_distinct (get_variable_numdistinct), var = const through the MCV list (var_eq_const),
// var = non-constant (var_eq_non_const) and IS [NOT] NULL (nulltestsel). Each returns
// nullopt when the column has no statistics, so clausesel.cpp keeps its defaults.
#pragma once

#include <optional>

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Distinct values of base-relation column `var` (`unique`: a single-column unique index).
std::optional<double> StatsNumDistinct(PlannerInfo* root, const nodes::Var& var, bool unique);
// `var op other` for an equality operator `op` (args: the Var side at `var_index`).
std::optional<double> StatsEqSel(PlannerInfo* root, const nodes::OpExpr& op, int var_index,
                                 bool unique);
// IS NULL (`isnull`) or IS NOT NULL of `var`.
std::optional<double> StatsNullTestSel(PlannerInfo* root, const nodes::Var& var, bool isnull);
// stawidth of base-relation column `var`.
std::optional<int32_t> StatsVarWidth(PlannerInfo* root, const nodes::Var& var);
// stawidth of column `attnum` of table `relid`.
std::optional<int32_t> StatsAttrWidth(Oid relid, nodes::AttrNumber attnum);

}  // namespace hyrax::planner
