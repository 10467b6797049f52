// Cost of index scans (PostgreSQL 15's cost_index with btcostestimate and
// genericcostestimate, and the Mackert-Lohman page-fetch estimate index_pages_fetched), so
// EXPLAIN shows PostgreSQL's numbers for the same sizes and selectivities.
#pragma once

#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Pages fetched when `tuples_fetched` tuples of a relation with `pages` pages are read in
// random order, with caching (index_pages_fetched).
double IndexPagesFetched(PlannerInfo* root, double tuples_fetched, double pages,
                         double index_pages);

// Fills rows, startup_cost, total_cost, indextotalcost and indexselectivity of `path`
// (its indexinfo, indexclauses, pathtarget, loop_count and parent must be set).
// `extra_quals` are parameterised join clauses the path checks besides the relation's own
// restrictions (rows come from `param_rows` then).
void CostIndex(PlannerInfo* root, IndexPath* path, const RestrictList& extra_quals,
               double param_rows);

}  // namespace hyrax::planner
