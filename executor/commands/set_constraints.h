// SET CONSTRAINTS {ALL | name [, ...]} {DEFERRED | IMMEDIATE} (PostgreSQL's
// AfterTriggerSetState): resolves the names through the search path and hands the mode to
// executor/exec/constraint_deferral.h for the rest of the transaction.
#pragma once

#include "nodes/utility_stmts.h"

namespace hyrax::executor::commands {

// Outside a transaction block: WARNING 25P01 (the setting ends with the statement).
// Throws 42704 for a name no constraint has in the first schema of the path that has it,
// 42809 when a constraint so named is not deferrable and DEFERRED is asked, 3F000 for an
// unknown schema, and the re-checks' errors (23505) when switching to IMMEDIATE.
void SetConstraints(const nodes::ConstraintsSetStmt& stmt);

}  // namespace hyrax::executor::commands
