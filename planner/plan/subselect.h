// Sub-selects in expressions (PostgreSQL's subselect.c): each SubLink is planned as its own
// query level and replaced by a SubPlan. Uncorrelated EXPR/EXISTS/ARRAY sub-selects become
// init plans (run once; the expression reads their output Param), correlated ones become
// SubPlans re-run per outer row with the outer values passed as PARAM_EXEC parameters.
// Not yet: pulling EXISTS/IN up into semi-joins, hashed SubPlans.
#pragma once

#include "nodes/primnodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Replaces every SubLink in `expr` (planned against `root`). A MULTIEXPR sub-link (UPDATE
// SET (a, b) = (SELECT ...)) becomes a SubPlan that sets one PARAM_EXEC slot per column,
// recorded in root->multiexpr_params.
nodes::ExprPtr ProcessSublinks(PlannerInfo* root, const nodes::ExprPtr& expr);

// Replaces the PARAM_MULTIEXPR Params of `expr` by the PARAM_EXEC Params their SubPlan sets
// (PostgreSQL's fix_param_node). Requires: ProcessSublinks has seen their sub-links.
nodes::ExprPtr ReplaceMultiExprParams(PlannerInfo* root, const nodes::ExprPtr& expr);

// In a sub-select being planned under `root->parent_root`: replaces Vars and aggregates of
// enclosing levels (varlevelsup / agglevelsup >= 1) by PARAM_EXEC Params, recording each in
// the plan_params of the level whose parent owns it.
nodes::ExprPtr ReplaceCorrelationVars(PlannerInfo* root, const nodes::ExprPtr& expr);

// A FROM sub-query's parameter as the Var of its parent level that a nested loop passes
// down (aggregates cannot be LATERAL references; 0A000 if one turns up).
std::shared_ptr<nodes::Var> LateralVar(const nodes::ExprPtr& param_source);

// Allocates a PARAM_EXEC slot of `type`.
int AssignParamExecSlot(PlannerGlobal* glob, Oid type);

}  // namespace hyrax::planner
