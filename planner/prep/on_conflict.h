// INSERT ... ON CONFLICT at plan time (PostgreSQL's infer_arbiter_indexes in plancat.c and
// preprocess_onconflict_targetlist in preptlist.c): which unique indexes arbitrate the
// conflict, and the DO UPDATE SET list expanded to a whole new row. The executor side is
// executor/operators/modify_table_on_conflict.cpp; docs/architecture.md "ON CONFLICT".
#pragma once

#include <vector>

#include "nodes/parsenodes.h"

namespace hyrax::planner {

// Replaces query->onConflict by a copy whose onConflictSet has one entry per attribute of
// the result relation, in attribute order: the SET expression, or a Var of the existing
// row (a NULL for dropped columns). Does nothing without ON CONFLICT DO UPDATE.
// Requires: the result relation's lock.
void PreprocessOnConflict(nodes::Query* query);

// The arbiter indexes of query's ON CONFLICT clause, in OID order: the index of the named
// constraint, the unique indexes whose key columns are exactly the inferred columns, or
// none (every unique index arbitrates) for DO NOTHING without a target. Throws 42P10
// "there is no unique or exclusion constraint matching the ON CONFLICT specification",
// 42809 for a named constraint without an index (deferrable arbiters are refused with
// 55000 by the executor).
std::vector<Oid> InferArbiterIndexes(const nodes::Query& query);

}  // namespace hyrax::planner
