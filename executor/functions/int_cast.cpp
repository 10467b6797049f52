// Casts among int2 / int4 / int8 (int48, int84, i2toi4 ...), range-checked with PostgreSQL's
// messages. Casts to and from float are in float_cast.cpp, bool in bool.cpp, "char" in
// char.cpp, oid in oid.cpp. See README.md "Integers".
#include <limits>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"

namespace hyrax::executor {

namespace {

template <typename From, typename To>
Datum Convert(FunctionCallInfo* f) {
  From v = ArgAs<From>(f, 0);
  if (v < std::numeric_limits<To>::min() || v > std::numeric_limits<To>::max()) {
    if constexpr (sizeof(To) == 2) {
      throw Error(errcode::kNumericValueOutOfRange, "smallint out of range");
    } else {
      throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
    }
  }
  return ToDatum(static_cast<To>(v));
}

template <typename From, typename To>
Datum Widen(FunctionCallInfo* f) {
  return ToDatum(static_cast<To>(ArgAs<From>(f, 0)));
}

const BuiltinFunction kIntCastBuiltins[] = {
    {"i2toi4", Widen<int16_t, int32_t>, 1},  {"int28", Widen<int16_t, int64_t>, 1},
    {"int48", Widen<int32_t, int64_t>, 1},   {"i4toi2", Convert<int32_t, int16_t>, 1},
    {"int82", Convert<int64_t, int16_t>, 1}, {"int84", Convert<int64_t, int32_t>, 1},
};

}  // namespace

std::span<const BuiltinFunction> IntCastBuiltins() {
  return kIntCastBuiltins;
}

}  // namespace hyrax::executor
