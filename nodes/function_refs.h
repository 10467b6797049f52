// The user-defined functions (OID >= kFirstNormalObjectId) an expression or a query calls:
// function calls, aggregates and window functions. What pg_depend records for views, column
// defaults and SQL-standard function bodies, so that DROP FUNCTION finds their users.
#pragma once

#include <vector>

#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"

namespace hyrax::nodes {

// Each function once, in order of first appearance (sub-selects included).
std::vector<Oid> UserFunctionsCalled(const Query& query);
std::vector<Oid> UserFunctionsCalled(const ExprPtr& expr);

}  // namespace hyrax::nodes
