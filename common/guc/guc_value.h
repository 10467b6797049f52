// Parsing and display of setting values with PostgreSQL's rules: booleans (on/off,
// true/false, yes/no, 1/0 and unique prefixes), integers and reals with units and unit
// conversion ('1.5GB', '30s', hexadecimal and octal integers), and the reverse display that
// picks the largest unit dividing the value ('128MB', '5min'). Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/guc/guc_types.h"

namespace hyrax::guc {

// PostgreSQL's parse_bool: case-insensitive "true"/"false"/"yes"/"no" and their prefixes,
// "on"/"off" (at least "of"), "1"/"0". Returns false when `text` is none of them.
bool ParseBool(std::string_view text, bool* result);

// PostgreSQL's parse_int: a decimal, 0x-hex or 0-octal integer, or a real that is rounded,
// optionally followed by a unit of the same kind as `unit` (converted to `unit`). On
// failure returns false and, when the problem is the unit or the range, sets *hint to
// PostgreSQL's hint text (otherwise leaves it empty).
bool ParseInt(std::string_view text, GucUnit unit, int* result, std::string* hint);

// PostgreSQL's parse_real: like ParseInt without rounding; NaN is rejected.
bool ParseReal(std::string_view text, GucUnit unit, double* result, std::string* hint);

// Display with the largest unit that divides the value (values <= 0 have no unit), as SHOW
// and ParameterStatus print them: FormatInt(16384, kBlocks) == "128MB".
std::string FormatInt(int64_t value, GucUnit unit);
std::string FormatReal(double value, GucUnit unit);

// printf's %g, which PostgreSQL uses for real settings.
std::string FormatG(double value);

}  // namespace hyrax::guc
