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

// In a sub-select being planned under `root->parent_root`: replaces Vars of the parent
// level (varlevelsup 1) by PARAM_EXEC Params, recording them in root->plan_params.
nodes::ExprPtr ReplaceCorrelationVars(PlannerInfo* root, const nodes::ExprPtr& expr);

// Allocates a PARAM_EXEC slot of `type`.
int AssignParamExecSlot(PlannerGlobal* glob, Oid type);

}  // namespace hyrax::planner
