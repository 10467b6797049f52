// Target-list preprocessing for data-modifying statements (PostgreSQL's preptlist.c):
// INSERT gets one entry per table column in attnum order (NULL for omitted or dropped
// columns); UPDATE keeps the new values of the SET columns (their attnums become the
// ModifyTable's updateColnos) and gains the junk "ctid" column; DELETE gets only "ctid".
#pragma once

#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Rewrites query->targetList in place; returns the updated column numbers (UPDATE only).
std::vector<nodes::AttrNumber> PreprocessTargetList(nodes::Query* query);

}  // namespace hyrax::planner
