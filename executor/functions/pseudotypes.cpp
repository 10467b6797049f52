// I/O functions of the pseudo-types (any, anyelement, anyarray, internal, trigger, ...): they
// exist so that every pg_type row has typinput/typoutput, and mostly refuse with PostgreSQL's
// 0A000 "cannot accept a value of type %s" / "cannot display a value of type %s". anyarray
// and anycompatiblearray values are real arrays and print and send as such (pg_statistic's
// stavalues columns); pg_node_tree prints as text. cstring, unknown and void are in text.cpp.
// See README.md "Pseudo-types".
#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"

namespace hyrax::executor {

namespace {

// The SQL type name of each refusing function, from its prosrc prefix.
template <const char* kType>
Datum CannotAccept(FunctionCallInfo* f) {
  throw MakeError(errcode::kFeatureNotSupported, "cannot accept a value of type {}", kType);
}
template <const char* kType>
Datum CannotDisplay(FunctionCallInfo* f) {
  throw MakeError(errcode::kFeatureNotSupported, "cannot display a value of type {}", kType);
}

Datum ShellIn(FunctionCallInfo* f) {
  throw Error(errcode::kFeatureNotSupported, "cannot accept a value of a shell type");
}
Datum ShellOut(FunctionCallInfo* f) {
  throw Error(errcode::kFeatureNotSupported, "cannot display a value of a shell type");
}

// Forwarders to the real array / text functions.
Datum AnyArrayOut(FunctionCallInfo* f) {
  return DirectFunctionCall(BuiltinByName("array_out"), f->Arg(0));
}
Datum AnyArraySend(FunctionCallInfo* f) {
  return DirectFunctionCall(BuiltinByName("array_send"), f->Arg(0));
}
Datum NodeTreeOut(FunctionCallInfo* f) {
  return DirectFunctionCall(BuiltinByName("textout"), f->Arg(0));
}
Datum NodeTreeSend(FunctionCallInfo* f) {
  return DirectFunctionCall(BuiltinByName("textsend"), f->Arg(0));
}

constexpr char kAny[] = "any";
constexpr char kAnyElement[] = "anyelement";
constexpr char kAnyArray[] = "anyarray";
constexpr char kAnyNonArray[] = "anynonarray";
constexpr char kAnyCompatible[] = "anycompatible";
constexpr char kAnyCompatibleArray[] = "anycompatiblearray";
constexpr char kAnyCompatibleNonArray[] = "anycompatiblenonarray";
constexpr char kInternal[] = "internal";
constexpr char kTrigger[] = "trigger";
constexpr char kEventTrigger[] = "event_trigger";
constexpr char kLanguageHandler[] = "language_handler";
constexpr char kFdwHandler[] = "fdw_handler";
constexpr char kTableAmHandler[] = "table_am_handler";
constexpr char kIndexAmHandler[] = "index_am_handler";
constexpr char kTsmHandler[] = "tsm_handler";
constexpr char kNodeTree[] = "pg_node_tree";
constexpr char kDdlCommand[] = "pg_ddl_command";

#define HYRAX_REFUSING_IO(prefix, name)    \
  {prefix "_in", CannotAccept<name>, 1}, { \
    prefix "_out", CannotDisplay<name>, 1  \
  }

const BuiltinFunction kPseudoTypeBuiltins[] = {
    HYRAX_REFUSING_IO("any", kAny),
    HYRAX_REFUSING_IO("anyelement", kAnyElement),
    HYRAX_REFUSING_IO("anynonarray", kAnyNonArray),
    HYRAX_REFUSING_IO("anycompatible", kAnyCompatible),
    HYRAX_REFUSING_IO("anycompatiblenonarray", kAnyCompatibleNonArray),
    HYRAX_REFUSING_IO("internal", kInternal),
    HYRAX_REFUSING_IO("trigger", kTrigger),
    HYRAX_REFUSING_IO("event_trigger", kEventTrigger),
    HYRAX_REFUSING_IO("language_handler", kLanguageHandler),
    HYRAX_REFUSING_IO("fdw_handler", kFdwHandler),
    HYRAX_REFUSING_IO("table_am_handler", kTableAmHandler),
    HYRAX_REFUSING_IO("index_am_handler", kIndexAmHandler),
    HYRAX_REFUSING_IO("tsm_handler", kTsmHandler),
    HYRAX_REFUSING_IO("pg_ddl_command", kDdlCommand),
    {"pg_ddl_command_recv", CannotAccept<kDdlCommand>, 1},
    {"pg_ddl_command_send", CannotDisplay<kDdlCommand>, 1},
    {"anyarray_in", CannotAccept<kAnyArray>, 1},
    {"anyarray_out", AnyArrayOut, 1},
    {"anyarray_recv", CannotAccept<kAnyArray>, 1},
    {"anyarray_send", AnyArraySend, 1},
    {"anycompatiblearray_in", CannotAccept<kAnyCompatibleArray>, 1},
    {"anycompatiblearray_out", AnyArrayOut, 1},
    {"anycompatiblearray_recv", CannotAccept<kAnyCompatibleArray>, 1},
    {"anycompatiblearray_send", AnyArraySend, 1},
    {"pg_node_tree_in", CannotAccept<kNodeTree>, 1},
    {"pg_node_tree_out", NodeTreeOut, 1},
    {"pg_node_tree_recv", CannotAccept<kNodeTree>, 1},
    {"pg_node_tree_send", NodeTreeSend, 1},
    {"shell_in", ShellIn, 1},
    {"shell_out", ShellOut, 1},
};

#undef HYRAX_REFUSING_IO

}  // namespace

std::span<const BuiltinFunction> PseudoTypeBuiltins() {
  return kPseudoTypeBuiltins;
}

}  // namespace hyrax::executor
