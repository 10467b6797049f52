// SQL display names of types (PostgreSQL's format_type): "integer", "character varying(10)",
// "timestamp(3) with time zone", "numeric(10,2)", "text[]", "\"char\"". Used by regtype
// output, format_type(), function signatures in messages, and the analyzer's errors.
// Reads pg_type through the installed SysCache.
#pragma once

#include <cstdint>
#include <string>

#include "common/ids.h"

namespace hyrax::executor {

// Display name of `type_oid` with `typmod` applied (-1 = none). When `typmod_given` is true a
// typmod of -1 is shown as written (PostgreSQL's FORMAT_TYPE_TYPEMOD_GIVEN: bpchar stays
// "bpchar"). Unknown OIDs give "???" (as format_type()).
std::string FormatTypeName(Oid type_oid, int32_t typmod = -1, bool typmod_given = false);

// The typmod decorations alone ("(10)", "(10,2)", " year to month(3)"), "" for -1.
std::string FormatCharTypmod(int32_t typmod);
std::string FormatNumericTypmod(int32_t typmod);
std::string FormatIntervalTypmod(int32_t typmod);

}  // namespace hyrax::executor
