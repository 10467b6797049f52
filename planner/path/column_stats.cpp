// Statistics-based selectivity (see column_stats.h).
#include "planner/path/column_stats.h"

#include <algorithm>
#include <cmath>

#include "executor/expr/function_lookup.h"
#include "executor/functions/fmgr.h"
#include "planner/cost/costsize.h"
#include "storage/catalog/statistic_cache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

constexpr int16_t kStatisticKindMcv = 1;

struct VarStats {
  std::shared_ptr<const catalog::RelationStatistics> rel;
  const catalog::ColumnStatistic* column = nullptr;
  double tuples = 0;
};

// `need_rel`: the relation's RelOptInfo must exist (its row count is needed).
std::optional<VarStats> LookupVarStats(PlannerInfo* root, const nodes::Var& var,
                                       bool need_rel = true) {
  if (root == nullptr || root->parse == nullptr || var.varlevelsup != 0 || var.varattno <= 0 ||
      var.varno == 0 || var.varno > root->parse->rtable.size()) {
    return std::nullopt;
  }
  const nodes::RangeTblEntry& rte = root->parse->rtable[var.varno - 1];
  if (rte.rtekind != nodes::RteKind::kRelation || rte.relid == kInvalidOid) return std::nullopt;
  const RelOptInfo* rel =
      var.varno < root->simple_rel_array.size() ? root->simple_rel_array[var.varno].get() : nullptr;
  if (rel == nullptr && need_rel) return std::nullopt;
  VarStats stats;
  stats.rel = catalog::StatisticsOf(rte.relid);
  stats.column = stats.rel->Find(var.varattno);
  if (stats.column == nullptr) return std::nullopt;
  stats.tuples = rel != nullptr ? rel->tuples : 0;
  return stats;
}

const nodes::Expr* StripRelabel(const nodes::Expr* e) {
  while (e->tag == nodes::NodeTag::kRelabelType) e = nodes::As<nodes::RelabelType>(e)->arg.get();
  return e;
}

double NumDistinct(const VarStats& stats, bool unique) {
  double stadistinct = stats.column->distinct;
  if (unique) stadistinct = -1.0 * (1.0 - stats.column->nullfrac);
  if (stadistinct > 0) return ClampRowEst(stadistinct);
  if (stats.tuples <= 0) return 200.0;
  if (stadistinct < 0) return ClampRowEst(-stadistinct * stats.tuples);
  if (stats.tuples < 200.0) return ClampRowEst(stats.tuples);
  return 200.0;
}

}  // namespace

std::optional<double> StatsNumDistinct(PlannerInfo* root, const nodes::Var& var, bool unique) {
  std::optional<VarStats> stats = LookupVarStats(root, var);
  if (!stats) return std::nullopt;
  return NumDistinct(*stats, unique);
}

std::optional<double> StatsEqSel(PlannerInfo* root, const nodes::OpExpr& op, int var_index,
                                 bool unique) {
  const auto* var = nodes::As<nodes::Var>(StripRelabel(op.args[var_index].get()));
  std::optional<VarStats> stats = LookupVarStats(root, *var);
  if (!stats) return std::nullopt;
  if (unique && stats->tuples >= 1.0) return 1.0 / stats->tuples;
  const catalog::ColumnStatistic& col = *stats->column;
  const catalog::ColumnStatistic::Slot* mcv = col.Find(kStatisticKindMcv);
  const nodes::Expr* other = StripRelabel(op.args[1 - var_index].get());
  // Only a constant of the operator's input type is compared with the MCVs (x = ANY(array)
  // arrives here with the array as the "constant").
  bool comparable = false;
  if (other->tag == nodes::NodeTag::kConst) {
    std::optional<catalog::PgOperator> opr = catalog::Syscache().OperatorByOid(op.opno);
    comparable = opr && other->result_type == (var_index == 0 ? opr->oprright : opr->oprleft);
  }
  double selec;
  if (comparable) {
    const auto& c = *nodes::As<nodes::Const>(other);
    if (c.constisnull) return 0.0;
    // var_eq_const: the MCV frequency when the constant is in the list, else the rest of
    // the non-null rows spread over the other distinct values.
    if (mcv != nullptr && !mcv->values.empty() && mcv->numbers.size() == mcv->values.size()) {
      executor::FmgrInfo fn;
      executor::FmgrInfoForFunction(executor::OperatorFunction(op.opno), &fn);
      executor::LocalFunctionCallInfo<2> call(&fn, op.inputcollid);
      double sumcommon = 0;
      for (size_t i = 0; i < mcv->values.size(); ++i) {
        call.SetArg(var_index, mcv->values[i]);
        call.SetArg(1 - var_index, c.constvalue);
        call.fcinfo.isnull = false;
        const Datum r = executor::FunctionCallInvoke(&call.fcinfo);
        if (!call.fcinfo.isnull && DatumGetBool(r)) return mcv->numbers[i];
        sumcommon += mcv->numbers[i];
      }
      selec = 1.0 - sumcommon - col.nullfrac;
      selec = std::clamp(selec, 0.0, 1.0);
      const double otherdistinct = NumDistinct(*stats, false) - mcv->numbers.size();
      if (otherdistinct > 1) selec /= otherdistinct;
      if (!mcv->numbers.empty() && selec > mcv->numbers.back()) selec = mcv->numbers.back();
    } else {
      selec = 1.0 - col.nullfrac;
      const double nd = NumDistinct(*stats, false);
      if (nd > 1) selec /= nd;
    }
  } else {
    // var_eq_non_const: the average, never above the most common value's frequency.
    selec = 1.0 - col.nullfrac;
    const double nd = NumDistinct(*stats, false);
    if (nd > 1) selec /= nd;
    if (mcv != nullptr && !mcv->numbers.empty() && selec > mcv->numbers[0]) {
      selec = mcv->numbers[0];
    }
  }
  return std::clamp(selec, 0.0, 1.0);
}

std::optional<double> StatsNullTestSel(PlannerInfo* root, const nodes::Var& var, bool isnull) {
  std::optional<VarStats> stats = LookupVarStats(root, var);
  if (!stats) return std::nullopt;
  const double freq = stats->column->nullfrac;
  return std::clamp(isnull ? freq : 1.0 - freq, 0.0, 1.0);
}

std::optional<int32_t> StatsVarWidth(PlannerInfo* root, const nodes::Var& var) {
  std::optional<VarStats> stats = LookupVarStats(root, var, false);
  if (!stats || stats->column->width <= 0) return std::nullopt;
  return stats->column->width;
}

std::optional<int32_t> StatsAttrWidth(Oid relid, nodes::AttrNumber attnum) {
  if (attnum <= 0) return std::nullopt;
  std::shared_ptr<const catalog::RelationStatistics> stats = catalog::StatisticsOf(relid);
  const catalog::ColumnStatistic* col = stats->Find(attnum);
  if (col == nullptr || col->width <= 0) return std::nullopt;
  return col->width;
}

}  // namespace hyrax::planner
