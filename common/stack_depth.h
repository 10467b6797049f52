// Stack depth checking (PostgreSQL's check_stack_depth): recursive code — the analyzer, the
// node walkers, the expression compiler — calls CheckStackDepth() so that a deeply nested
// statement ends with ERROR 54001 instead of overflowing the stack and crashing the backend.
// The limit is the max_stack_depth setting, measured from the base recorded when the
// process started; the process's real stack limit is raised well above it at start
// (RaiseStackLimit) so that library code we cannot instrument (libpg_query's tree output,
// protobuf-c) has room for the same inputs.
#pragma once

namespace hyrax {

// max_stack_depth in kB (GUC, bound by the server's GUC table). PostgreSQL's default 2MB.
extern int g_max_stack_depth_kb;

// Records the current frame as the bottom of the stack. Call early in main() and again in
// each forked backend (whose stack bottom is the postmaster's).
void SetStackBase();

// Raises RLIMIT_STACK's soft limit (to the hard limit, at most `bytes`), so the main
// thread's stack may grow that far. Returns the new soft limit in bytes.
long RaiseStackLimit(long bytes);

// Throws Error 54001 "stack depth limit exceeded" when the stack has grown past
// max_stack_depth since SetStackBase(). Cheap: one address comparison.
void CheckStackDepth();

}  // namespace hyrax
