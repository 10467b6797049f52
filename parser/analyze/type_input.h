// Turning literal text into a Const of a given type by the type's input function
// (PostgreSQL's stringTypeDatum), used for unknown-type literals coerced to a type and for
// numeric literals. This is the one place that calls type input functions at analysis
// time: through the executor's type I/O when it is in the tree; otherwise a few simple
// built-in types are converted here and every other type yields a CoerceViaIO over the
// literal, converted at execution (parser/analyze/README.md "Literal input").
#pragma once

#include <string_view>

#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// A Const of `type` (a base type, not a domain) holding `text` as converted by the type's
// input function with `typmod`; `location` is kept on the node and used as the error
// cursor. Throws the input function's error (22P02 invalid input syntax, 22003 out of
// range, ...).
ExprPtr StringToTypedConst(const ParseState& ps, Oid type, int32_t typmod, std::string_view text,
                           int location);
// A NULL Const of `type`.
ExprPtr MakeTypedNullConst(Oid type, int32_t typmod);
// An unknown-type literal (a NUL-terminated string Const of type unknown, typlen -2).
std::shared_ptr<nodes::Const> MakeUnknownConst(std::string_view text, int location);
// The text of an unknown-type literal.
std::string_view UnknownConstText(const nodes::Const& c);

}  // namespace hyrax::parser
