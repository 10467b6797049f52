// Built-in families for composite and enum values (record_io.cpp, record_compare.cpp,
// enum_funcs.cpp), merged by builtin_registry.cpp beside AllBuiltinFamilies().
#pragma once

#include <array>
#include <span>

#include "executor/functions/builtin_registry.h"

namespace hyrax::executor {

std::span<const BuiltinFunction> RecordIoBuiltins();
std::span<const BuiltinFunction> RecordCompareBuiltins();
std::span<const BuiltinFunction> EnumBuiltins();

inline auto UserTypeBuiltinFamilies() {
  return std::array{RecordIoBuiltins(), RecordCompareBuiltins(), EnumBuiltins()};
}

}  // namespace hyrax::executor
