// Selectivity from ANALYZE's statistics (PostgreSQL's selfuncs.c with a pg_statistic row):
// n_distinct (get_variable_numdistinct), var = const through the MCV list (var_eq_const),
// var = non-constant (var_eq_non_const) and IS [NOT] NULL (nulltestsel). Each returns
// nullopt when the column has no statistics, so clausesel.cpp keeps its defaults. Range
// conditions are in scalar_ineq_sel.h, join clauses in join_sel.h; both read the same
// VarStats (examine_variable's statsTuple) through LookupVarStats.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "executor/functions/fmgr.h"
#include "planner/path/pathnodes.h"
#include "storage/catalog/statistic_cache.h"

namespace hyrax::planner {

// pg_statistic slot kinds (PostgreSQL's STATISTIC_KIND_*).
inline constexpr int16_t kStatisticKindMcv = 1;
inline constexpr int16_t kStatisticKindHistogram = 2;
inline constexpr int16_t kStatisticKindCorrelation = 3;

// The statistics of one base-relation column (examine_variable's result).
struct VarStats {
  std::shared_ptr<const catalog::RelationStatistics> rel;  // keeps `column` alive
  const catalog::ColumnStatistic* column = nullptr;
  const RelOptInfo* baserel = nullptr;  // nullptr when the relation is not planned here
  double tuples = 0;                    // the relation's tuple estimate (0 when unknown)
  bool unique = false;                  // a single-column unique index covers the column
};

// The statistics of base-relation column `var` (under RelabelTypes), or nullopt without a
// pg_statistic row. `need_rel`: the relation's RelOptInfo must exist (its size is needed).
std::optional<VarStats> LookupVarStats(PlannerInfo* root, const nodes::Var& var,
                                       bool need_rel = true);
// `e` without RelabelTypes, when that is a Var; else nullptr.
const nodes::Var* StripToVar(const nodes::Expr* e);
// A single-column unique index exists on `var` (examine_variable's isunique).
bool VarHasUniqueIndex(PlannerInfo* root, const nodes::Var& var);
// get_variable_numdistinct with a statistics row; `isdefault` (may be nullptr) is set when
// the value is the 200 default.
double VarStatsNumDistinct(const VarStats& stats, bool* isdefault);
// The MCV slot (values and frequencies of equal length), or nullptr.
const catalog::ColumnStatistic::Slot* McvSlot(const VarStats& stats);

// A boolean operator's function applied to two values under one collation (a NULL result
// counts as false): how MCVs and histogram bounds are tested against a constant or each
// other. Not copyable (its call frame points at its function info).
class OperatorPredicate {
 public:
  OperatorPredicate(Oid opno, Oid collation);
  OperatorPredicate(const OperatorPredicate&) = delete;
  OperatorPredicate& operator=(const OperatorPredicate&) = delete;
  bool operator()(Datum left, Datum right);

 private:
  executor::FmgrInfo fn_;
  executor::LocalFunctionCallInfo<2> call_;
};

// mcv_selectivity: the summed frequency of the MCVs for which `test(value)` holds;
// `sumcommon` gets the frequency of all MCVs. nullopt without an MCV list.
std::optional<double> McvSelectivity(const VarStats& stats, const std::function<bool(Datum)>& test,
                                     double* sumcommon);

// Distinct values of base-relation column `var` (`unique`: a single-column unique index).
std::optional<double> StatsNumDistinct(PlannerInfo* root, const nodes::Var& var, bool unique);
// `var op other` for an equality operator `op` (args: the Var side at `var_index`);
// `negate` gives `var <> other` (neqsel: also excludes the nulls).
std::optional<double> StatsEqSel(PlannerInfo* root, const nodes::OpExpr& op, int var_index,
                                 bool unique, bool negate = false);
// IS NULL (`isnull`) or IS NOT NULL of `var`.
std::optional<double> StatsNullTestSel(PlannerInfo* root, const nodes::Var& var, bool isnull);
// stawidth of base-relation column `var`.
std::optional<int32_t> StatsVarWidth(PlannerInfo* root, const nodes::Var& var);
// stawidth of column `attnum` of table `relid`.
std::optional<int32_t> StatsAttrWidth(Oid relid, nodes::AttrNumber attnum);
// Frequency of the most common value of `var` (estimate_hash_bucket_stats' mcv_freq); 0
// without an MCV list, nullopt without statistics.
std::optional<double> StatsMostCommonFreq(PlannerInfo* root, const nodes::Var& var);

}  // namespace hyrax::planner
