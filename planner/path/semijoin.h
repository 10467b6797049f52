// Estimates and paths particular to semi and anti joins (the joins EXISTS / IN / NOT EXISTS
// become, prep/pull_up_sublinks.h): the fraction of outer rows with a match
// (eqjoinsel_semi, join_sel.h), PostgreSQL's compute_semi_anti_join_factors, and
// create_unique_path, which makes a semi join's inner side distinct on its join columns so
// it can be joined as a plain inner join in either order. planner/README.md "Semi and anti
// joins" has the rules and what differs from PostgreSQL.
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Selectivity of the semi join clauses `clauses` between `outer` and `inner`: the fraction
// of outer rows having at least one match (anti joins keep the rest).
double SemiJoinSelectivity(PlannerInfo* root, const RestrictList& clauses, Relids outer,
                           const RelOptInfo& inner);

// compute_semi_anti_join_factors: `jselec` is the fraction of outer rows with a match
// (SemiJoinSelectivity for semi/anti joins and unique-ified inner sides; pass -1 for other
// joins with a unique inner side, where PostgreSQL's estimate is the plain join
// selectivity), `inner_rows` the rows of the join's inner input relation.
SemiAntiJoinFactors ComputeSemiAntiJoinFactors(PlannerInfo* root, const RestrictList& clauses,
                                               double jselec, double inner_rows);

// innerrel_is_unique for a base relation: some unique index has every key column fixed by an
// "outer = column" clause of `clauses` or a "column = constant" restriction, so each outer
// row matches at most one inner row.
bool InnerRelIsUnique(PlannerInfo* root, const RelOptInfo& inner, Relids outer,
                      const RestrictList& clauses);

// create_unique_path: a relation standing for `inner` made distinct on the inner columns of
// `clauses` (Sort + Unique or HashAggregate, whichever is cheaper), or null when the clauses
// are not all "outer expr = inner column" equalities of one type. The result is kept alive
// by root->unique_rels.
RelOptInfoPtr MakeUniqueRel(PlannerInfo* root, const RelOptInfo& inner, Relids outer,
                            const RestrictList& clauses);

}  // namespace hyrax::planner
