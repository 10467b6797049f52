// Set-returning functions in planning (see srfpaths.h).
#include "planner/path/srfpaths.h"

#include <cmath>

#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "nodes/make_nodes.h"
#include "planner/cost/costsize.h"
#include "planner/path/clausesel.h"
#include "planner/path/pathnode.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;

bool IsSrfCall(const ExprPtr& e) {
  if (e->tag == NodeTag::kFuncExpr) return nodes::As<nodes::FuncExpr>(e)->funcretset;
  if (e->tag == NodeTag::kOpExpr) return nodes::As<nodes::OpExpr>(e)->opretset;
  return false;
}

bool IsNullConst(const ExprPtr& e) {
  return e->tag == NodeTag::kConst && nodes::As<nodes::Const>(e)->constisnull;
}

// The rows estimates of PostgreSQL 15's support functions generate_series_int4/int8_support
// (exact for constant arguments, 0 for a NULL argument) and array_unnest_support (the
// array's length); < 0 when the support function has no answer.
double SupportRows(const catalog::PgProc& proc, const nodes::ExprList& args) {
  const std::string& src = proc.prosrc;
  bool int4 = src == "generate_series_int4" || src == "generate_series_step_int4";
  bool int8 = src == "generate_series_int8" || src == "generate_series_step_int8";
  if ((int4 || int8) && args.size() >= 2) {
    for (const auto& a : args) {
      if (IsNullConst(a)) return 0;
    }
    for (const auto& a : args) {
      if (a->tag != NodeTag::kConst) return -1;
    }
    auto value = [&](const ExprPtr& e) {
      Datum d = nodes::As<nodes::Const>(e)->constvalue;
      return int4 ? static_cast<double>(DatumGetInt32(d)) : static_cast<double>(DatumGetInt64(d));
    };
    double start = value(args[0]);
    double finish = value(args[1]);
    double step = args.size() >= 3 ? value(args[2]) : 1;
    if (step == 0) return -1;
    return std::floor((finish - start + step) / step);
  }
  if (src == "array_unnest" && args.size() == 1) return static_cast<double>(ArrayLength(args[0]));
  return -1;
}

}  // namespace

double ExpressionReturnsSetRows(const ExprPtr& expr) {
  if (!expr || !IsSrfCall(expr)) return 1.0;
  Oid funcid;
  const nodes::ExprList* args;
  if (expr->tag == NodeTag::kFuncExpr) {
    funcid = nodes::As<nodes::FuncExpr>(expr)->funcid;
    args = &nodes::As<nodes::FuncExpr>(expr)->args;
  } else {
    const auto& op = *nodes::As<nodes::OpExpr>(expr);
    funcid = op.opfuncid;
    if (funcid == kInvalidOid) {
      auto oper = catalog::Syscache().OperatorByOid(op.opno);
      funcid = oper ? oper->oprcode : kInvalidOid;
    }
    args = &op.args;
  }
  auto proc = catalog::Syscache().ProcByOid(funcid);
  if (!proc) return 1000.0;
  double rows = SupportRows(*proc, *args);
  if (rows < 0) rows = proc->prorows > 0 ? proc->prorows : 1000.0;
  return ClampRowEst(rows);
}

bool ContainsSrfs(const ExprPtr& expr) {
  bool found = false;
  executor::WalkExpr(expr, [&](const ExprPtr& e) {
    if (IsSrfCall(e)) found = true;
    return !found;
  });
  return found;
}

void SetFunctionSize(RelOptInfo* rel, const nodes::RangeTblEntry& rte) {
  double rows = 0;
  for (const auto& f : rte.functions) rows = std::max(rows, ExpressionReturnsSetRows(f.funcexpr));
  rel->tuples = rows;
}

Relids FunctionLateralRelids(const nodes::RangeTblEntry& rte, Index relid) {
  Relids r = 0;
  for (const auto& f : rte.functions) r |= PullVarnos(f.funcexpr);
  return r & ~RelidsSingleton(relid);
}

PathPtr CreateFunctionScanPath(RelOptInfo* rel, const nodes::RangeTblEntry& rte) {
  auto path = std::make_shared<Path>(nodes::PlanTag::kFunctionScan);
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  path->rows = rel->rows;
  // cost_functionscan: the functions run to completion up front, so their evaluation is
  // all startup cost; then the usual per-row scan costs.
  QualCost fcost;
  for (const auto& f : rte.functions) {
    QualCost c = CostExprEval(f.funcexpr);
    fcost.startup += c.startup;
    fcost.per_tuple += c.per_tuple;
  }
  double startup = fcost.startup + fcost.per_tuple + rel->baserestrictcost.startup;
  double run = (g_cpu_tuple_cost + rel->baserestrictcost.per_tuple) * rel->tuples;
  startup += path->pathtarget->cost.startup;
  run += path->pathtarget->cost.per_tuple * path->rows;
  path->startup_cost = startup;
  path->total_cost = startup + run;
  return path;
}

