// Selectivity estimation (PostgreSQL's clausesel.c and the estimators of selfuncs.c). With
// ANALYZE's statistics: column_stats.h (=, <>, IS NULL, ndistinct), scalar_ineq_sel.h
// (<, <=, >, >=; pairs of them are one range), pattern_sel.h (LIKE, ILIKE and their NOT
// forms, also without statistics), join_sel.h (equality joins); IN lists and = ANY(array)
// add up their elements' estimates. Without statistics PostgreSQL's defaults apply:
// equality 1/ndistinct with ndistinct = 200 (or the row count of a small table, 2 for
// booleans), inequality 1/3, a range pair 0.005, regular expressions 0.005, IS NULL 0.005,
// boolean functions 1/3. Clauses over several relations are estimated as join clauses.
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Selectivity of the implicit AND of `clauses`; range pairs on one Var get the range rule.
double ClauseListSelectivity(PlannerInfo* root, const ExprList& clauses);
double ClauseSelectivity(PlannerInfo* root, const ExprPtr& clause);
// Join selectivity of one clause between two relations (the operator's oprjoin estimator:
// eqjoinsel, neqjoinsel, else PostgreSQL's defaults).
double JoinClauseSelectivity(PlannerInfo* root, const ExprPtr& clause);
// Estimated number of distinct values of `expr` (get_variable_numdistinct defaults).
double EstimateNumDistinct(PlannerInfo* root, const ExprPtr& expr, bool* isdefault);
// Number of elements of an array expression (estimate_array_length: 10 when unknown).
size_t ArrayLength(const ExprPtr& array);
// Number of groups GROUP BY `exprs` produces over `input_rows` (estimate_num_groups).
double EstimateNumGroups(PlannerInfo* root, const ExprList& exprs, double input_rows);

}  // namespace hyrax::planner
