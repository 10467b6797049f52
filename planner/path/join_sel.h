// Equality join selectivity (PostgreSQL's eqjoinsel): for inner and outer joins
// eqjoinsel_inner, which matches the two columns' MCV lists against each other and
// estimates the rest from the distinct counts; for semi and anti joins eqjoinsel_semi, the
// fraction of outer rows that find a partner. Without statistics both fall back to the
// distinct-count rules (1/max(nd1, nd2), nd2/nd1). clausesel.cpp and semijoin.cpp call it.
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// eqjoinsel_inner of `op` (an equality operator whose estimator is eqjoinsel).
double EqJoinSelInner(PlannerInfo* root, const nodes::OpExpr& op);

// eqjoinsel_semi of `op`, whose argument `outer_index` is the outer side's and the other the
// semi join's inner side (`inner_rel`: the join's inner input), clamped by the inner-join
// estimate as PostgreSQL does (never more matched outer rows than inner-join rows).
double EqJoinSelSemi(PlannerInfo* root, const nodes::OpExpr& op, int outer_index,
                     const RelOptInfo& inner_rel);

}  // namespace hyrax::planner
