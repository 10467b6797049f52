// Text conversion of the integer types, with PostgreSQL 15's accepted syntax (optional
// surrounding whitespace and sign, decimal digits only) and error messages:
//   22P02 invalid input syntax for type integer: "abc"
//   22003 value "99999999999" is out of range for type integer
// See executor/types/README.md "Integers".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hyrax::executor {

// Parse `text` as int2/int4/int8 (PostgreSQL's pg_strtoint16/32/64). Throws 22P02 / 22003
// naming the SQL type (smallint, integer, bigint) and quoting the whole input.
int16_t ParseInt16(std::string_view text);
int32_t ParseInt32(std::string_view text);
int64_t ParseInt64(std::string_view text);

// Parse an unsigned 32-bit value the way PostgreSQL's oidin / xidin accept it: decimal,
// optionally negative within int32 range (wrapping), surrounding whitespace allowed.
// `type_name` names the type in messages ("oid", "xid", "cid").
uint32_t ParseUInt32(std::string_view text, const char* type_name);

// Whitespace as PostgreSQL's scanner/isspace() sees it: space, \t, \n, \r, \v, \f.
inline bool IsPgSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace hyrax::executor
