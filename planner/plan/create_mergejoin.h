// Plan construction for merge join paths (PostgreSQL's create_mergejoin_plan): the explicit
// Sort nodes on the inputs, the Materialize above the inner input when the path asks for
// it, and the merge clauses with their btree families. createplan.cpp builds the inputs
// and the join's own quals and target list.
#pragma once

#include "nodes/plannodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// A MergeJoin over `outer_plan` / `inner_plan` (the plans of the path's inputs, which may
// gain resjunk sort columns). The caller fills joinqual, qual, targetlist and the costs.
std::shared_ptr<nodes::MergeJoin> MakeMergeJoinPlan(const MergePath& path,
                                                    nodes::PlanPtr outer_plan,
                                                    nodes::PlanPtr inner_plan);

}  // namespace hyrax::planner
