// The planner's entry points (PostgreSQL's planner.c): Planner() turns an analyzed Query
// into an immutable PlannedStmt; SubqueryPlanner() plans one query level (also used for
// FROM subqueries and sub-selects). planner/README.md "Stages" walks through them.
#pragma once

#include <memory>
#include <vector>

#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
#include "planner/path/pathnodes.h"

namespace hyrax::planner {

// Plans `query` (SELECT/INSERT/UPDATE/DELETE; utility statements are wrapped unplanned).
// Requires: an installed SysCache and relation cache. Throws 0A000 for constructs the
// planner does not handle yet (RIGHT/FULL JOIN ...). `record_alternatives` (EXPLAIN
// (ALTERNATIVES)) fills each scan and join plan node's `alternatives`.
nodes::PlannedStmtPtr Planner(const nodes::Query& query, bool record_alternatives = false);

// Plans one query level: preprocessing, scan/join planning, upper stages. `parent` is the
// enclosing level for FROM subqueries and sub-selects (null at the top). `tuple_fraction`:
// 0 = all rows, (0,1) = that fraction, >= 1 = that many rows. `has_recursion`: the query
// of a WITH RECURSIVE entry (its UNION becomes a Recursive Union over a work table).
std::shared_ptr<PlannerInfo> SubqueryPlanner(PlannerGlobal* glob, const nodes::QueryPtr& parse,
                                             PlannerInfo* parent, double tuple_fraction,
                                             bool has_recursion = false);

// The upper stages of one level: grouping/aggregation, DISTINCT, ORDER BY, LIMIT and
// ModifyTable over the scan/join result (PostgreSQL's grouping_planner).
void GroupingPlanner(PlannerInfo* root, double tuple_fraction);

// The ordering `clauses` (ORDER BY / GROUP BY / window keys) ask for, as path keys over the
// target entries they reference.
std::vector<PathKey> PathKeysFor(const nodes::TargetList& tlist,
                                 const std::vector<nodes::SortGroupClause>& clauses);

// The path of a level whose query is UNION / INTERSECT / EXCEPT (PostgreSQL's
// plan_set_operations): its output columns are the query's target list expressions.
PathPtr PlanSetOperations(PlannerInfo* root, double tuple_fraction);

// Builds the plan of a planned level (create_plan of its cheapest path, labelled with
// the level's target list). set_plan_references is not applied yet.
nodes::PlanPtr CreatePlanForLevel(PlannerInfo* root);

}  // namespace hyrax::planner
