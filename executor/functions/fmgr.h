// The function manager (PostgreSQL's fmgr): how every built-in function is called. A built-in
// is a PGFunction taking a FunctionCallInfo (arguments with null flags, collation, call
// context) and returning a Datum. FmgrInfo is the per-call-site lookup result, set up once
// (FmgrInfoForOid, executor/functions/fmgr_catalog.h) and reused for every row.
// See executor/functions/README.md "Calling convention".
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"
#include "common/memory_context.h"
#include "common/varlena.h"

namespace hyrax::executor {

struct FunctionCallInfo;
struct CallContext;
struct ReturnSetInfo;

// A built-in function. Pass-by-reference results are allocated with Palloc in the current
// memory context; the function must not modify its by-reference arguments.
using PGFunction = Datum (*)(FunctionCallInfo* fcinfo);

// PostgreSQL's FUNC_MAX_ARGS.
inline constexpr int kFuncMaxArgs = 100;

// What a call site knows about the function it calls. Built once per call site, then reused.
struct FmgrInfo {
  PGFunction fn_addr = nullptr;
  Oid fn_oid = kInvalidOid;
  int16_t fn_nargs = 0;      // pronargs
  bool fn_strict = true;     // proisstrict: the caller skips the call when an argument is null
  bool fn_retset = false;    // proretset: call through the set-returning protocol (srf.h)
  const char* fn_name = "";  // prosrc of the built-in (static storage), for messages
  // Function-private cache that lives as long as this FmgrInfo (e.g. parsed format strings,
  // type I/O lookups). Allocated by the function in fn_mcxt; nullptr until first use.
  void* fn_extra = nullptr;
  // Context for fn_extra and anything that must survive across calls (the query context).
  // Falls back to the current context when null.
  MemoryContext* fn_mcxt = nullptr;
  // C++ state owned by this call site and released with it (a SQL function's plans).
  std::shared_ptr<void> fn_owned;
  // Actual argument types at this call site, set by the expression compiler. Needed by
  // functions declared with polymorphic or "any" arguments (concat, format, array_append ...);
  // empty when unknown.
  std::vector<Oid> fn_argtypes;
  Oid fn_rettype = kInvalidOid;  // actual result type at this call site (0 = unknown)
};

struct NullableDatum {
  Datum value = 0;
  bool isnull = false;
};

// One call's arguments and results. The caller builds it once per call site (see
// LocalFunctionCallInfo and MakeFunctionCallInfo) and refills `args` for each row: a call
// allocates nothing by itself.
struct FunctionCallInfo {
  FmgrInfo* flinfo = nullptr;
  CallContext* context = nullptr;       // aggregate / window call context, else nullptr
  ReturnSetInfo* resultinfo = nullptr;  // set-returning protocol (srf.h), else nullptr
  Oid fncollation = kInvalidOid;        // input collation of the call
  bool isnull = false;                  // set by the function when it returns NULL
  int16_t nargs = 0;
  NullableDatum* args = nullptr;  // `nargs` entries, storage owned by the builder

  Datum Arg(int i) const { return args[i].value; }
  bool ArgIsNull(int i) const { return args[i].isnull; }
  bool ArgBool(int i) const { return DatumGetBool(args[i].value); }
  char ArgChar(int i) const { return DatumGetChar(args[i].value); }
  int16_t ArgInt16(int i) const { return DatumGetInt16(args[i].value); }
  int32_t ArgInt32(int i) const { return DatumGetInt32(args[i].value); }
  int64_t ArgInt64(int i) const { return DatumGetInt64(args[i].value); }
  uint32_t ArgUInt32(int i) const { return DatumGetUInt32(args[i].value); }
  Oid ArgOid(int i) const { return DatumGetObjectId(args[i].value); }
  float ArgFloat4(int i) const { return DatumGetFloat4(args[i].value); }
  double ArgFloat8(int i) const { return DatumGetFloat8(args[i].value); }
  // A cstring argument (input functions): NUL-terminated.
  const char* ArgCString(int i) const { return DatumGetPointer<const char>(args[i].value); }
  // The payload of a varlena argument (text, varchar, bpchar, bytea ...).
  std::string_view ArgText(int i) const { return DatumGetTextView(args[i].value); }
  template <typename T>
  const T* ArgPointer(int i) const {
    return DatumGetPointer<const T>(args[i].value);
  }
  // The actual type of argument i at the call site, or kInvalidOid when unknown.
  Oid ArgType(int i) const;

