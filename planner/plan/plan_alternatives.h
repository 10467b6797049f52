// EXPLAIN (ALTERNATIVES), a Hyrax extension: for the path chosen for a scan or join, the
// cheapest other paths the planner built for the same relations (kept in the relation's
// pathlist while paths were added), described in EXPLAIN's words with their estimated
// costs and why they lost. Only computed when EXPLAIN asks (PlannerGlobal::
// record_alternatives), so ordinary planning pays nothing. planner/README.md "EXPLAIN".
#pragma once

#include <string>
#include <vector>

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Up to `limit` lines "Hash Join, outer c3, inner c1 (cost=28.50..37.81) rejected: total
// cost 37.81 > 30.00", cheapest first, one per distinct description. Empty for paths of
// upper relations and relations with a single path.
std::vector<std::string> RejectedAlternatives(PlannerInfo* root, const Path& chosen,
                                              size_t limit = 3);

}  // namespace hyrax::planner
