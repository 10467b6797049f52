// GROUP BY GROUPING SETS / ROLLUP / CUBE, before planning (PostgreSQL's
// expand_grouping_sets, extract_rollup_sets and reorder_grouping_sets): the analyzer's
// tree of sets becomes a flat list of sets of sortgrouprefs, which is then split into
// rollups — chains of sets, each contained in the next — so that one sorted pass over the
// input computes a whole chain. Used by the analyzer (the 4096-set limit, 54001) and by the
// grouping planner (plan/grouping_sets_planner.cpp).
#pragma once

#include <optional>
#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::planner {

using GroupingSetRefs = std::vector<nodes::Index>;  // one set: sortgrouprefs
using GroupingSetList = std::vector<GroupingSetRefs>;

// The cross product of the top-level items, each set's duplicate members removed, sorted
// by size (smallest first) as PostgreSQL sorts them; GROUP BY DISTINCT (`distinct`) also
// drops duplicate sets. std::nullopt when more than `limit` sets would result (limit < 0:
// no limit).
std::optional<GroupingSetList> ExpandGroupingSets(const std::vector<nodes::GroupingSet>& sets,
                                                  bool distinct, int limit);

// Splits `sets` (as ExpandGroupingSets returns them) into the fewest chains of sets where
// each set contains the previous one; empty sets go to the front of the first chain.
std::vector<GroupingSetList> ExtractRollupSets(const GroupingSetList& sets);

// Orders the members of a chain (smallest set first) so that each set is a prefix of the
// next, following `sort_refs` (the ORDER BY's refs) as long as it fits. Returns the sets
// largest first.
GroupingSetList ReorderGroupingSets(const GroupingSetList& chain,
                                    std::vector<nodes::Index> sort_refs);

}  // namespace hyrax::planner
