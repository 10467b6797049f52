// The SQL text of a CREATE VIEW's query, cut from the statement's source (PostgreSQL keeps
// no location for it). Stored with the view's analyzed query (nodes::Query::source_text) and
// returned by pg_get_viewdef, a documented deviation: PostgreSQL deparses the stored tree.
#pragma once

#include <string>
#include <string_view>

namespace hyrax::parser {

// The text after the first AS keyword outside parentheses, quotes and comments, starting
// the search at `name_location` (the view name's offset in `source`), up to the statement's
// ';' or the end, without surrounding white space. Empty when no AS is found.
std::string ViewQuerySourceText(std::string_view source, int name_location);

}  // namespace hyrax::parser
