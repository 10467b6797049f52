// The pg_type row of the array type of a user-defined type ("_name"), as CREATE TABLE (row
// types) and CREATE TYPE / CREATE DOMAIN make it. Implemented in heap_create.cpp.
#pragma once

#include <string>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

// Array I/O functions, typcategory 'A', typalign 'd' (callers adjust it for the element).
PgType MakeArrayType(const std::string& elem_name, Oid namespace_oid, Oid owner, Oid array_oid,
                     Oid elem_oid);

}  // namespace hyrax::catalog
