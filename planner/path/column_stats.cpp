// Statistics-based selectivity (see column_stats.h).
#include "planner/path/column_stats.h"

#include <algorithm>
#include <cmath>

#include "executor/expr/function_lookup.h"
#include "executor/functions/fmgr.h"
#include "planner/cost/costsize.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

constexpr double kDefaultNumDistinct = 200.0;

}  // namespace

const nodes::Var* StripToVar(const nodes::Expr* e) {
  while (e->tag == nodes::NodeTag::kRelabelType) e = nodes::As<nodes::RelabelType>(e)->arg.get();
  return e->tag == nodes::NodeTag::kVar ? nodes::As<nodes::Var>(e) : nullptr;
}

bool VarHasUniqueIndex(PlannerInfo* root, const nodes::Var& var) {
  if (root == nullptr || var.varlevelsup != 0 || var.varno >= root->simple_rel_array.size()) {
    return false;
  }
  const auto& rel = root->simple_rel_array[var.varno];
  if (!rel) return false;
  for (const auto& index : rel->indexlist) {
    if (index->unique && index->nkeycolumns == 1 && index->indexkeys[0] == var.varattno) {
      return true;
    }
  }
  return false;
}

std::optional<VarStats> LookupVarStats(PlannerInfo* root, const nodes::Var& var, bool need_rel) {
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
  stats.baserel = rel;
  stats.tuples = rel != nullptr ? rel->tuples : 0;
  stats.unique = VarHasUniqueIndex(root, var);
  return stats;
}

double VarStatsNumDistinct(const VarStats& stats, bool* isdefault) {
  if (isdefault != nullptr) *isdefault = false;
  double stadistinct = stats.column->distinct;
  if (stats.unique) stadistinct = -1.0 * (1.0 - stats.column->nullfrac);
  if (stadistinct > 0) return ClampRowEst(stadistinct);
  if (stats.tuples > 0) {
    if (stadistinct < 0) return ClampRowEst(-stadistinct * stats.tuples);
    if (stats.tuples < kDefaultNumDistinct) return ClampRowEst(stats.tuples);
  }
  if (isdefault != nullptr) *isdefault = true;
  return kDefaultNumDistinct;
}

const catalog::ColumnStatistic::Slot* McvSlot(const VarStats& stats) {
  const catalog::ColumnStatistic::Slot* mcv = stats.column->Find(kStatisticKindMcv);
  if (mcv == nullptr || mcv->values.empty() || mcv->numbers.size() != mcv->values.size()) {
    return nullptr;
  }
  return mcv;
}

OperatorPredicate::OperatorPredicate(Oid opno, Oid collation) : call_(&fn_, collation) {
  executor::FmgrInfoForFunction(executor::OperatorFunction(opno), &fn_);
}

bool OperatorPredicate::operator()(Datum left, Datum right) {
  call_.SetArg(0, left);
  call_.SetArg(1, right);
  call_.fcinfo.isnull = false;
  const Datum r = executor::FunctionCallInvoke(&call_.fcinfo);
  return !call_.fcinfo.isnull && DatumGetBool(r);
}

std::optional<double> McvSelectivity(const VarStats& stats, const std::function<bool(Datum)>& test,
                                     double* sumcommon) {
  *sumcommon = 0;
  const catalog::ColumnStatistic::Slot* mcv = McvSlot(stats);
  if (mcv == nullptr) return std::nullopt;
  double selec = 0;
  for (size_t i = 0; i < mcv->values.size(); ++i) {
    if (test(mcv->values[i])) selec += mcv->numbers[i];
    *sumcommon += mcv->numbers[i];
  }
  return selec;
}

std::optional<double> StatsNumDistinct(PlannerInfo* root, const nodes::Var& var, bool unique) {
  std::optional<VarStats> stats = LookupVarStats(root, var);
  if (!stats) return std::nullopt;
  stats->unique = unique;
  return VarStatsNumDistinct(*stats, nullptr);
}

std::optional<double> StatsEqSel(PlannerInfo* root, const nodes::OpExpr& op, int var_index,
                                 bool unique, bool negate) {
  const nodes::Var* var = StripToVar(op.args[var_index].get());
  std::optional<VarStats> stats = LookupVarStats(root, *var);
  if (!stats) return std::nullopt;
  stats->unique = unique;
  const catalog::ColumnStatistic& col = *stats->column;
  const catalog::ColumnStatistic::Slot* mcv = McvSlot(*stats);
  const nodes::Expr* other = op.args[1 - var_index].get();
  while (other->tag == nodes::NodeTag::kRelabelType) {
    other = nodes::As<nodes::RelabelType>(other)->arg.get();
  }
  // Only a constant of the operator's input type is compared with the MCVs (x = ANY(array)
  // arrives here with the array as the "constant").
  bool comparable = false;
  if (other->tag == nodes::NodeTag::kConst) {
    std::optional<catalog::PgOperator> opr = catalog::Syscache().OperatorByOid(op.opno);
    comparable = opr && other->result_type == (var_index == 0 ? opr->oprright : opr->oprleft);
  }
  double selec;
  if (comparable && nodes::As<nodes::Const>(other)->constisnull) return 0.0;
  if (unique && stats->tuples >= 1.0) {
    selec = 1.0 / stats->tuples;
  } else if (comparable) {
    const auto& c = *nodes::As<nodes::Const>(other);
    // var_eq_const: the MCV frequency when the constant is in the list, else the rest of
    // the non-null rows spread over the other distinct values.
    std::optional<double> match;
    double sumcommon = 0;
    if (mcv != nullptr) {
      OperatorPredicate equal(op.opno, op.inputcollid);
      for (size_t i = 0; i < mcv->values.size() && !match; ++i) {
        const bool eq = var_index == 0 ? equal(mcv->values[i], c.constvalue)
                                       : equal(c.constvalue, mcv->values[i]);
        if (eq) match = mcv->numbers[i];
        sumcommon += mcv->numbers[i];
      }
    }
    if (match) {
      selec = *match;
    } else {
      selec = std::clamp(1.0 - sumcommon - col.nullfrac, 0.0, 1.0);
      const double nmcv = mcv != nullptr ? static_cast<double>(mcv->numbers.size()) : 0.0;
      const double otherdistinct = VarStatsNumDistinct(*stats, nullptr) - nmcv;
      if (otherdistinct > 1) selec /= otherdistinct;
      if (mcv != nullptr && selec > mcv->numbers.back()) selec = mcv->numbers.back();
    }
  } else {
    // var_eq_non_const: the average, never above the most common value's frequency.
    selec = 1.0 - col.nullfrac;
    const double nd = VarStatsNumDistinct(*stats, nullptr);
    if (nd > 1) selec /= nd;
    if (mcv != nullptr && selec > mcv->numbers[0]) selec = mcv->numbers[0];
  }
  if (negate) selec = 1.0 - selec - col.nullfrac;
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

std::optional<double> StatsMostCommonFreq(PlannerInfo* root, const nodes::Var& var) {
  std::optional<VarStats> stats = LookupVarStats(root, var, false);
  if (!stats) return std::nullopt;
  const catalog::ColumnStatistic::Slot* mcv = McvSlot(*stats);
  return mcv != nullptr ? mcv->numbers[0] : 0.0;
}

}  // namespace hyrax::planner
