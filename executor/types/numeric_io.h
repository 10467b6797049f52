// numeric text and storage formats. Text: PostgreSQL's numeric_in syntax (sign, digits,
// point, exponent, NaN/Infinity spellings) and output (all digits to dscale, no exponent).
// Storage: PostgreSQL's varlena layout with the 2-byte short header when it fits
// (sign | dscale(6 bits) | weight(7 bits)) or the long header (sign+dscale, int16 weight),
// followed by int16 base-10000 digits; special values use a 2-byte header (0xC000 NaN,
// 0xD000 +Infinity, 0xF000 -Infinity). See executor/types/README.md "Numeric".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/datum.h"
#include "executor/types/numeric_var.h"

namespace hyrax::executor {

// Throws 22P02 invalid input syntax for type numeric: "<text>", 22003 "value overflows
// numeric format" for exponents out of range.
NumericVar ParseNumeric(std::string_view text);
std::string FormatNumeric(const NumericVar& v);
// Scientific notation with `rscale` fraction digits ("1.23e+05"), as numeric_out_sci.
std::string FormatNumericSci(const NumericVar& v, int rscale);

// Rounds to the typmod's scale and checks its precision (PostgreSQL's apply_typmod):
// throws 22003 "numeric field overflow" with PostgreSQL's detail. typmod -1 does nothing.
void ApplyNumericTypmod(NumericVar* v, int32_t typmod);
bool IsValidNumericTypmod(int32_t typmod);
int NumericTypmodPrecision(int32_t typmod);
int NumericTypmodScale(int32_t typmod);
int32_t MakeNumericTypmod(int precision, int scale);

// Packs into a varlena allocated with Palloc. Rounds nothing; strips zero digits. Throws
// 22003 "value overflows numeric format" when weight or dscale do not fit the format.
Datum MakeNumericDatum(const NumericVar& v);
NumericVar NumericDatumToVar(Datum d);
// Cheap checks on a packed value.
bool NumericDatumIsNaN(Datum d);
bool NumericDatumIsSpecial(Datum d);

// float -> numeric as PostgreSQL: through "%.15g" (float8) / "%.6g" (float4) text.
NumericVar NumericFromDouble(double v, int significant_digits);

}  // namespace hyrax::executor
