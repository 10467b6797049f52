// SubLink -> SubPlan conversion (see subselect.h).
#include "planner/plan/subselect.h"

#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "executor/expr/expr_tree.h"
#include "nodes/node_funcs.h"
#include "planner/cost/costsize.h"
#include "planner/plan/planner.h"
#include "planner/prep/clauses.h"
#include "planner/prep/levels_up.h"

namespace hyrax::planner {

namespace {

using nodes::NodeTag;
constexpr Oid kBoolType = 16;

std::shared_ptr<nodes::Param> MakeExecParam(int id, const nodes::Expr& like) {
  auto p = std::make_shared<nodes::Param>();
  p->paramkind = nodes::ParamKind::kExec;
  p->paramid = id;
  p->result_type = like.result_type;
  p->result_typmod = like.result_typmod;
  p->result_collation = like.result_collation;
  return p;
}

// A MULTIEXPR SubPlan sets one PARAM_EXEC slot per output column and is named after them
// ("SubPlan 1 (returns $1,$2)"), as PostgreSQL's build_subplan does.
void SetMultiExprParams(PlannerInfo* root, const nodes::SubLink& sublink,
                        const std::shared_ptr<nodes::SubPlan>& sp) {
  std::vector<int> ids;
  std::string names;
  for (const auto& tle : sublink.subselect->targetList) {
    if (tle.resjunk) continue;
    int id = AssignParamExecSlot(root->glob, tle.expr->result_type);
    names += (ids.empty() ? "$" : ",$") + std::to_string(id);
    ids.push_back(id);
  }
  sp->setParam = ids;
  sp->plan_name += " (returns " + names + ")";
  auto slot = static_cast<size_t>(sublink.subLinkId - 1);
  if (root->multiexpr_params.size() <= slot) root->multiexpr_params.resize(slot + 1);
  root->multiexpr_params[slot] = std::move(ids);
}

nodes::ExprPtr MakeSubPlan(PlannerInfo* root, const nodes::SubLink& sublink) {
  PlannerGlobal* glob = root->glob;
  double fraction = sublink.subLinkType == nodes::SubLinkType::kExists ? 1.0
                    : (sublink.subLinkType == nodes::SubLinkType::kAny ||
                       sublink.subLinkType == nodes::SubLinkType::kAll)
                        ? 0.5
                        : 0.0;
  auto subroot = SubqueryPlanner(glob, sublink.subselect, root, fraction);
  nodes::PlanPtr plan = CreatePlanForLevel(subroot.get());
  glob->subplans.push_back(plan);
  glob->subroots.push_back(subroot);
  int plan_id = static_cast<int>(glob->subplans.size());

  auto sp = std::make_shared<nodes::SubPlan>();
  sp->subLinkType = sublink.subLinkType;
  sp->plan_id = plan_id;
  sp->location = sublink.location;
  const auto& tlist = plan->targetlist;
  if (!tlist.empty()) {
    sp->firstColType = tlist[0].expr->result_type;
    sp->firstColTypmod = tlist[0].expr->result_typmod;
    sp->firstColCollation = tlist[0].expr->result_collation;
  }
  sp->result_type = sublink.result_type;
  sp->result_typmod = sublink.result_typmod;
  sp->result_collation = sublink.result_collation;
  for (const auto& [id, value] : subroot->plan_params) {
    sp->parParam.push_back(id);
    // An outer aggregate's arguments may hold sub-selects of this level.
    sp->args.push_back(ProcessSublinks(root, value));
  }
  // ANY/ALL: the combining expression reads the sub-select's columns through Params.
  if (sublink.testexpr) {
    std::vector<int> ids;
    sp->testexpr =
        executor::MutateExpr(sublink.testexpr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
          if (e->tag != NodeTag::kParam) return nullptr;
          const auto& p = *nodes::As<nodes::Param>(e);
          if (p.paramkind != nodes::ParamKind::kSublink) return nullptr;
          int id = AssignParamExecSlot(glob, p.result_type);
          ids.push_back(id);
          return MakeExecParam(id, p);
        });
    sp->paramIds = ids;
    sp->testexpr = ProcessSublinks(root, sp->testexpr);
  }
  double run_cost = plan->total_cost - plan->startup_cost;
  bool initplan = sp->parParam.empty() && !subroot->reads_upper_params &&
                  (sublink.subLinkType == nodes::SubLinkType::kExpr ||
                   sublink.subLinkType == nodes::SubLinkType::kExists ||
                   sublink.subLinkType == nodes::SubLinkType::kArray);
  if (initplan) {
    Oid type = sublink.subLinkType == nodes::SubLinkType::kExists ? kBoolType : sublink.result_type;
    int id = AssignParamExecSlot(glob, type);
    sp->setParam = {id};
    sp->plan_name =
        "InitPlan " + std::to_string(plan_id) + " (returns $" + std::to_string(id) + ")";
    sp->startup_cost = plan->total_cost;
    sp->per_call_cost = 0;
    root->init_plans.push_back(sp);
    auto param = MakeExecParam(id, sublink);
    param->result_type = type;
    return param;
  }
  sp->plan_name = "SubPlan " + std::to_string(plan_id);
  if (sublink.subLinkType == nodes::SubLinkType::kMultiExpr) SetMultiExprParams(root, sublink, sp);
  // cost_subplan for a re-scanned subplan.
  QualCost test = sp->testexpr ? CostQualEval({sp->testexpr}) : QualCost();
  sp->startup_cost = test.startup;
  sp->per_call_cost = test.per_tuple;
  if (sublink.subLinkType == nodes::SubLinkType::kExists) {
    sp->per_call_cost += run_cost / std::max(1.0, plan->plan_rows);
  } else if (sublink.subLinkType == nodes::SubLinkType::kAny ||
             sublink.subLinkType == nodes::SubLinkType::kAll) {
    sp->per_call_cost += 0.5 * run_cost + 0.5 * plan->plan_rows * 0.0025;
  } else {
    sp->per_call_cost += run_cost;
  }
  sp->per_call_cost += plan->startup_cost;
  return sp;
}

// `expr`, an aggregate's arguments, re-targeted from this level to the level `levels_up`
// above, which computes the aggregate: its Vars of that level become its own (levels-up 0),
// and sub-selects inside it see that level one level up.
nodes::ExprPtr MoveUpLevels(const nodes::ExprPtr& expr, int levels_up) {
  auto up = static_cast<nodes::Index>(levels_up);
  return executor::MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag == NodeTag::kSubLink) {
      auto sublink = std::make_shared<nodes::SubLink>(*nodes::As<nodes::SubLink>(e));
      sublink->subselect = nodes::CopyQuery(*sublink->subselect);
      IncrementSublevelsUp(*sublink->subselect, -levels_up, levels_up + 1);
      if (sublink->testexpr) sublink->testexpr = MoveUpLevels(sublink->testexpr, levels_up);
      return sublink;
    }
    if (e->tag != NodeTag::kVar) return nullptr;
    auto var = std::make_shared<nodes::Var>(*nodes::As<nodes::Var>(e));
    if (var->varlevelsup >= up) var->varlevelsup -= up;
    return var;
  });
}

