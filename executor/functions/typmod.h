// Type-modifier input helpers shared by the typmodin functions of char/varchar, numeric,
// time/timestamp/interval (PostgreSQL's ArrayGetIntegerTypmods and friends).
// Internal to executor/functions.
#pragma once

#include <cstdint>
#include <vector>

#include "common/datum.h"

namespace hyrax::executor {

// The integers of a cstring[] typmod array. Throws 2202E for a malformed array and 22P02
// for a non-integer element.
std::vector<int32_t> IntegerTypmods(Datum cstring_array);

// char(n)/varchar(n) typmod (n + 4); `type_name` is "char" or "varchar" for messages.
int32_t CharLengthTypmodIn(Datum cstring_array, const char* type_name);

}  // namespace hyrax::executor
