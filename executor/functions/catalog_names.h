// Name-to-OID resolution for the reg* input functions: (possibly qualified) type, function,
// operator and relation names looked up through the SysCache. Unqualified names search the
// session's search_path (catalog::RelationSearchPath: pg_temp, pg_catalog and the listed
// schemas). Internal to executor/functions; see README.md "Object identifiers".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.h"

namespace hyrax::executor {

// The namespaces an unqualified name is searched in, in order.
std::vector<Oid> SearchPathNamespaces();
// Whether objects in `namespace_oid` are visible without qualification.
bool IsVisibleNamespace(Oid namespace_oid);

// Parses an SQL type name as written in a cast ("integer", "character varying(10)",
// "pg_catalog.int4", "timestamp with time zone", "text[]", "\"char\"") and returns its OID.
// Typmods are parsed and ignored. Returns nullopt when the type does not exist and
// `missing_ok`; otherwise throws 42704 type "<name>" does not exist. Throws 42601 for text
// that is not a type name.
std::optional<Oid> LookupTypeName(std::string_view text, bool missing_ok);

// Splits "name(type, type)" into the name and the argument type texts (for regprocedure and
// regoperator input). Throws 22P02 "expected a left parenthesis" and friends, as PostgreSQL's
// parseNameAndArgTypes.
void SplitNameAndArgs(std::string_view text, std::string* name, std::vector<std::string>* args);

}  // namespace hyrax::executor
