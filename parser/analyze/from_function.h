// Functions in FROM (PostgreSQL's transformRangeFunction and addRangeTableEntryForFunction):
// generate_series(...), unnest(...), ROWS FROM (...), WITH ORDINALITY, column definition
// lists for functions returning record, composite results expanded to their columns.
#pragma once

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Adds the function RTE (not its namespace item); returns its range-table index.
Index TransformRangeFunction(ParseState& ps, const PgQuery__RangeFunction* r);

}  // namespace hyrax::parser
