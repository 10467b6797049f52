// The built-in function table: pg_proc.prosrc name -> PGFunction, as PostgreSQL's
// fmgr_builtins. Each family file (int.cpp, text.cpp, ...) exports one table of
// BuiltinFunction rows; builtin_families.h lists them and the registry merges them on first
// use. See executor/functions/README.md "Adding a function".
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "executor/functions/fmgr.h"

namespace hyrax::executor {

struct BuiltinFunction {
  const char* prosrc;  // pg_proc.prosrc of every internal-language row this implements
  PGFunction fn;
  int16_t nargs;  // pg_proc.pronargs of those rows (checked by a unit test)
};

// The built-in named `prosrc`, or nullptr when Hyrax does not implement it.
// Thread-safe after first use; the first call builds the table (and throws XX000 if two
// families register the same name, a programming error).
const BuiltinFunction* FindBuiltin(std::string_view prosrc);

// Every registered built-in, sorted by prosrc.
std::span<const BuiltinFunction> AllBuiltins();

// Convenience for tests and direct calls: the function registered as `prosrc`.
// Throws 0A000 "function <prosrc> is not implemented in Hyrax" when absent.
PGFunction BuiltinByName(std::string_view prosrc);

}  // namespace hyrax::executor
