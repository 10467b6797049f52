// INSERT, UPDATE and DELETE aimed at a view (PostgreSQL's rewriteTargetView and
// view_query_is_auto_updatable). Hyrax does not rewrite DML on views yet: a view PostgreSQL
// would refuse gets PostgreSQL's 55000 error with its detail and hint; a view PostgreSQL
// would update automatically gets 0A000 "not supported yet". SetTargetTable
// (clause_from.cpp) calls this when the target relation is a view.
#pragma once

#include <cstdint>

#include "nodes/parsenodes.h"
#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// PostgreSQL's reason why `view_query` is not automatically updatable (the 55000 detail), or
// nullptr when it is. `check_cols`: also require at least one updatable column (INSERT and
// UPDATE).
const char* ViewNotAutoUpdatableReason(const nodes::Query& view_query, bool check_cols);

// Throws the error for DML (`required_perms`: the kAcl bit of the command) on the view of
// range-table entry `rte`: 55000 when the view is not automatically updatable, else 0A000.
[[noreturn]] void ThrowViewDml(const ParseState& ps, const nodes::RangeTblEntry& rte,
                               uint32_t required_perms, int location);

}  // namespace hyrax::parser
