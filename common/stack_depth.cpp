// Stack depth checking; see stack_depth.h.
#include "common/stack_depth.h"

#include <cstdint>

#include <fmt/format.h>
#include <sys/resource.h>

#include "common/error.h"

namespace hyrax {

int g_max_stack_depth_kb = 2048;

namespace {

const char* g_stack_base = nullptr;

}  // namespace

void SetStackBase() {
  char here = 0;
  // The address of a local is good enough as the stack's bottom: frames above main() are
  // few and small.
  g_stack_base = static_cast<const char*>(__builtin_frame_address(0));
  (void)here;
}

long RaiseStackLimit(long bytes) {
  struct rlimit limit {};
  if (getrlimit(RLIMIT_STACK, &limit) != 0) return -1;
  rlim_t want = static_cast<rlim_t>(bytes);
  if (limit.rlim_max != RLIM_INFINITY && want > limit.rlim_max) want = limit.rlim_max;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= want) {
    return limit.rlim_cur == RLIM_INFINITY ? bytes : static_cast<long>(limit.rlim_cur);
  }
  limit.rlim_cur = want;
  if (setrlimit(RLIMIT_STACK, &limit) != 0) return -1;
  return static_cast<long>(want);
}

void CheckStackDepth() {
  if (g_stack_base == nullptr) return;
  const char* here = static_cast<const char*>(__builtin_frame_address(0));
  intptr_t depth = g_stack_base - here;  // the stack grows down on every supported platform
  if (depth < 0) depth = -depth;
  if (depth > static_cast<intptr_t>(g_max_stack_depth_kb) * 1024) {
    throw Error(errcode::kStatementTooComplex, "stack depth limit exceeded")
        .Hint(fmt::format("Increase the configuration parameter \"max_stack_depth\" (currently "
                          "{}kB), after ensuring the platform's stack depth limit is adequate.",
                          g_max_stack_depth_kb));
  }
}

}  // namespace hyrax
