// Values on a common numeric scale for interpolating inside a histogram bucket
// (PostgreSQL's convert_to_scalar in selfuncs.c): numbers as doubles, dates and times as
// microseconds, strings as base-N fractions of their first 12 bytes after the prefix the
// three strings share. scalar_ineq_sel.cpp uses it for `var < const` and friends.
#pragma once

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::planner {

// Converts `value` (of type `value_type`) and the bucket bounds `lo`/`hi` (of type
// `bounds_type`) to doubles on one scale. Returns false when the types cannot be converted
// (or do not belong to the same family), so the caller uses the bucket's midpoint.
bool ConvertToScalar(Datum value, Oid value_type, Datum lo, Datum hi, Oid bounds_type,
                     double* scaled_value, double* scaled_lo, double* scaled_hi);

}  // namespace hyrax::planner
