// Type facts the analyzer asks for over and over (PostgreSQL's lsyscache type functions):
// category, preferred flag, length/byval, array/element types, base type of a domain,
// collatability. Built-in types (OID < 16384, which never change) are cached per process;
// others are read through Syscache() each time.
#pragma once

#include <string>

#include "common/ids.h"
#include "storage/catalog/catalog_rows.h"

namespace hyrax::parser {

// The pg_type row of `type`. Throws XX000 "cache lookup failed for type N" when missing.
const catalog::PgType& LookupType(Oid type);
// Same, or nullptr when the type does not exist.
const catalog::PgType* FindType(Oid type);

char TypeCategory(Oid type);  // pg_type.typcategory ('N', 'S', ...); 'U'... for unknown
bool IsPreferredType(char category, Oid type);
int16_t TypeLength(Oid type);
bool TypeByValue(Oid type);
Oid TypeCollation(Oid type);  // kInvalidOid when not collatable
inline bool TypeIsCollatable(Oid type) {
  return TypeCollation(type) != kInvalidOid;
}
// Array type whose elements are `elem` (typarray), or kInvalidOid.
Oid ArrayTypeOf(Oid elem);
// Element type of a true array type (typsubscript = array_subscript_handler), else
// kInvalidOid. Domains over arrays are not looked through.
Oid ElementTypeOf(Oid array);
inline bool IsTrueArrayType(Oid type) {
  return ElementTypeOf(type) != kInvalidOid;
}
// For a domain, its base type (and the domain's typmod through *typmod); other types map
// to themselves with *typmod unchanged.
Oid BaseType(Oid type);
Oid BaseTypeAndTypmod(Oid type, int32_t* typmod);
bool IsDomain(Oid type);
// Row type: RECORD, a composite type (typtype 'c') or a domain over one (PostgreSQL's
// type_is_rowtype).
bool IsComplexType(Oid type);
// The default operator class of access method `am` for `type` (PostgreSQL's
// GetDefaultOpClass): looked up for the domain's base type, and for composite types
// falling back to the record opclass, for arrays to the anyarray one.
std::optional<catalog::PgOpclass> DefaultOpclassFor(Oid am, Oid type);
// pg_type.typtype == 'p' (any, anyelement, record, ...).
bool IsPseudoType(Oid type);
// The polymorphic pseudo-types (anyelement, anyarray, anycompatible ...).
bool IsPolymorphicType(Oid type);

}  // namespace hyrax::parser