// A reference `levels_up` levels above `root` (a Var, or an aggregate computed there)
// becomes a PARAM_EXEC Param. The parameter is recorded at the query level `levels_up - 1`
// above `root`: its parent, the referenced level, sets it whenever it runs that sub-query
// (PostgreSQL's assign_param_for_var / replace_outer_agg). Every level in between only
// reads it, so none of them may be run once as an init plan.
nodes::ExprPtr ReplaceOuterReference(PlannerInfo* root, const nodes::ExprPtr& ref, int levels_up) {
  PlannerInfo* setter = root;
  for (int i = 1; i < levels_up; ++i) {
    setter->reads_upper_params = true;
    setter = setter->parent_root;
    if (setter == nullptr || setter->parent_root == nullptr) {
      throw Error(errcode::kInternalError, "outer reference points above the top query level");
    }
  }
  nodes::ExprPtr as_seen_there;
  if (ref->tag == NodeTag::kVar) {
    auto var = std::make_shared<nodes::Var>(*nodes::As<nodes::Var>(ref));
    var->varlevelsup = 0;
    as_seen_there = var;
  } else {
    // The aggregate and the Vars in its arguments move to the level that computes it.
    auto agg = std::make_shared<nodes::Aggref>(*nodes::As<nodes::Aggref>(ref));
    agg->agglevelsup = 0;
    as_seen_there = MoveUpLevels(agg, levels_up);
  }
  // One parameter per distinct outer reference.
  for (const auto& [id, have] : setter->plan_params) {
    if (nodes::ExprEqual(have, as_seen_there)) return MakeExecParam(id, *ref);
  }
  int id = AssignParamExecSlot(setter->glob, ref->result_type);
  setter->plan_params.emplace_back(id, as_seen_there);
  return MakeExecParam(id, *ref);
}

}  // namespace

