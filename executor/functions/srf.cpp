// Value-per-call helpers of the set-returning function protocol (see executor/functions/srf.h).
#include "executor/functions/srf.h"

#include "common/error.h"

namespace hyrax::executor {

namespace {

ReturnSetInfo* RequireValuePerCall(const FunctionCallInfo* fcinfo) {
  ReturnSetInfo* rsi = fcinfo->resultinfo;
  if (rsi == nullptr || !rsi->Allows(SetFunctionMode::kValuePerCall)) {
    throw Error(errcode::kFeatureNotSupported,
                "set-valued function called in context that cannot accept a set");
  }
  return rsi;
}

}  // namespace

bool SrfIsFirstCall(const FunctionCallInfo* fcinfo) {
  return RequireValuePerCall(fcinfo)->srf_state == nullptr;
}

SrfState* SrfFirstCall(FunctionCallInfo* fcinfo) {
  ReturnSetInfo* rsi = RequireValuePerCall(fcinfo);
  rsi->srf_state = std::make_unique<SrfState>();
  rsi->return_mode = SetFunctionMode::kValuePerCall;
  return rsi->srf_state.get();
}

SrfState* SrfPerCall(FunctionCallInfo* fcinfo) {
  return RequireValuePerCall(fcinfo)->srf_state.get();
}

Datum SrfReturnNext(FunctionCallInfo* fcinfo, SrfState* state, Datum value) {
  ++state->call_counter;
  fcinfo->resultinfo->is_done = ExprDoneCond::kMultipleResult;
  fcinfo->isnull = false;
  return value;
}

Datum SrfReturnNextNull(FunctionCallInfo* fcinfo, SrfState* state) {
  ++state->call_counter;
  fcinfo->resultinfo->is_done = ExprDoneCond::kMultipleResult;
  return fcinfo->ReturnNull();
}

Datum SrfReturnDone(FunctionCallInfo* fcinfo) {
  ReturnSetInfo* rsi = fcinfo->resultinfo;
  rsi->srf_state.reset();
  rsi->is_done = ExprDoneCond::kEndResult;
  return fcinfo->ReturnNull();
}

}  // namespace hyrax::executor
