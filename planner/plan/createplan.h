// Plan construction from the chosen paths (PostgreSQL's createplan.c). Plans still carry
// the query's own Var numbering; set_plan_references (setrefs.h) fixes that afterwards.
#pragma once

#include "nodes/plannodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

nodes::PlanPtr CreatePlan(PlannerInfo* root, const PathPtr& best_path);

}  // namespace hyrax::planner
