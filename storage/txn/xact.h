// Transactions and the transaction-block state machine (PostgreSQL's xact.c): implicit
// single-statement transactions, BEGIN/COMMIT/ROLLBACK blocks, the failed-block state
// (25P02 until ROLLBACK), command ids, commit/abort records, and callbacks other
// subsystems register for their end-of-transaction work (invalidations, pending file
// deletions, portal and cursor cleanup).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/ids.h"
#include "common/relfile.h"

namespace hyrax::storage {

enum class IsolationLevel : uint8_t {
  kReadUncommitted,
  kReadCommitted,
  kRepeatableRead,
  kSerializable
};

// GUCs bound by the server's GUC table.
extern IsolationLevel g_default_isolation_level;
extern bool g_default_transaction_read_only;
extern bool g_default_transaction_deferrable;
extern bool g_synchronous_commit;

// ---- Per statement (called by the backend loop around every statement) ----

// Starts a transaction if none is open (implicit transaction or inside a block).
void StartTransactionCommand();
// Ends the statement: commits an implicit transaction; inside a block, just advances the
// command counter. Also completes BEGIN/COMMIT/ROLLBACK state changes made by the
// statement.
void CommitTransactionCommand();
// After an ERROR: aborts the transaction. Inside a block the block enters the failed state
// (TransactionBlockStatus() == 'E') until ROLLBACK; otherwise it is cleaned up entirely.
void AbortCurrentTransaction();

// ---- Transaction-control statements (take effect at CommitTransactionCommand) ----

// BEGIN / START TRANSACTION. Inside a block: WARNING "there is already a transaction in
// progress" (25001), as PostgreSQL.
void BeginTransactionBlock();
// COMMIT / END. Returns false when the block had failed (the commit becomes a rollback and
// the tag is ROLLBACK). Outside a block: WARNING 25P01 "there is no transaction in progress".
// With `chain` (COMMIT AND CHAIN) a new block with the same isolation level and read-only
// setting starts right after; outside a block that is ERROR 25P01 "COMMIT AND CHAIN can only
// be used in transaction blocks".
bool EndTransactionBlock(bool chain = false);
// ROLLBACK / ABORT [AND CHAIN]. Outside a block: WARNING 25P01 "there is no transaction in
// progress" (ERROR 25P01 with `chain`).
void UserAbortTransactionBlock(bool chain = false);
// A simple-Query message with several statements runs them in one implicit block (as
// PostgreSQL's exec_simple_query): Begin after the first StartTransactionCommand, End
// before the last CommitTransactionCommand. No-ops outside the matching state.
void BeginImplicitTransactionBlock();
void EndImplicitTransactionBlock();
// SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT (3B001 when the name is unknown;
// 25P01 "... can only be used in transaction blocks" outside BEGIN ... COMMIT). Savepoints
// are real subtransactions; ROLLBACK TO keeps the savepoint.
void DefineSavepoint(const std::string& name);
void ReleaseSavepoint(const std::string& name);
void RollbackToSavepoint(const std::string& name);
// Unnamed subtransactions that code opens and closes itself (PostgreSQL's
// BeginInternalSubTransaction, ReleaseCurrentSubTransaction and
// RollbackAndReleaseCurrentSubTransaction), e.g. a PL/pgSQL block with an EXCEPTION clause.
// Usable inside and outside transaction blocks while a transaction is open; each Begin must be
// paired with exactly one Release or RollbackAndRelease, innermost first.
void BeginInternalSubTransaction();
void ReleaseCurrentSubTransaction();
void RollbackAndReleaseCurrentSubTransaction();
// SET TRANSACTION ISOLATION LEVEL / READ ONLY / READ WRITE for the current transaction.
// Throws 25001 when the transaction already took a snapshot (as PostgreSQL).
void SetTransactionIsolation(IsolationLevel level);
void SetTransactionReadOnly(bool read_only);
// SET TRANSACTION [NOT] DEFERRABLE: only recorded (it matters for SERIALIZABLE READ ONLY
// transactions, which Hyrax runs as REPEATABLE READ); 25001 in a subtransaction or after
// the first query, as PostgreSQL.
void SetTransactionDeferrable(bool deferrable);
bool TransactionDeferrable();
IsolationLevel CurrentIsolationLevel();
bool IsolationUsesXactSnapshot();  // REPEATABLE READ or SERIALIZABLE
bool TransactionReadOnly();
// Throws 25006 "cannot execute <cmd_name> in a read-only transaction" when read-only.
void PreventCommandIfReadOnly(const char* cmd_name);

// ---- State queries ----

// 'I' idle, 'T' in a block, 'E' in a failed block (ReadyForQuery status byte).
char TransactionBlockStatus();
bool IsTransactionBlock();
bool IsTransactionState();  // some transaction is open
bool IsAbortedTransactionBlockState();
// Throws 25001 when called inside a transaction block (VACUUM, CREATE DATABASE ...).
void PreventInTransactionBlock(const char* statement_name);
// Throws 25P01 "<statement_name> can only be used in transaction blocks" outside a block
// (LOCK TABLE, DECLARE without HOLD ...).
void RequireTransactionBlock(const char* statement_name);
// The same as a WARNING (SET TRANSACTION, SET LOCAL outside a block).
void WarnNoTransactionBlock(const char* statement_name);

// ---- Ids ----

// The current top-level (or subtransaction) xid, assigning one on first use (parents first;
// each new xid is locked with XactLockTableInsert). Requires: a transaction is open and it
// is not read-only (25006 otherwise).
TransactionId GetCurrentTransactionId();
TransactionId GetCurrentTransactionIdIfAny();
TransactionId GetTopTransactionIdIfAny();
// Command id of the current command; `used` marks that it changed data (so the next
// CommandCounterIncrement actually advances).
CommandId GetCurrentCommandId(bool used);
// Makes the current command's changes visible to the next (PostgreSQL's
// CommandCounterIncrement); also processes local catalog invalidations through the
// hooks of RegisterCommandCounterHook. Does nothing when the current command id was not
// marked used (as PostgreSQL). Throws 54000 past 2^32-2 commands.
void CommandCounterIncrement();
// Start time of the transaction / statement (now(), statement_timestamp()), µs since
// 2000-01-01 (PostgreSQL's TimestampTz).
int64_t GetCurrentTransactionStartTimestamp();
int64_t GetCurrentStatementStartTimestamp();
void SetCurrentStatementStartTimestamp();

// ---- End-of-transaction work of other subsystems ----

// Runs `hook` at every CommandCounterIncrement, before the new command id is used (the
// catalog applies this transaction's pending invalidations to its own caches there).
// Hooks run in registration order and may throw.
void RegisterCommandCounterHook(std::function<void()> hook);

enum class XactEvent { kPreCommit, kCommit, kAbort, kSubCommit, kSubAbort };
// Callbacks run in registration order; they must not throw at kCommit/kAbort/kSubAbort
// (an exception there is logged and ignored). kPreCommit runs before the commit record and
// may throw (the transaction then aborts); kSubCommit runs at RELEASE before the subxact's
// state moves to its parent and may throw.
void RegisterXactCallback(std::function<void(XactEvent)> callback);
// Files to remove when the transaction ends: created relations are removed at abort,
// dropped relations at commit (PostgreSQL's pending deletes). Logged in the commit/abort
// record so redo repeats the removal.
void ScheduleRelationDelete(const RelFileLocator& locator, bool at_commit);

}  // namespace hyrax::storage
