// The set-returning function protocol (PostgreSQL's ReturnSetInfo / FuncCallContext). The
// caller allocates a ReturnSetInfo per call site, points FunctionCallInfo::resultinfo at it,
// and calls the function repeatedly:
//  - value-per-call: each call returns one row and sets is_done = kMultipleResult, until a
//    call sets kEndResult (its return value is ignored). State lives in `srf_state`.
//  - materialize: the first call fills `materialized` with every row and sets return_mode.
// See executor/functions/README.md "Set-returning functions".
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/memory_context.h"
#include "executor/functions/fmgr.h"

namespace hyrax::executor {

enum class SetFunctionMode : uint8_t {
  kValuePerCall = 1,
  kMaterialize = 2,
};

enum class ExprDoneCond : uint8_t {
  kSingleResult,    // not a set: the one result is the value
  kMultipleResult,  // this call returned one row of a set; call again
  kEndResult,       // the set is exhausted; the return value is meaningless
};

// Per-set state of a value-per-call function (PostgreSQL's FuncCallContext). Created by
// SrfFirstCall, destroyed when the set ends or the caller resets its ReturnSetInfo.
struct SrfState {
  uint64_t call_counter = 0;   // rows returned so far
  uint64_t max_calls = 0;      // optional bound set by the function
  void* user_state = nullptr;  // function-owned, allocated in `memory`
  // Optional: called on user_state when the set ends or is abandoned, for states that own
  // heap memory (C++ objects placed in `memory`).
  void (*destroy_user_state)(void*) = nullptr;
  // Holds user_state and anything else that must survive between calls of this set.
  MemoryContext memory{"SRF multi-call context"};

  SrfState() = default;
  SrfState(const SrfState&) = delete;
  SrfState& operator=(const SrfState&) = delete;
  ~SrfState() {
    if (destroy_user_state != nullptr && user_state != nullptr) destroy_user_state(user_state);
  }
};

// Rows of a materialize-mode result. Each row has `natts` values; by-reference values are
// allocated in `memory`.
struct MaterializedSet {
  explicit MaterializedSet(int columns) : natts(columns) {}
  int natts;
  std::vector<NullableDatum> values;  // row-major, natts per row
  MemoryContext memory{"SRF materialized rows"};

  size_t RowCount() const { return natts == 0 ? 0 : values.size() / natts; }
  void AppendRow(const NullableDatum* row) { values.insert(values.end(), row, row + natts); }
};

struct ReturnSetInfo {
  // Set by the caller.
  uint8_t allowed_modes = static_cast<uint8_t>(SetFunctionMode::kValuePerCall) |
                          static_cast<uint8_t>(SetFunctionMode::kMaterialize);
  // Set by the function.
  SetFunctionMode return_mode = SetFunctionMode::kValuePerCall;
  ExprDoneCond is_done = ExprDoneCond::kSingleResult;
  std::unique_ptr<SrfState> srf_state;            // value-per-call state
  std::unique_ptr<MaterializedSet> materialized;  // materialize-mode result

  bool Allows(SetFunctionMode mode) const {
    return (allowed_modes & static_cast<uint8_t>(mode)) != 0;
  }
  // Forgets any set in progress (rescan, or abandoning a set early).
  void Reset() {
    srf_state.reset();
    materialized.reset();
    return_mode = SetFunctionMode::kValuePerCall;
    is_done = ExprDoneCond::kSingleResult;
  }
};

// Value-per-call helpers, used as:
//   SrfState* st = SrfIsFirstCall(fcinfo) ? SrfFirstCall(fcinfo) : SrfPerCall(fcinfo);
//   if (more) return SrfReturnNext(fcinfo, st, value);
//   return SrfReturnDone(fcinfo);
// Requires: fcinfo->resultinfo is set and allows value-per-call; otherwise these throw 0A000
// "set-valued function called in context that cannot accept a set".
bool SrfIsFirstCall(const FunctionCallInfo* fcinfo);
SrfState* SrfFirstCall(FunctionCallInfo* fcinfo);
SrfState* SrfPerCall(FunctionCallInfo* fcinfo);
Datum SrfReturnNext(FunctionCallInfo* fcinfo, SrfState* state, Datum value);
Datum SrfReturnNextNull(FunctionCallInfo* fcinfo, SrfState* state);
Datum SrfReturnDone(FunctionCallInfo* fcinfo);

}  // namespace hyrax::executor
