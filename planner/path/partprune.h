// Plan-time partition pruning (PostgreSQL's partprune.c, the plan-time part): partitions
// whose bounds contradict a restriction clause "key op constant" (btree operators of the
// key's operator family, IS NULL) are left out of the Append.
#pragma once

#include <set>

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// The children (relation OIDs, at any depth) of partitioned table `rel` that the quals of
// `rel` rule out. Empty for inheritance parents that are not partitioned.
std::set<Oid> PrunedPartitions(PlannerInfo* root, const RelOptInfo& rel);

}  // namespace hyrax::planner
