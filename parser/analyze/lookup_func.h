// Finding one function by name and exact input types, as DROP FUNCTION, DROP AGGREGATE and
// CREATE AGGREGATE's support functions name them (PostgreSQL's LookupFuncName and
// LookupFuncWithArgs in parse_func.c). No overload resolution: the types must match.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::parser {

// The function called `names` (possibly schema-qualified) with exactly `argtypes`, first
// along the search path; nullopt when there is none. Throws 3F000 for a missing schema.
std::optional<catalog::PgProc> LookupFuncName(const std::vector<std::string>& names,
                                              const std::vector<Oid>& argtypes);

// Every function called `names` along the search path (or in its schema), any argument types.
std::vector<catalog::PgProc> FunctionsNamed(const std::vector<std::string>& names);

}  // namespace hyrax::parser
