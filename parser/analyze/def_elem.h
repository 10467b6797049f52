// Option lists (DefElem) of utility statements, read as PostgreSQL's defGetString,
// defGetBoolean and defGetInt64 do, with their 42601 errors ("analyze requires a Boolean
// value").
#pragma once

#include <cstdint>
#include <string>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

std::string DefName(const PgQuery__DefElem* def);
// The option's value as text; 42601 "<name> requires a parameter" when it has none.
std::string DefGetString(const ParseState& ps, const PgQuery__DefElem* def);
// true/false/on/off/1/0 (no value means true).
bool DefGetBoolean(const ParseState& ps, const PgQuery__DefElem* def);
int64_t DefGetInt64(const ParseState& ps, const PgQuery__DefElem* def);
// The text of a constant argument (string, integer or float literal).
std::string ConstText(const raw::Node* n);

}  // namespace hyrax::parser
