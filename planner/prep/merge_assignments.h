// Several assignments to parts of one column in one INSERT or UPDATE
// (INSERT INTO t (c.f1, c.f2), UPDATE t SET a[1] = x, a[2] = y) become one expression, as
// PostgreSQL's rewriter does in process_matched_tle: field stores over the same value are
// combined, and a later subscript assignment is applied on top of the earlier one.
#pragma once

#include <string>

#include "nodes/primnodes.h"

namespace hyrax::planner {

// The expression assigning both `prior` and then `next` to column `column_name`. Throws
// 42601 "multiple assignments to same column" when they cannot be combined (a plain
// assignment, or different kinds of indirection).
nodes::ExprPtr MergeColumnAssignments(const nodes::ExprPtr& prior, const nodes::ExprPtr& next,
                                      const std::string& column_name);

}  // namespace hyrax::planner