  // `return fcinfo->ReturnNull();` returns SQL NULL.
  Datum ReturnNull() {
    isnull = true;
    return 0;
  }
};

// A FunctionCallInfo with inline storage for N arguments, for stack use:
//   LocalFunctionCallInfo<2> call(&flinfo, collation);
//   call.SetArg(0, a); call.SetArg(1, b); Datum r = FunctionCallInvoke(&call.fcinfo);
template <int N>
struct LocalFunctionCallInfo {
  explicit LocalFunctionCallInfo(FmgrInfo* flinfo = nullptr, Oid collation = kInvalidOid) {
    fcinfo.flinfo = flinfo;
    fcinfo.fncollation = collation;
    fcinfo.nargs = N;
    fcinfo.args = storage;
  }
  LocalFunctionCallInfo(const LocalFunctionCallInfo&) = delete;
  LocalFunctionCallInfo& operator=(const LocalFunctionCallInfo&) = delete;

  void SetArg(int i, Datum value, bool isnull = false) { storage[i] = {value, isnull}; }

  NullableDatum storage[N > 0 ? N : 1];
  FunctionCallInfo fcinfo;
};

// Allocates a FunctionCallInfo with room for `nargs` arguments in `context` (the expression
// state's context). Lives as long as that context.
FunctionCallInfo* MakeFunctionCallInfo(MemoryContext* context, FmgrInfo* flinfo, int nargs,
                                       Oid collation);

// Calls fcinfo->flinfo->fn_addr after clearing fcinfo->isnull. The caller handles strictness
// (no call when a strict function has a null argument). Throws whatever the function throws.
inline Datum FunctionCallInvoke(FunctionCallInfo* fcinfo) {
  fcinfo->isnull = false;
  return fcinfo->flinfo->fn_addr(fcinfo);
}

// Fills `flinfo` for a built-in called directly (no catalog row): fn_oid stays 0.
void FmgrInfoForBuiltin(PGFunction fn, int16_t nargs, FmgrInfo* flinfo);

// Calls `fn` with non-null arguments and a throwaway FmgrInfo, like PostgreSQL's
// DirectFunctionCallN. Throws XX000 when the function returns NULL.
Datum DirectFunctionCallArray(PGFunction fn, Oid collation, const Datum* args, int nargs);

template <typename... Args>
Datum DirectFunctionCall(PGFunction fn, Args... args) {
  const Datum values[] = {static_cast<Datum>(args)..., 0};
  return DirectFunctionCallArray(fn, kInvalidOid, values, static_cast<int>(sizeof...(Args)));
}
template <typename... Args>
Datum DirectFunctionCallColl(PGFunction fn, Oid collation, Args... args) {
  const Datum values[] = {static_cast<Datum>(args)..., 0};
  return DirectFunctionCallArray(fn, collation, values, static_cast<int>(sizeof...(Args)));
}

// Calls the function behind `flinfo` with non-null arguments (PostgreSQL's FunctionCallNColl).
// Throws XX000 when it returns NULL.
Datum FunctionCallArray(FmgrInfo* flinfo, Oid collation, const Datum* args, int nargs);

template <typename... Args>
Datum FunctionCall(FmgrInfo* flinfo, Oid collation, Args... args) {
  const Datum values[] = {static_cast<Datum>(args)..., 0};
  return FunctionCallArray(flinfo, collation, values, static_cast<int>(sizeof...(Args)));
}

// The context for memory that must outlive one call of `fcinfo`'s function: fn_mcxt, or the
// current context when the call site gave none.
MemoryContext* FunctionMemoryContext(const FunctionCallInfo* fcinfo);

}  // namespace hyrax::executor
