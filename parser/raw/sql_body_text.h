// The text of a CREATE FUNCTION's SQL-standard body (`RETURN expr` or `BEGIN ATOMIC ...
// END`), cut from the statement with libpg_query's scanner. PostgreSQL stores such bodies
// as analyzed trees (pg_proc.prosqlbody); Hyrax stores the equivalent SQL text in prosrc and
// analyzes it like a quoted body (see parser/analyze/README.md "User-defined functions").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hyrax::parser::raw {

// For `statement` (the CREATE FUNCTION text): "SELECT <expr>" for a RETURN body, the
// statements between BEGIN ATOMIC and its END for a block, each with its ';' (so a block's
// text ends with ';' and a RETURN's never does); nullopt when there is neither.
std::optional<std::string> SqlStandardBodyText(std::string_view statement);

}  // namespace hyrax::parser::raw
