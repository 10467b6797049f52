// PL/pgSQL parsing through libpg_query (see plpgsql_parse.h).
#include "parser/raw/plpgsql_parse.h"

#include <pg_query.h>

#include "common/error.h"

namespace hyrax::parser::raw {

std::string ParsePlpgsqlFunction(std::string_view create_function_sql) {
  std::string input(create_function_sql);
  PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(input.c_str());
  struct Release {
    PgQueryPlpgsqlParseResult* r;
    ~Release() { pg_query_free_plpgsql_parse_result(*r); }
  } release{&result};
  if (result.error != nullptr) {
    throw Error(errcode::kSyntaxError, result.error->message);
  }
  return result.plpgsql_funcs != nullptr ? std::string(result.plpgsql_funcs) : std::string();
}

}  // namespace hyrax::parser::raw
