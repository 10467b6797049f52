// WITH queries in the planner (see cte_planner.h). Inlining follows PostgreSQL's
// inline_cte: every reference becomes a sub-query RTE holding a copy of the CTE's query,
// with its references to enclosing levels shifted by the depth of the reference. A planned
// CTE is a SubPlan of kind CTE in the level's init plans: it never runs as an init plan; the
// executor's CTE Scans share its materialised rows (executor/operators/cte_scan.h).
#include "planner/plan/cte_planner.h"

#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "nodes/node_funcs.h"
#include "planner/cost/costsize.h"
#include "planner/plan/planner.h"
#include "planner/plan/subselect.h"
#include "planner/prep/levels_up.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using nodes::NodeTag;
using nodes::Query;
using nodes::RteKind;

constexpr Oid kInternalTypeOid = 2281;
// PostgreSQL's recursive_worktable_factor: the work table is assumed this many times the
// non-recursive term's size.
constexpr double kRecursiveWorktableFactor = 10.0;

bool IsVolatileFunction(Oid funcid) {
  if (funcid == kInvalidOid) return false;
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc && proc->provolatile == 'v';
}

// contain_volatile_functions over a whole query tree.
bool ContainsVolatileFunctions(const Query& query) {
  return nodes::WalkQueryExprs(query, [](const nodes::Expr& e, int) {
    switch (e.tag) {
      case NodeTag::kFuncExpr:
        return IsVolatileFunction(static_cast<const nodes::FuncExpr&>(e).funcid);
      case NodeTag::kOpExpr:
      case NodeTag::kDistinctExpr:
      case NodeTag::kNullIfExpr:
        return IsVolatileFunction(static_cast<const nodes::OpExpr&>(e).opfuncid);
      default:
        return false;
    }
  });
}

bool ShouldInline(const nodes::CommonTableExpr& cte) {
  if (cte.cterecursive || cte.ctequery->commandType != nodes::CmdType::kSelect) return false;
  bool wanted = cte.ctematerialized == nodes::CteMaterialize::kNever ||
                (cte.ctematerialized == nodes::CteMaterialize::kDefault && cte.cterefcount == 1);
  return wanted && !ContainsVolatileFunctions(*cte.ctequery);
}

// Replaces every reference to `cte` (defined in the query at depth 0) by a sub-query RTE.
void InlineCte(Query& query, const nodes::CommonTableExpr& cte) {
  ForEachQueryLevel(query, 0, [&](Query& level, int depth) {
    for (auto& rte : level.rtable) {
      if (rte.rtekind != RteKind::kCte || rte.ctename != cte.ctename ||
          rte.ctelevelsup != static_cast<nodes::Index>(depth) || rte.self_reference) {
        continue;
      }
      nodes::QueryPtr sub = nodes::CopyQuery(*cte.ctequery);
      IncrementSublevelsUp(*sub, depth, 1);
      rte.rtekind = RteKind::kSubquery;
      rte.subquery = sub;
      rte.ctename.clear();
      rte.ctelevelsup = 0;
      rte.coltypes.clear();
      rte.coltypmods.clear();
      rte.colcollations.clear();
    }
  });
}

// Plans `cte` as an init plan of `root` and returns (plan id, param id).
std::pair<int, int> PlanCte(PlannerInfo* root, const nodes::CommonTableExpr& cte) {
  PlannerGlobal* glob = root->glob;
  auto subroot = SubqueryPlanner(glob, cte.ctequery, root, 0.0, cte.cterecursive);
  nodes::PlanPtr plan = CreatePlanForLevel(subroot.get());
  glob->subplans.push_back(plan);
  glob->subroots.push_back(subroot);
  int plan_id = static_cast<int>(glob->subplans.size());
  int param_id = AssignParamExecSlot(glob, kInternalTypeOid);

  auto sp = std::make_shared<nodes::SubPlan>();
  sp->subLinkType = nodes::SubLinkType::kCte;
  sp->plan_id = plan_id;
  sp->plan_name = "CTE " + cte.ctename;
  sp->setParam = {param_id};
  for (const auto& tle : plan->targetlist) {
    if (tle.resjunk) continue;
    sp->firstColType = tle.expr->result_type;
    sp->firstColTypmod = tle.expr->result_typmod;
    sp->firstColCollation = tle.expr->result_collation;
    break;
  }
  sp->result_type = kInternalTypeOid;
  // The CTE runs once; its cost is charged to the level's top node like an init plan's.
  sp->startup_cost = plan->total_cost;
  root->init_plans.push_back(sp);
  return {plan_id, param_id};
}

