// What the PL/pgSQL interpreter needs from the layers above the executor, installed once per
// process by the server (server/engine/plpgsql_support.cpp), the same way SQL functions get
// their planner: the PL/pgSQL grammar (parser/raw) and the analysis and planning of the SQL
// expressions and statements embedded in a body, with the function's variables as named
// $n parameters.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.h"
#include "nodes/plannodes.h"

namespace hyrax::executor::plpgsql {

// One variable offered to an embedded query as parameter $n (n = position + 1). `name` is
// how the query may spell it: "x", or "rec.field" for a record variable's field; "" when
// only $n reaches it.
struct QueryParam {
  std::string name;
  Oid type = kInvalidOid;
  int32_t typmod = -1;
};

// The type an expression's single result column is coerced to (assignment rules).
struct TargetType {
  Oid type = kInvalidOid;
  int32_t typmod = -1;
};

struct PlpgsqlHooks {
  // JSON of the PL/pgSQL tree of a whole CREATE FUNCTION statement; 42601 on syntax errors.
  std::function<std::string(std::string_view create_function_sql)> parse_function;
  // Analyzes and plans `sql` (one statement) with `params`; `function_name` qualifies
  // parameter names (fn.x). With `target`, the query must return exactly one column, which is
  // coerced to it. Utility statements are 0A000.
  std::function<nodes::PlannedStmtPtr(std::string_view sql, const std::vector<QueryParam>& params,
                                      const std::string& function_name,
                                      const std::optional<TargetType>& target)>
      plan_query;
};

void SetPlpgsqlHooks(PlpgsqlHooks hooks);
const PlpgsqlHooks& GetPlpgsqlHooks();

}  // namespace hyrax::executor::plpgsql
