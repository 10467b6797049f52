// Deferrable constraints (PostgreSQL's after-trigger queue for unique_key_recheck and the
// SET CONSTRAINTS state of trigger.c). A deferrable unique index lets a duplicate key in and
// the row goes on the statement's list (ExecState::unique_rechecks); at the end of the
// statement each row is re-checked against the index when its constraint is immediate, or
// kept for later while it is deferred. SET CONSTRAINTS changes the mode for the rest of the
// transaction (IMMEDIATE re-checks the kept rows at once); COMMIT re-checks everything left
// before the commit record and fails with the violation. State is per backend and
// transaction.
#pragma once

#include <optional>
#include <vector>

#include "common/ids.h"
#include "executor/exec/exec_state.h"

namespace hyrax::executor {

// End of a statement: re-checks the rows of estate->unique_rechecks whose constraints are
// immediate now, keeps the others until SET CONSTRAINTS IMMEDIATE or COMMIT, and clears the
// list. Throws 23505 "duplicate key value violates unique constraint" for a live duplicate.
void ProcessUniqueRechecks(ExecState* estate);

// SET CONSTRAINTS: `constraints` (pg_constraint OIDs of deferrable constraints) or, when
// nullopt, ALL become deferred or immediate until the transaction ends. Switching to
// IMMEDIATE re-checks the kept rows of those constraints now (throws as above).
void SetConstraintsDeferral(const std::optional<std::vector<Oid>>& constraints, bool deferred);

// Whether rows of table `relid` wait for a deferred re-check (TRUNCATE refuses then).
bool HasDeferredRechecks(Oid relid);

// Whether constraint `conoid` (DEFERRABLE; `initially_deferred` its condeferred) is deferred
// now, after the transaction's SET CONSTRAINTS commands.
bool ConstraintIsDeferred(Oid conoid, bool initially_deferred);

}  // namespace hyrax::executor
