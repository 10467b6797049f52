// Final fix-ups of a finished plan (PostgreSQL's setrefs.c): appends the level's range
// table to the flat range table and offsets scan Vars into it; turns Vars of join and
// upper nodes into references to their children's target lists (kOuterVar / kInnerVar
// with varattno = the child's column); numbers plan nodes.
#pragma once

#include "nodes/plannodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

nodes::PlanPtr SetPlanReferences(PlannerInfo* root, const nodes::PlanPtr& plan);

}  // namespace hyrax::planner
