// Internal state of the transaction machinery (PostgreSQL's TransactionStateData and the
// TBLOCK_* / TRANS_* states), shared by the xact_*.cpp files. Not for use outside
// storage/txn: everything public is in storage/txn/xact.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/ids.h"
#include "common/relfile.h"
#include "storage/txn/xact.h"

namespace hyrax::storage::xact_internal {

// Low-level state of one (sub)transaction (PostgreSQL's TransState).
enum class TransState { kDefault, kStart, kInProgress, kCommit, kAbort };

// Transaction-block state (PostgreSQL's TBlockState), driven by the per-statement calls.
enum class BlockState {
  kDefault,             // idle, no transaction
  kStarted,             // running a single-statement (implicit) transaction
  kBegin,               // BEGIN seen, takes effect at CommitTransactionCommand
  kInProgress,          // inside BEGIN ... COMMIT
  kImplicitInProgress,  // inside a multi-statement Query message
  kEnd,                 // COMMIT seen
  kAbort,               // failed block, waiting for ROLLBACK
  kAbortEnd,            // failed block, ROLLBACK seen
  kAbortPending,        // live block, ROLLBACK seen
  kSubBegin,            // SAVEPOINT seen
  kSubInProgress,       // live subtransaction
  kSubRelease,          // RELEASE seen
  kSubCommit,           // COMMIT seen while in a subtransaction
  kSubAbort,            // failed subtransaction, waiting for ROLLBACK (TO)
  kSubAbortEnd,         // failed subtransaction, ROLLBACK seen
  kSubAbortPending,     // live subtransaction, ROLLBACK seen
  kSubRestart,          // live subtransaction, ROLLBACK TO seen
  kSubAbortRestart,     // failed subtransaction, ROLLBACK TO seen
};

struct TransactionState {
  TransactionId xid = kInvalidTransactionId;  // assigned on first write
  std::string name;                           // savepoint name (subtransactions)
  int nest_level = 1;                         // 1 = top level
  TransState state = TransState::kDefault;
  BlockState block_state = BlockState::kDefault;
  // Xids of committed child subtransactions (and their children), ascending.
  std::vector<TransactionId> child_xids;
  bool prev_read_only = false;  // read-only setting to restore when this subxact ends
  bool chain = false;           // top level: COMMIT/ROLLBACK AND CHAIN starts a new block
  TransactionState* parent = nullptr;
};

struct PendingDelete {
  RelFileLocator locator;
  bool at_commit;  // true: DROP (delete at commit); false: CREATE (delete at abort)
  int nest_level;  // subtransaction that scheduled it
};

// The top-level state object (always exists) and the innermost current one.
TransactionState& TopState();
TransactionState& CurrentState();
bool IsSubTransaction();

// Per-transaction variables of xact_ids.cpp.
void ResetTransactionVariables(int64_t start_timestamp);
void SetReadOnly(bool read_only);
bool ReadOnly();

// Lifecycle (xact_lifecycle.cpp, xact_subxact.cpp), PostgreSQL's functions of the same names.
void StartTransaction();
void CommitTransaction();
void AbortTransaction();
void CleanupTransaction();
// Pushes a new subtransaction state in kSubBegin (DefineSavepoint); PopTransaction drops
// the current one (end of Commit/CleanupSubTransaction).
void PushTransaction();
void PopTransaction();
void StartSubTransaction();
void CommitSubTransaction();
void AbortSubTransaction();
void CleanupSubTransaction();

// xid assignment (xact_ids.cpp): assigns xids to `state` and any parent lacking one.
void AssignTransactionId(TransactionState& state);

// End-of-(sub)transaction bookkeeping of xact_ids.cpp.
void CallXactCallbacks(XactEvent event) noexcept;  // logs and ignores exceptions
void CallXactCallbacksMayThrow(XactEvent event);
std::vector<PendingDelete>& PendingDeletes();
// Deletes (or forgets) pending deletes at the end of the level `nest_level` and returns the
// locators whose files must go now. `is_commit`: top-level commit semantics.
std::vector<RelFileLocator> TakePendingDeletes(bool is_commit, int nest_level);
// Removes the files now (after the commit/abort record): buffers first, then the files.
// Errors become WARNINGs: the transaction outcome is already decided.
void DoPendingDeletes(const std::vector<RelFileLocator>& locators) noexcept;

}  // namespace hyrax::storage::xact_internal
