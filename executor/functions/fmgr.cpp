// Function-manager plumbing: call-info allocation and the DirectFunctionCall / FunctionCall
// helpers (see executor/functions/fmgr.h).
#include "executor/functions/fmgr.h"

#include <new>
#include <string>

#include "common/assert.h"
#include "common/error.h"
#include "executor/functions/call_context.h"

namespace hyrax::executor {

Oid FunctionCallInfo::ArgType(int i) const {
  if (flinfo == nullptr || i < 0 || static_cast<size_t>(i) >= flinfo->fn_argtypes.size()) {
    return kInvalidOid;
  }
  return flinfo->fn_argtypes[i];
}

FunctionCallInfo* MakeFunctionCallInfo(MemoryContext* context, FmgrInfo* flinfo, int nargs,
                                       Oid collation) {
  void* mem = context->AllocZero(sizeof(FunctionCallInfo));
  auto* fcinfo = new (mem) FunctionCallInfo();
  fcinfo->flinfo = flinfo;
  fcinfo->fncollation = collation;
  fcinfo->nargs = static_cast<int16_t>(nargs);
  if (nargs > 0) {
    fcinfo->args = static_cast<NullableDatum*>(context->AllocZero(sizeof(NullableDatum) * nargs));
  }
  return fcinfo;
}

void FmgrInfoForBuiltin(PGFunction fn, int16_t nargs, FmgrInfo* flinfo) {
  *flinfo = FmgrInfo();
  flinfo->fn_addr = fn;
  flinfo->fn_nargs = nargs;
}

namespace {

Datum CallWithArgs(FmgrInfo* flinfo, Oid collation, const Datum* args, int nargs) {
  HYRAX_CHECK(nargs >= 0 && nargs <= kFuncMaxArgs, "too many function arguments");
  LocalFunctionCallInfo<kFuncMaxArgs> call(flinfo, collation);
  call.fcinfo.nargs = static_cast<int16_t>(nargs);
  for (int i = 0; i < nargs; ++i) call.SetArg(i, args[i]);
  Datum result = FunctionCallInvoke(&call.fcinfo);
  if (call.fcinfo.isnull) {
    throw MakeError(errcode::kInternalError, "function {} returned NULL",
                    flinfo->fn_oid != kInvalidOid ? std::to_string(flinfo->fn_oid)
                                                  : std::string(flinfo->fn_name));
  }
  return result;
}

}  // namespace

Datum DirectFunctionCallArray(PGFunction fn, Oid collation, const Datum* args, int nargs) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(fn, static_cast<int16_t>(nargs), &flinfo);
  return CallWithArgs(&flinfo, collation, args, nargs);
}

Datum FunctionCallArray(FmgrInfo* flinfo, Oid collation, const Datum* args, int nargs) {
  return CallWithArgs(flinfo, collation, args, nargs);
}

MemoryContext* FunctionMemoryContext(const FunctionCallInfo* fcinfo) {
  if (fcinfo->flinfo != nullptr && fcinfo->flinfo->fn_mcxt != nullptr) {
    return fcinfo->flinfo->fn_mcxt;
  }
  return CurrentMemoryContext();
}

MemoryContext* AggCheckCallContext(const FunctionCallInfo* fcinfo) {
  if (fcinfo->context == nullptr) return nullptr;
  switch (fcinfo->context->kind) {
    case CallContextKind::kAggregate:
    case CallContextKind::kWindowAggregate:
      return static_cast<const AggregateCallContext*>(fcinfo->context)->aggcontext;
  }
  return nullptr;
}

MemoryContext* RequireAggContext(const FunctionCallInfo* fcinfo, const char* function_name) {
  MemoryContext* context = AggCheckCallContext(fcinfo);
  if (context == nullptr) {
    throw MakeError(errcode::kInternalError, "{} called in non-aggregate context", function_name);
  }
  return context;
}

}  // namespace hyrax::executor
