// Parsing of (possibly qualified) SQL identifiers in strings, as PostgreSQL's
// SplitIdentifierString / stringToQualifiedNameList: "a.b", "\"A\".b", unquoted parts fold to
// lower case, quoted parts keep case and may contain "" for a quote. Used by the reg* input
// functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hyrax::executor {

// The dot-separated parts of `text` (surrounding whitespace allowed). Throws 42602
// "invalid name syntax" when the string is not a valid name list.
std::vector<std::string> ParseQualifiedName(std::string_view text);

// Lower-cases ASCII letters (PostgreSQL's downcase_identifier for unquoted identifiers).
std::string DowncaseIdentifier(std::string_view ident);

}  // namespace hyrax::executor
