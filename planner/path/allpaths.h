// Scan/join planning of one query level (PostgreSQL's query_planner / make_one_rel):
// builds a RelOptInfo per base relation with its restriction quals, sizes and access
// paths, then joins them. Join order today is the FROM/JOIN order, left-deep, with
// nested loops only; planner/README.md "Join search" says how dynamic programming and
// more join methods replace JoinSearch without touching the callers.
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Returns the relation for the whole FROM clause (or a one-row relation without FROM).
// `needed_vars` are the Vars the upper stages read (targets, HAVING, RETURNING).
// Pseudo-constant WHERE clauses are returned in *gating_quals.
RelOptInfoPtr QueryPlanner(PlannerInfo* root, const ExprList& upper_exprs, ExprList* gating_quals);

}  // namespace hyrax::planner