// The planner level `levelsup` levels above `root`.
PlannerInfo* LevelUp(PlannerInfo* root, nodes::Index levelsup) {
  PlannerInfo* level = root;
  for (nodes::Index i = 0; i < levelsup; ++i) {
    HYRAX_CHECK(level->parent_root != nullptr, "bad levelsup for CTE");
    level = level->parent_root;
  }
  return level;
}

// The level planning the recursive UNION of a self-reference: one below where the CTE is
// defined (set_worktable_pathlist).
PlannerInfo* WorkTableLevel(PlannerInfo* root, const nodes::RangeTblEntry& rte) {
  HYRAX_CHECK(rte.ctelevelsup > 0, "bad levelsup for CTE");
  PlannerInfo* level = LevelUp(root, rte.ctelevelsup - 1);
  HYRAX_CHECK(level->wt_param_id >= 0 && level->non_recursive_path,
              "could not find the work table of a recursive query");
  return level;
}

// (plan id, param id) of the planned CTE a CTE RTE references.
std::pair<int, int> CtePlanOf(PlannerInfo* root, const nodes::RangeTblEntry& rte) {
  PlannerInfo* level = LevelUp(root, rte.ctelevelsup);
  const auto& ctes = level->parse->cteList;
  for (size_t i = 0; i < ctes.size() && i < level->cte_plan_ids.size(); ++i) {
    if (ctes[i].ctename == rte.ctename && level->cte_plan_ids[i] > 0) {
      return {level->cte_plan_ids[i], level->cte_param_ids[i]};
    }
  }
  throw MakeError(errcode::kInternalError, "could not find plan for CTE \"{}\"", rte.ctename);
}

}  // namespace

void ProcessCtes(PlannerInfo* root) {
  bool copied = false;
  for (size_t i = 0; i < root->parse->cteList.size(); ++i) {
    const nodes::CommonTableExpr& cte = root->parse->cteList[i];
    bool unused = cte.cterefcount == 0 && cte.ctequery->commandType == nodes::CmdType::kSelect;
    bool inline_it = !unused && ShouldInline(cte);
    if (inline_it) {
      // Inlining rewrites nested queries, which the analyzer's tree shares: use a copy.
      if (!copied) {
        root->parse = nodes::CopyQuery(*root->parse);
        copied = true;
      }
      InlineCte(*root->parse, root->parse->cteList[i]);
    }
    if (unused || inline_it) {
      root->cte_plan_ids.push_back(-1);
      root->cte_param_ids.push_back(-1);
      continue;
    }
    auto [plan_id, param_id] = PlanCte(root, root->parse->cteList[i]);
    root->cte_plan_ids.push_back(plan_id);
    root->cte_param_ids.push_back(param_id);
  }
}

void SetCteRelSize(PlannerInfo* root, RelOptInfo* rel, const nodes::RangeTblEntry& rte) {
  if (rte.self_reference) {
    double nonrec_rows = WorkTableLevel(root, rte)->non_recursive_path->rows;
    rel->tuples = ClampRowEst(kRecursiveWorktableFactor * nonrec_rows);
    return;
  }
  int plan_id = CtePlanOf(root, rte).first;
  rel->tuples = root->glob->subplans.at(plan_id - 1)->plan_rows;
}

PathPtr CreateCteScanPath(PlannerInfo* root, RelOptInfo* rel, const nodes::RangeTblEntry& rte) {
  std::shared_ptr<CteScanPath> path;
  if (rte.self_reference) {
    path = std::make_shared<CteScanPath>(nodes::PlanTag::kWorkTableScan);
    path->param_id = WorkTableLevel(root, rte)->wt_param_id;
  } else {
    path = std::make_shared<CteScanPath>(nodes::PlanTag::kCteScan);
    std::tie(path->cte_plan_id, path->param_id) = CtePlanOf(root, rte);
  }
  path->parent = rel;
  path->pathtarget = std::make_shared<PathTarget>(rel->reltarget);
  path->rows = rel->rows;
  // cost_ctescan: a tuplestore fetch and the scan's own fee per row, plus the quals.
  double startup = rel->baserestrictcost.startup;
  double cpu_per_tuple = 2 * g_cpu_tuple_cost + rel->baserestrictcost.per_tuple;
  double run = cpu_per_tuple * rel->tuples;
  startup += path->pathtarget->cost.startup;
  run += path->pathtarget->cost.per_tuple * path->rows;
  path->startup_cost = startup;
  path->total_cost = startup + run;
  return path;
}

}  // namespace hyrax::planner