int AssignParamExecSlot(PlannerGlobal* glob, Oid type) {
  glob->paramExecTypes.push_back(type);
  return static_cast<int>(glob->paramExecTypes.size()) - 1;
}

std::shared_ptr<nodes::Var> LateralVar(const nodes::ExprPtr& param_source) {
  if (param_source->tag != NodeTag::kVar) {
    throw Error(errcode::kFeatureNotSupported,
                "outer-level aggregates in FROM sub-queries are not supported yet");
  }
  return std::static_pointer_cast<nodes::Var>(param_source);
}

nodes::ExprPtr ProcessSublinks(PlannerInfo* root, const nodes::ExprPtr& expr) {
  if (!expr) return expr;
  return executor::MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag != NodeTag::kSubLink) return nullptr;
    const auto& sublink = *nodes::As<nodes::SubLink>(e);
    if (sublink.subLinkType == nodes::SubLinkType::kRowCompare ||
        sublink.subLinkType == nodes::SubLinkType::kCte) {
      throw Error(errcode::kFeatureNotSupported, "this kind of sub-select is not supported yet");
    }
    return MakeSubPlan(root, sublink);
  });
}

nodes::ExprPtr ReplaceMultiExprParams(PlannerInfo* root, const nodes::ExprPtr& expr) {
  if (!expr || root->multiexpr_params.empty()) return expr;
  return executor::MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag != NodeTag::kParam) return nullptr;
    const auto& p = *nodes::As<nodes::Param>(e);
    if (p.paramkind != nodes::ParamKind::kMultiExpr) return nullptr;
    auto link = static_cast<size_t>(p.paramid >> 16);
    auto col = static_cast<size_t>(p.paramid & 0xFFFF);
    HYRAX_CHECK(link >= 1 && link <= root->multiexpr_params.size() && col >= 1 &&
                    col <= root->multiexpr_params[link - 1].size(),
                "unexpected PARAM_MULTIEXPR ID");
    return MakeExecParam(root->multiexpr_params[link - 1][col - 1], p);
  });
}

nodes::ExprPtr ReplaceCorrelationVars(PlannerInfo* root, const nodes::ExprPtr& expr) {
  if (!expr || root->parent_root == nullptr) return expr;
  return executor::MutateExpr(expr, [&](const nodes::ExprPtr& e) -> nodes::ExprPtr {
    if (e->tag == NodeTag::kSubLink) {
      // Deeper levels are planned on their own, when their SubLink becomes a SubPlan.
      return nullptr;
    }
    if (e->tag == NodeTag::kGroupingFunc && nodes::As<nodes::GroupingFunc>(e)->agglevelsup > 0) {
      throw Error(errcode::kFeatureNotSupported,
                  "outer-level GROUPING operations are not supported yet");
    }
    if (e->tag == NodeTag::kAggref) {
      const auto& agg = *nodes::As<nodes::Aggref>(e);
      if (agg.agglevelsup == 0) return nullptr;
      return ReplaceOuterReference(root, e, static_cast<int>(agg.agglevelsup));
    }
    if (e->tag != NodeTag::kVar) return nullptr;
    const auto& var = *nodes::As<nodes::Var>(e);
    if (var.varlevelsup == 0) return nullptr;
    return ReplaceOuterReference(root, e, static_cast<int>(var.varlevelsup));
  });
}

}  // namespace hyrax::planner
