// bool: I/O (PostgreSQL's accepted spellings: unique prefixes of true/false/yes/no, on/off,
// 1/0), comparisons (false < true), casts to/from int4 and text, and the bool_and/bool_or
// aggregate support functions. See README.md "Booleans".
#include <string>
#include <strings.h>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/bool_io.h"
#include "executor/types/int_io.h"

namespace hyrax::executor {

namespace {

Datum BoolIn(FunctionCallInfo* f) {
  std::string_view text = f->ArgCString(0);
  std::string_view trimmed = text;
  while (!trimmed.empty() && IsPgSpace(trimmed.front())) trimmed.remove_prefix(1);
  while (!trimmed.empty() && IsPgSpace(trimmed.back())) trimmed.remove_suffix(1);
  std::optional<bool> value = ParseBool(trimmed);
  if (!value) {
    throw MakeError(errcode::kInvalidTextRepresentation,
                    "invalid input syntax for type boolean: \"{}\"", text);
  }
  return BoolGetDatum(*value);
}

Datum BoolOut(FunctionCallInfo* f) {
  return CStringDatum(f->ArgBool(0) ? "t" : "f");
}

Datum BoolRecv(FunctionCallInfo* f) {
  return BoolGetDatum(RecvArg(f, 0)->GetUInt8() != 0);
}

Datum BoolSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutUInt8(f->ArgBool(0) ? 1 : 0);
  return buf.Finish();
}

Datum BoolText(FunctionCallInfo* f) {
  return TextDatum(f->ArgBool(0) ? "true" : "false");
}

Datum BoolEq(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) == f->ArgBool(1));
}
Datum BoolNe(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) != f->ArgBool(1));
}
Datum BoolLt(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) < f->ArgBool(1));
}
Datum BoolLe(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) <= f->ArgBool(1));
}
Datum BoolGt(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) > f->ArgBool(1));
}
Datum BoolGe(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) >= f->ArgBool(1));
}
Datum BtBoolCmp(FunctionCallInfo* f) {
  return CompareResult(f->ArgBool(0), f->ArgBool(1));
}

Datum Int4Bool(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgInt32(0) != 0);
}
Datum BoolInt4(FunctionCallInfo* f) {
  return Int32GetDatum(f->ArgBool(0) ? 1 : 0);
}

Datum BoolAndStateFunc(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) && f->ArgBool(1));
}
Datum BoolOrStateFunc(FunctionCallInfo* f) {
  return BoolGetDatum(f->ArgBool(0) || f->ArgBool(1));
}

// Moving-aggregate state of bool_and/bool_or: counts of non-null and of true inputs.
struct BoolAggState {
  int64_t aggcount;
  int64_t aggtrue;
};

BoolAggState* GetBoolState(FunctionCallInfo* f, const char* name) {
  MemoryContext* context = RequireAggContext(f, name);
  if (f->ArgIsNull(0)) {
    auto* state = static_cast<BoolAggState*>(context->AllocZero(sizeof(BoolAggState)));
    return state;
  }
  return DatumGetPointer<BoolAggState>(f->Arg(0));
}

Datum BoolAccum(FunctionCallInfo* f) {
  BoolAggState* state = GetBoolState(f, "bool_accum");
  if (!f->ArgIsNull(1)) {
    ++state->aggcount;
    if (f->ArgBool(1)) ++state->aggtrue;
  }
  return PointerGetDatum(state);
}

Datum BoolAccumInv(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) {
    throw Error(errcode::kInternalError, "bool_accum_inv called with NULL state");
  }
  BoolAggState* state = GetBoolState(f, "bool_accum_inv");
  if (!f->ArgIsNull(1)) {
    --state->aggcount;
    if (f->ArgBool(1)) --state->aggtrue;
  }
  return PointerGetDatum(state);
}

Datum BoolAllTrue(FunctionCallInfo* f) {
  const auto* state = f->ArgPointer<BoolAggState>(0);
  if (state->aggcount == 0) return f->ReturnNull();
  return BoolGetDatum(state->aggtrue == state->aggcount);
}

Datum BoolAnyTrue(FunctionCallInfo* f) {
  const auto* state = f->ArgPointer<BoolAggState>(0);
  if (state->aggcount == 0) return f->ReturnNull();
  return BoolGetDatum(state->aggtrue > 0);
}

const BuiltinFunction kBoolBuiltins[] = {
    {"boolin", BoolIn, 1},
    {"boolout", BoolOut, 1},
    {"boolrecv", BoolRecv, 1},
    {"boolsend", BoolSend, 1},
    {"booltext", BoolText, 1},
    {"booleq", BoolEq, 2},
    {"boolne", BoolNe, 2},
    {"boollt", BoolLt, 2},
    {"boolle", BoolLe, 2},
    {"boolgt", BoolGt, 2},
    {"boolge", BoolGe, 2},
    {"btboolcmp", BtBoolCmp, 2},
    {"int4_bool", Int4Bool, 1},
    {"bool_int4", BoolInt4, 1},
    {"booland_statefunc", BoolAndStateFunc, 2},
    {"boolor_statefunc", BoolOrStateFunc, 2},
    {"bool_accum", BoolAccum, 2},
    {"bool_accum_inv", BoolAccumInv, 2},
    {"bool_alltrue", BoolAllTrue, 1},
    {"bool_anytrue", BoolAnyTrue, 1},
};

}  // namespace

std::span<const BuiltinFunction> BoolBuiltins() {
  return kBoolBuiltins;
}

}  // namespace hyrax::executor
