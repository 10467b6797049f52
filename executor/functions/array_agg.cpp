// Aggregates and set-returning functions over arrays and strings: array_agg (of scalars and
// of arrays), string_agg (text and bytea), unnest, string_to_table, generate_subscripts. Aggregate
// states live in the aggregate context and grow by copying; SRF state lives in the set's SrfState
// memory. See README.md "Arrays" and "Set-returning functions".
#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/call_context.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/srf.h"
#include "executor/functions/type_io.h"
#include "executor/types/array_type.h"

namespace hyrax::executor {

namespace {

// A growable array of T in a memory context (no destructor needed: the context owns it).
template <typename T>
struct ArenaVector {
  T* data = nullptr;
  size_t size = 0;
  size_t capacity = 0;

  void Push(MemoryContext* ctx, T value) {
    if (size == capacity) {
      size_t next = capacity == 0 ? 16 : capacity * 2;
      T* grown = static_cast<T*>(ctx->Alloc(sizeof(T) * next));
      if (size > 0) std::memcpy(grown, data, sizeof(T) * size);
      data = grown;
      capacity = next;
    }
    data[size++] = value;
  }
};

// Copies a by-reference value into `ctx` (PostgreSQL's datumCopy).
Datum CopyDatum(MemoryContext* ctx, Datum value, const ElementType& elem) {
  if (elem.typbyval) return value;
  size_t len = elem.typlen > 0     ? static_cast<size_t>(elem.typlen)
               : elem.typlen == -1 ? VarSize(DatumGetPointer<const void>(value))
                                   : std::strlen(DatumGetPointer<const char>(value)) + 1;
  void* copy = ctx->Alloc(len);
  std::memcpy(copy, DatumGetPointer<const void>(value), len);
  return PointerGetDatum(copy);
}

struct ArrayAggState {
  ElementType elem;
  ArenaVector<Datum> values;
  ArenaVector<bool> nulls;
  // array_agg(anyarray): dimensions of the first input.
  int ndim;
  int dims[kMaxArrayDims];
  int lbs[kMaxArrayDims];
  int64_t inputs;
};

ArrayAggState* GetArrayState(FunctionCallInfo* f, MemoryContext** ctx, const char* name,
                             bool of_arrays) {
  *ctx = RequireAggContext(f, name);
  if (!f->ArgIsNull(0)) return DatumGetPointer<ArrayAggState>(f->Arg(0));
  Oid type = f->ArgType(1);
  if (type == kInvalidOid) {
    throw Error(errcode::kInvalidParameterValue, "could not determine input data type");
  }
  auto* state = new ((*ctx)->AllocZero(sizeof(ArrayAggState))) ArrayAggState();
  state->elem = LookupTypeIo(of_arrays ? LookupTypeIo(type).typelem : type).storage;
  return state;
}

Datum ArrayAggTransfn(FunctionCallInfo* f) {
  MemoryContext* ctx;
  ArrayAggState* s = GetArrayState(f, &ctx, "array_agg_transfn", false);
  bool isnull = f->ArgIsNull(1);
  s->values.Push(ctx, isnull ? 0 : CopyDatum(ctx, f->Arg(1), s->elem));
  s->nulls.Push(ctx, isnull);
  return PointerGetDatum(s);
}

Datum ArrayAggFinalfn(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<ArrayAggState>(0);
  int dims[1] = {static_cast<int>(s->values.size)};
  int lbs[1] = {1};
  return ConstructArray(s->values.data, s->nulls.data, 1, dims, lbs, s->elem);
}

Datum ArrayAggArrayTransfn(FunctionCallInfo* f) {
  MemoryContext* ctx;
  ArrayAggState* s = GetArrayState(f, &ctx, "array_agg_array_transfn", true);
  if (f->ArgIsNull(1)) throw Error(errcode::kNullValueNotAllowed, "cannot accumulate null arrays");
  ArrayView v(f->Arg(1));
  if (v.ndim() == 0) throw Error(errcode::kArraySubscriptError, "cannot accumulate empty arrays");
  if (v.ndim() + 1 > kMaxArrayDims) {
    throw MakeError(errcode::kProgramLimitExceeded,
                    "number of array dimensions ({}) exceeds the maximum allowed ({})",
                    v.ndim() + 1, kMaxArrayDims);
  }
  if (s->inputs == 0) {
    s->ndim = v.ndim();
    for (int d = 0; d < v.ndim(); ++d) {
      s->dims[d] = v.dim(d);
      s->lbs[d] = v.lbound(d);
    }
  } else {
    bool same = s->ndim == v.ndim();
    for (int d = 0; same && d < v.ndim(); ++d)
      same = s->dims[d] == v.dim(d) && s->lbs[d] == v.lbound(d);
    if (!same) {
      throw Error(errcode::kArraySubscriptError,
                  "cannot accumulate arrays of different dimensionality");
    }
  }
  std::vector<Datum> values;
  std::vector<bool> nulls;
  v.Deconstruct(s->elem, &values, &nulls);
  for (size_t i = 0; i < values.size(); ++i) {
    s->values.Push(ctx, nulls[i] ? 0 : CopyDatum(ctx, values[i], s->elem));
    s->nulls.Push(ctx, nulls[i]);
  }
  ++s->inputs;
  return PointerGetDatum(s);
}

Datum ArrayAggArrayFinalfn(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<ArrayAggState>(0);
  int dims[kMaxArrayDims], lbs[kMaxArrayDims];
  dims[0] = static_cast<int>(s->inputs);
  lbs[0] = 1;
  for (int d = 0; d < s->ndim; ++d) {
    dims[d + 1] = s->dims[d];
    lbs[d + 1] = s->lbs[d];
  }
  return ConstructArray(s->values.data, s->nulls.data, s->ndim + 1, dims, lbs, s->elem);
}

// string_agg state: the bytes so far; the first value has no delimiter before it.
struct StringAggState {
  ArenaVector<char> bytes;
};

Datum StringAggTransfn(FunctionCallInfo* f) {
  MemoryContext* ctx = RequireAggContext(f, "string_agg_transfn");
  auto* s = f->ArgIsNull(0) ? nullptr : DatumGetPointer<StringAggState>(f->Arg(0));
  if (f->ArgIsNull(1)) return s == nullptr ? f->ReturnNull() : f->Arg(0);
  bool first = s == nullptr;
  if (first) s = new (ctx->AllocZero(sizeof(StringAggState))) StringAggState();
  if (!first && !f->ArgIsNull(2)) {
    for (char c : f->ArgText(2)) s->bytes.Push(ctx, c);
  }
  for (char c : f->ArgText(1)) s->bytes.Push(ctx, c);
  return PointerGetDatum(s);
}

Datum StringAggFinalfn(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  const auto* s = f->ArgPointer<StringAggState>(0);
  return TextDatum(std::string_view(s->bytes.data, s->bytes.size));
}

// unnest(anyarray): every element in storage order (value-per-call).
struct UnnestState {
  Datum* values;
  bool* nulls;
  size_t count;
  size_t next;
};

// Starts an unnest over `array` (copied into the set's memory so element Datums stay valid
// across calls); a null `array` gives an empty set.
void StartUnnest(SrfState* srf, const void* array) {
  MemoryContext* mem = &srf->memory;
  auto* st = static_cast<UnnestState*>(mem->AllocZero(sizeof(UnnestState)));
  srf->user_state = st;
  if (array == nullptr) return;
  void* copy = mem->Alloc(VarSize(array));
  std::memcpy(copy, array, VarSize(array));
  ArrayView view(PointerGetDatum(copy));
  std::vector<Datum> values;
  std::vector<bool> nulls;
  view.Deconstruct(LookupTypeIo(view.elemtype()).storage, &values, &nulls);
  st->count = values.size();
  st->values = static_cast<Datum*>(mem->Alloc(sizeof(Datum) * (st->count + 1)));
  st->nulls = static_cast<bool*>(mem->Alloc(st->count + 1));
  for (size_t i = 0; i < st->count; ++i) {
    st->values[i] = values[i];
    st->nulls[i] = nulls[i];
  }
}

Datum NextUnnested(FunctionCallInfo* f, SrfState* srf) {
  auto* st = static_cast<UnnestState*>(srf->user_state);
  if (st->next >= st->count) return SrfReturnDone(f);
  size_t i = st->next++;
  if (st->nulls[i]) return SrfReturnNextNull(f, srf);
  return SrfReturnNext(f, srf, st->values[i]);
}

Datum ArrayUnnest(FunctionCallInfo* f) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    srf = SrfFirstCall(f);
    StartUnnest(srf, DatumGetPointer<const void>(f->Arg(0)));
  } else {
    srf = SrfPerCall(f);
  }
  return NextUnnested(f, srf);
}

