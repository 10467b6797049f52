// Type names as PostgreSQL prints them in messages (format_type_be and
// format_type_with_typemod): SQL-standard spellings for built-in types ("integer",
// "character varying(10)", "timestamp without time zone"), "[]" for arrays, schema
// qualification for types not visible in the search path; and identifier quoting
// (quote_identifier).
#pragma once

#include <string>
#include <string_view>

#include "common/ids.h"

namespace hyrax::parser {

std::string FormatTypeBe(Oid type);
std::string FormatTypeWithTypemod(Oid type, int32_t typmod);
// The typmod suffix alone ("(10)", "(10,2)", "(3) without time zone"), as the type's
// typmodout function prints it; empty for typmod < 0.
std::string FormatTypmod(Oid type, int32_t typmod);

// The identifier, double-quoted when needed (upper case, special characters, leading
// digit, or a keyword that is not unreserved).
std::string QuoteIdentifier(std::string_view ident);

}  // namespace hyrax::parser
