// Target-list preprocessing for data-modifying statements (PostgreSQL's preptlist.c):
// INSERT gets one entry per table column in attnum order (NULL for omitted or dropped
// columns); UPDATE keeps the new values of the SET columns (their attnums become the
// ModifyTable's updateColnos) and the MULTIEXPR sub-links of SET (a, b) = (SELECT ...), and gains
// the junk "ctid" column; DELETE gets only "ctid".
#pragma once

#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Rewrites query->targetList in place; returns the updated column numbers (UPDATE only).
std::vector<nodes::AttrNumber> PreprocessTargetList(nodes::Query* query);

// Appends to `out` (renumbered after its entries) the junk entries of `from` that hold the
// MULTIEXPR sub-links of SET (a, b) = (SELECT ...); their SubPlans set the columns' values.
void AppendMultiExprSublinks(const nodes::TargetList& from, nodes::TargetList* out);

}  // namespace hyrax::planner
