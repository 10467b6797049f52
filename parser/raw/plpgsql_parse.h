// The PL/pgSQL grammar: libpg_query's pg_query_parse_plpgsql turns a whole CREATE FUNCTION
// ... LANGUAGE plpgsql statement into a JSON description of the function's statement tree
// (datums, blocks, statements, embedded SQL expressions as text). CREATE FUNCTION checks the
// body with it (42601 on a syntax error) and the executor's interpreter
// (executor/plpgsql/) reads the JSON through the hook the server installs.
#pragma once

#include <string>
#include <string_view>

namespace hyrax::parser::raw {

// The JSON array of the functions in `create_function_sql`. Throws Error 42601 with
// libpg_query's message on a syntax error in the body.
std::string ParsePlpgsqlFunction(std::string_view create_function_sql);

}  // namespace hyrax::parser::raw