namespace {

void AddUnique(PathTarget* target, const ExprPtr& e, Index sortref) {
  for (size_t i = 0; i < target->exprs.size(); ++i) {
    if (ExprEqual(target->exprs[i].get(), e.get())) {
      if (sortref != 0 && target->sortgrouprefs[i] == 0) target->sortgrouprefs[i] = sortref;
      return;
    }
  }
  target->exprs.push_back(e);
  target->sortgrouprefs.push_back(sortref);
}

// Vars, Aggrefs and WindowFuncs of `e` (not looking inside the latter two): what a level
// below needs to compute `e`.
void AddInputs(PathTarget* target, const ExprPtr& e) {
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    if (n->tag == NodeTag::kAggref || n->tag == NodeTag::kWindowFunc ||
        (n->tag == NodeTag::kVar && nodes::As<nodes::Var>(n)->varlevelsup == 0)) {
      AddUnique(target, n, 0);
      return false;
    }
    return true;
  });
}

// The set-returning calls in `e` (not looking inside them; sets inside sets are refused).
void CollectSrfs(const ExprPtr& e, nodes::ExprList* out) {
  executor::WalkExpr(e, [&](const ExprPtr& n) {
    if (!IsSrfCall(n)) return true;
    executor::ForEachChild(*n, [&](const ExprPtr& arg) {
      if (ContainsSrfs(arg)) {
        throw Error(errcode::kFeatureNotSupported,
                    "set-returning functions in the arguments of set-returning functions are "
                    "not supported yet");
      }
    });
    out->push_back(n);
    return false;
  });
}

}  // namespace

std::shared_ptr<PathTarget> SrfInputTarget(PlannerInfo* root, const PathTarget& final_target) {
  auto target = std::make_shared<PathTarget>();
  for (size_t i = 0; i < final_target.exprs.size(); ++i) {
    const ExprPtr& e = final_target.exprs[i];
    if (!ContainsSrfs(e)) {
      AddUnique(target.get(), e, final_target.sortgrouprefs[i]);
      continue;
    }
    nodes::ExprList srfs;
    CollectSrfs(e, &srfs);
    AddInputs(target.get(), e);
  }
  SetPathTargetCostWidth(root, target.get());
  return target;
}

std::shared_ptr<PathTarget> SrfProjectTarget(PlannerInfo* root, const PathTarget& final_target,
                                             bool* needs_result_above) {
  auto target = std::make_shared<PathTarget>();
  *needs_result_above = false;
  for (size_t i = 0; i < final_target.exprs.size(); ++i) {
    const ExprPtr& e = final_target.exprs[i];
    if (!ContainsSrfs(e) || IsSrfCall(e)) {
      AddUnique(target.get(), e, final_target.sortgrouprefs[i]);
      continue;
    }
    *needs_result_above = true;
    nodes::ExprList srfs;
    CollectSrfs(e, &srfs);
    for (const auto& s : srfs) AddUnique(target.get(), s, 0);
    // The rest of the expression reads the Vars/Aggrefs outside the calls.
    ExprPtr rest = executor::MutateExpr(e, [&](const ExprPtr& n) -> ExprPtr {
      return IsSrfCall(n) ? nodes::MakeNullConst(n->result_type, -1, kInvalidOid, 4, true)
                          : nullptr;
    });
    AddInputs(target.get(), rest);
  }
  SetPathTargetCostWidth(root, target.get());
  return target;
}

PathPtr CreateSetProjectionPath(PathPtr subpath, std::shared_ptr<PathTarget> target) {
  auto path = std::make_shared<ProjectSetPath>();
  path->parent = subpath->parent;
  path->pathtarget = std::move(target);
  double tlist_rows = 1;
  for (const auto& e : path->pathtarget->exprs)
    tlist_rows = std::max(tlist_rows, ExpressionReturnsSetRows(e));
  path->rows = subpath->rows * tlist_rows;
  const QualCost& tc = path->pathtarget->cost;
  path->startup_cost = subpath->startup_cost + tc.startup;
  path->total_cost = subpath->total_cost + tc.startup +
                     (g_cpu_tuple_cost + tc.per_tuple) * subpath->rows +
                     (path->rows - subpath->rows) * g_cpu_tuple_cost / 2;
  path->subpath = std::move(subpath);
  return path;
}

}  // namespace hyrax::planner
