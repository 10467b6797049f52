// WITH queries in the planner (PostgreSQL's SS_process_ctes, inline_cte, set_cte_pathlist,
// set_worktable_pathlist): per query level, each WITH entry is inlined as a sub-query (the
// PostgreSQL 12+ rule: a side-effect-free, non-recursive SELECT referenced once, or NOT
// MATERIALIZED) or planned once as an init plan ("CTE name") whose result CTE Scans read.
// A recursive entry's self-reference is a WorkTable Scan. planner/README.md "WITH".
#pragma once

#include "nodes/parsenodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Inlines or plans every entry of root->parse->cteList (fills root->cte_plan_ids /
// cte_param_ids and root->init_plans). Requires: root->parse is this level's own copy;
// call before sub-query pull-up. May replace root->parse's nested queries with copies.
void ProcessCtes(PlannerInfo* root);

// Sets rel->tuples of a CTE or self-reference (work table) range-table entry.
// Throws XX000 when the CTE has no plan (it was inlined: cannot happen for a reference).
void SetCteRelSize(PlannerInfo* root, RelOptInfo* rel, const nodes::RangeTblEntry& rte);

// The CTE Scan or WorkTable Scan path of such a relation (cost_ctescan).
PathPtr CreateCteScanPath(PlannerInfo* root, RelOptInfo* rel, const nodes::RangeTblEntry& rte);

}  // namespace hyrax::planner
