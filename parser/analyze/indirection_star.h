// (expr).* and (expr).f.* in a SELECT list or ROW(...): the fields of a composite value as
// separate columns (PostgreSQL's ExpandIndirectionStar / ExpandRowReference). Implemented in
// expr_misc.cpp beside the rest of indirection.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Whether the indirection ends with ".*".
bool EndsWithIndirectionStar(const PgQuery__AIndirection* ind);
// The fields (name, expression) of the value before the final ".*". Throws 42809 "type x is
// not composite".
std::vector<std::pair<std::string, ExprPtr>> ExpandIndirectionStar(
    ParseState& ps, const PgQuery__AIndirection* ind);

}  // namespace hyrax::parser
