// Identifier quoting as PostgreSQL's quote_identifier: an identifier is left bare only when
// it is all lower-case letters, digits and underscores, does not start with a digit, and is
// not a keyword that needs quoting (reserved, column-name or type/function-name keywords).
// Used by quote_ident(), format('%I'), regproc/regtype output and error messages.
#pragma once

#include <string>
#include <string_view>

namespace hyrax::executor {

std::string QuoteIdentifier(std::string_view ident);
// "schema.name" with each part quoted as needed; no schema when `schema` is empty.
std::string QuoteQualifiedIdentifier(std::string_view schema, std::string_view ident);
// A string literal: 'it''s', or E'a\\b' when the text contains a backslash (PostgreSQL's
// quote_literal_cstr).
std::string QuoteLiteral(std::string_view s);
// Whether `word` (lower case) is a keyword PostgreSQL would quote.
bool IsQuotedKeyword(std::string_view word);

}  // namespace hyrax::executor
