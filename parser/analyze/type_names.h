// Type names as written in SQL (PostgreSQL's parse_type.c): a raw TypeName (possibly
// schema-qualified, with modifiers and array bounds) -> type OID and typmod, with the
// typmodin rules of the built-in types (varchar(n), numeric(p,s), timestamp(p), interval
// fields, bit(n)); collation names -> OIDs.
#pragma once

#include <string>
#include <vector>

#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

struct TypeWithMod {
  Oid type = kInvalidOid;
  int32_t typmod = -1;
};

// Resolves `tn`. Throws 42704 `type "x" does not exist`, 3F000 for a missing schema,
// 42601 "type modifier is not allowed for type ..." and the typmodin functions' 22023
// errors, all at the type name's position.
TypeWithMod TypenameTypeIdAndMod(ParseState& ps, const PgQuery__TypeName* tn);
// The type called `names` (qualified or via the search path), kInvalidOid when none.
Oid LookupTypeNameOid(const std::vector<std::string>& names);
// PostgreSQL's TypeNameToString: "schema.name[]".
std::string TypeNameToString(const PgQuery__TypeName* tn);
// The name parts of a TypeName.
std::vector<std::string> TypeNameParts(const PgQuery__TypeName* tn);

// The collation called `names` (search path or qualified). Throws 42704 `collation "x" for
// encoding "UTF8" does not exist` at `location`.
Oid LookupCollation(ParseState& ps, const std::vector<std::string>& names, int location);

}  // namespace hyrax::parser
