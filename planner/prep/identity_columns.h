// Identity columns in INSERT and UPDATE (the identity part of PostgreSQL's
// rewriteTargetListIU): an explicit value for a GENERATED ALWAYS column is 428C9 unless
// OVERRIDING SYSTEM VALUE; OVERRIDING USER VALUE (and, for BY DEFAULT columns, only it)
// replaces given values by DEFAULT; UPDATE may set a GENERATED ALWAYS column only to
// DEFAULT. A VALUES column that is DEFAULT in every row counts as DEFAULT. Runs before
// ExpandColumnDefaults, which turns DEFAULT for an identity column into a NextValueExpr
// (executor/commands/column_sequences.h IdentityDefault).
#pragma once

#include "nodes/parsenodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::planner {

// Rewrites `query` in place (target list, VALUES rows). Throws 428C9.
void ApplyIdentityRules(nodes::Query* query, const catalog::RelationData& rel);

}  // namespace hyrax::planner
