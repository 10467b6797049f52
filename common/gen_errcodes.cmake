# Generates errcodes.h from errcodes.tsv (code, class, constant, condition name).
# Invoked at build time: cmake -DIN=errcodes.tsv -DOUT=errcodes.h -P gen_errcodes.cmake
file(STRINGS "${IN}" lines)
set(body "")
set(table "")
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  string(REPLACE "\t" ";" fields "${line}")
  list(GET fields 0 code)
  list(GET fields 2 constant)
  list(GET fields 3 condition)
  string(APPEND body "inline constexpr SqlState ${constant}{\"${code}\"};\n")
  string(APPEND table "    {\"${code}\", \"${condition}\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from common/errcodes.tsv by common/gen_errcodes.cmake. Do not edit.
#pragma once

#include \"common/sqlstate.h\"

namespace hyrax::errcode {
${body}
struct SqlStateName {
  const char* code;
  const char* condition;
};
inline constexpr SqlStateName kAllSqlStates[] = {
${table}};
}  // namespace hyrax::errcode
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
