// Text conversion of float4 / float8 exactly as PostgreSQL 15: input through the C library's
// strtod/strtof plus PostgreSQL's spellings of NaN and Infinity; output as the shortest
// string that reads back exactly when extra_float_digits > 0, else printf("%.*g") with
// FLT_DIG/DBL_DIG + extra_float_digits significant digits. See README.md "Floats".
#pragma once

#include <string>
#include <string_view>

namespace hyrax::executor {

// Throws 22P02 invalid input syntax for type double precision: "<text>" and
// 22003 "<number>" is out of range for type double precision.
double ParseFloat8(std::string_view text);
// Throws 22P02 / 22003 naming type real.
float ParseFloat4(std::string_view text);

// Output text; `extra_digits` is the extra_float_digits setting.
std::string FormatFloat8(double value, int extra_digits);
std::string FormatFloat4(float value, int extra_digits);

// Errors shared by the float operators (PostgreSQL's float_overflow_error etc.).
[[noreturn]] void ThrowFloatOverflow();      // 22003 value out of range: overflow
[[noreturn]] void ThrowFloatUnderflow();     // 22003 value out of range: underflow
[[noreturn]] void ThrowFloatDivideByZero();  // 22012 division by zero

}  // namespace hyrax::executor