// string_to_table(text, delimiter [, null_string]): string_to_array's fields as rows.
// Non-strict: a NULL string gives no rows; a NULL delimiter splits into characters.
Datum TextToTable(FunctionCallInfo* f) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    srf = SrfFirstCall(f);
    const void* array = nullptr;
    if (!f->ArgIsNull(0)) {
      FmgrInfo split;
      FmgrInfoForBuiltin(BuiltinByName(f->nargs > 2 ? "text_to_array_null" : "text_to_array"),
                         f->nargs, &split);
      LocalFunctionCallInfo<3> call(&split, f->fncollation);
      call.fcinfo.nargs = f->nargs;
      for (int i = 0; i < f->nargs; ++i) call.SetArg(i, f->Arg(i), f->ArgIsNull(i));
      array = DatumGetPointer<const void>(FunctionCallInvoke(&call.fcinfo));
    }
    StartUnnest(srf, array);
  } else {
    srf = SrfPerCall(f);
  }
  return NextUnnested(f, srf);
}

// generate_subscripts(array, dim [, reverse]).
struct SubscriptState {
  int32_t next;
  int32_t last;
  int step;
};

Datum GenerateSubscripts(FunctionCallInfo* f) {
  SrfState* srf;
  if (SrfIsFirstCall(f)) {
    srf = SrfFirstCall(f);
    ArrayView v(f->Arg(0));
    int dim = f->ArgInt32(1);
    bool reverse = f->nargs > 2 && f->ArgBool(2);
    auto* st = static_cast<SubscriptState*>(srf->memory.AllocZero(sizeof(SubscriptState)));
    if (v.ndim() <= 0 || dim <= 0 || dim > v.ndim()) {
      st->next = 1;
      st->last = 0;
      st->step = 1;
    } else {
      int32_t lo = v.lbound(dim - 1), hi = v.lbound(dim - 1) + v.dim(dim - 1) - 1;
      st->next = reverse ? hi : lo;
      st->last = reverse ? lo : hi;
      st->step = reverse ? -1 : 1;
    }
    srf->user_state = st;
  } else {
    srf = SrfPerCall(f);
  }
  auto* st = static_cast<SubscriptState*>(srf->user_state);
  if (st->step > 0 ? st->next > st->last : st->next < st->last) return SrfReturnDone(f);
  int32_t value = st->next;
  st->next += st->step;
  return SrfReturnNext(f, srf, Int32GetDatum(value));
}

const BuiltinFunction kArrayAggBuiltins[] = {
    {"array_agg_transfn", ArrayAggTransfn, 2},
    {"array_agg_finalfn", ArrayAggFinalfn, 2},
    {"array_agg_array_transfn", ArrayAggArrayTransfn, 2},
    {"array_agg_array_finalfn", ArrayAggArrayFinalfn, 2},
    {"string_agg_transfn", StringAggTransfn, 3},
    {"string_agg_finalfn", StringAggFinalfn, 1},
    {"bytea_string_agg_transfn", StringAggTransfn, 3},
    {"bytea_string_agg_finalfn", StringAggFinalfn, 1},
    {"array_unnest", ArrayUnnest, 1},
    {"text_to_table", TextToTable, 2},
    {"text_to_table_null", TextToTable, 3},
    {"generate_subscripts", GenerateSubscripts, 3},
    {"generate_subscripts_nodir", GenerateSubscripts, 2},
};

}  // namespace

std::span<const BuiltinFunction> ArrayAggBuiltins() {
  return kArrayAggBuiltins;
}

}  // namespace hyrax::executor
