// Call contexts a caller can hand to a built-in through FunctionCallInfo::context, so that
// aggregate support functions can keep transition state across rows (PostgreSQL's
// AggCheckCallContext). See executor/functions/README.md "Aggregates".
#pragma once

#include <cstdint>

#include "common/memory_context.h"

namespace hyrax::executor {

struct FunctionCallInfo;

enum class CallContextKind : uint8_t { kAggregate, kWindowAggregate };

// Base of every call context; `kind` says which derived struct it is.
struct CallContext {
  explicit CallContext(CallContextKind k) : kind(k) {}
  CallContextKind kind;
};

// Set by the aggregate operator when it calls a transition, combine or final function.
struct AggregateCallContext : CallContext {
  explicit AggregateCallContext(MemoryContext* context,
                                CallContextKind k = CallContextKind::kAggregate)
      : CallContext(k), aggcontext(context) {}
  // Lives as long as the group's transition state: transition functions allocate
  // internal-typed state (and by-reference transition values) here.
  MemoryContext* aggcontext;
};

// The transition-state context when `fcinfo` is an aggregate (or window aggregate) call,
// nullptr otherwise (PostgreSQL's AggCheckCallContext).
MemoryContext* AggCheckCallContext(const FunctionCallInfo* fcinfo);

// Like AggCheckCallContext, but throws XX000 "<name> called in non-aggregate context" when
// not called as an aggregate (the check PostgreSQL's internal-state functions make).
MemoryContext* RequireAggContext(const FunctionCallInfo* fcinfo, const char* function_name);

}  // namespace hyrax::executor
