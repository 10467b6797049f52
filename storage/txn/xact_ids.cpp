// Per-transaction variables of the transaction machinery: the state stack, xid assignment,
// command ids, timestamps, isolation level and read-only mode, registered callbacks and
// pending file deletions (PostgreSQL's xact.c helpers and storage.c pending deletes).
#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "common/assert.h"
#include "common/error.h"
#include "common/logging.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/subtrans.h"
#include "storage/txn/transam.h"
#include "storage/txn/txn_internal.h"
#include "storage/txn/xact_state.h"

namespace hyrax::storage {

IsolationLevel g_default_isolation_level = IsolationLevel::kReadCommitted;
bool g_default_transaction_read_only = false;
bool g_default_transaction_deferrable = false;
bool g_synchronous_commit = true;

namespace xact_internal {

namespace {

// Index 0 is the top-level state; back() is the current (innermost) one.
std::vector<std::unique_ptr<TransactionState>>& Stack() {
  static std::vector<std::unique_ptr<TransactionState>> stack = [] {
    std::vector<std::unique_ptr<TransactionState>> init;
    init.push_back(std::make_unique<TransactionState>());
    return init;
  }();
  return stack;
}

struct XactVariables {
  CommandId current_cid = kFirstCommandId;
  bool cid_used = false;
  int64_t xact_start_ts = 0;
  int64_t stmt_start_ts = 0;
  bool stmt_start_ts_fresh = false;  // set since the last transaction started
  IsolationLevel isolation = IsolationLevel::kReadCommitted;
  bool read_only = false;
  bool deferrable = false;
};

XactVariables g_vars;
std::vector<std::function<void(XactEvent)>> g_xact_callbacks;
std::vector<std::function<void()>> g_cci_callbacks;
std::vector<PendingDelete> g_pending_deletes;

}  // namespace

TransactionState& TopState() {
  return *Stack().front();
}

TransactionState& CurrentState() {
  return *Stack().back();
}

bool IsSubTransaction() {
  return Stack().size() > 1;
}

void PushTransaction() {
  TransactionState& parent = CurrentState();
  auto child = std::make_unique<TransactionState>();
  child->nest_level = parent.nest_level + 1;
  child->parent = &parent;
  child->block_state = BlockState::kSubBegin;
  child->prev_read_only = g_vars.read_only;
  Stack().push_back(std::move(child));
}

void PopTransaction() {
  HYRAX_CHECK(Stack().size() > 1, "cannot pop the top-level transaction state");
  Stack().pop_back();
}

void ResetTransactionVariables(int64_t start_timestamp) {
  g_vars.current_cid = kFirstCommandId;
  g_vars.cid_used = false;
  if (!g_vars.stmt_start_ts_fresh) g_vars.stmt_start_ts = start_timestamp;
  g_vars.xact_start_ts = g_vars.stmt_start_ts;
  g_vars.stmt_start_ts_fresh = false;
  g_vars.isolation = g_default_isolation_level;
  g_vars.read_only = g_default_transaction_read_only;
  g_vars.deferrable = g_default_transaction_deferrable;
}

void SetReadOnly(bool read_only) {
  g_vars.read_only = read_only;
}

bool ReadOnly() {
  return g_vars.read_only;
}

void AssignTransactionId(TransactionState& state) {
  // Parents get their xids first so a child's xid always follows its parent's.
  std::vector<TransactionState*> chain;
  for (TransactionState* s = &state; s != nullptr && !TransactionIdIsValid(s->xid); s = s->parent) {
    chain.push_back(s);
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    TransactionState& s = **it;
    s.xid = GetNewTransactionId();
    if (s.parent != nullptr) SubTrans::SetParent(s.xid, s.parent->xid);
    // The xid lock belongs to the level the xid belongs to (released at its abort).
    LockManager::SetOwnerNestLevel(s.nest_level);
    try {
      XactLockTableInsert(s.xid);
    } catch (...) {
      LockManager::SetOwnerNestLevel(CurrentState().nest_level);
      throw;
    }
    LockManager::SetOwnerNestLevel(CurrentState().nest_level);
  }
}

void CallXactCallbacks(XactEvent event) noexcept {
  for (const auto& callback : g_xact_callbacks) {
    try {
      callback(event);
    } catch (const std::exception& e) {
      log::Warning("error in a transaction callback ignored: {}", e.what());
    }
  }
}

void CallXactCallbacksMayThrow(XactEvent event) {
  for (const auto& callback : g_xact_callbacks) callback(event);
}

std::vector<PendingDelete>& PendingDeletes() {
  return g_pending_deletes;
}

std::vector<RelFileLocator> TakePendingDeletes(bool is_commit, int nest_level) {
  std::vector<RelFileLocator> now;
  std::vector<PendingDelete> keep;
  for (const PendingDelete& p : g_pending_deletes) {
    if (p.nest_level < nest_level) {
      keep.push_back(p);
    } else if (p.at_commit == is_commit) {
      now.push_back(p.locator);
    }
  }
  g_pending_deletes = std::move(keep);
  return now;
}

void DoPendingDeletes(const std::vector<RelFileLocator>& locators) noexcept {
  for (const RelFileLocator& locator : locators) {
    try {
      BufferManager::DropRelation(locator);
      Smgr::UnlinkAllForks(locator);
    } catch (const std::exception& e) {
      log::Warning("could not remove relation files {}/{}/{}: {}", locator.spc_oid, locator.db_oid,
                   locator.rel_number, e.what());
    }
  }
}

}  // namespace xact_internal

using xact_internal::AssignTransactionId;
using xact_internal::CurrentState;
using xact_internal::g_cci_callbacks;
using xact_internal::g_pending_deletes;
using xact_internal::g_vars;
using xact_internal::g_xact_callbacks;
using xact_internal::IsSubTransaction;
using xact_internal::TopState;
using xact_internal::TransactionState;
using xact_internal::TransState;

TransactionId GetCurrentTransactionId() {
  TransactionState& s = CurrentState();
  HYRAX_CHECK(s.state == TransState::kInProgress,
              "cannot assign a transaction id outside a valid transaction");
  if (g_vars.read_only) {
    throw Error(errcode::kReadOnlySqlTransaction,
                "cannot execute this command in a read-only transaction");
  }
  if (!TransactionIdIsValid(s.xid)) AssignTransactionId(s);
  return s.xid;
}

TransactionId GetCurrentTransactionIdIfAny() {
  return CurrentState().xid;
}

TransactionId GetTopTransactionIdIfAny() {
  return TopState().xid;
}

bool TransactionIdIsCurrentTransactionId(TransactionId xid) {
  if (!TransactionIdIsNormal(xid)) return false;
  for (TransactionState* s = &CurrentState(); s != nullptr; s = s->parent) {
    if (s->state == TransState::kAbort || !TransactionIdIsValid(s->xid)) continue;
    if (s->xid == xid) return true;
    if (std::binary_search(s->child_xids.begin(), s->child_xids.end(), xid)) return true;
  }
  return false;
}

CommandId GetCurrentCommandId(bool used) {
  if (used) g_vars.cid_used = true;
  return g_vars.current_cid;
}

void CommandCounterIncrement() {
  if (!g_vars.cid_used) return;
  if (g_vars.current_cid + 1 == kInvalidCommandId) {
    throw Error(errcode::kProgramLimitExceeded,
                "cannot have more than 2^32-2 commands in a transaction");
  }
  ++g_vars.current_cid;
  g_vars.cid_used = false;
  UpdateActiveSnapshotCommandId();
  InvalidateCatalogSnapshot();
  for (const auto& callback : g_cci_callbacks) callback();
}

void RegisterCommandCounterHook(std::function<void()> callback) {
  g_cci_callbacks.push_back(std::move(callback));
}

int64_t GetCurrentTransactionStartTimestamp() {
  return g_vars.xact_start_ts;
}

int64_t GetCurrentStatementStartTimestamp() {
  return g_vars.stmt_start_ts;
}

void SetCurrentStatementStartTimestamp() {
  g_vars.stmt_start_ts = txn_internal::NowTimestampTz();
  g_vars.stmt_start_ts_fresh = true;
}

void SetTransactionIsolation(IsolationLevel level) {
  if (level == g_vars.isolation) return;
  if (txn_internal::FirstSnapshotTaken()) {
    throw Error(errcode::kActiveSqlTransaction,
                "SET TRANSACTION ISOLATION LEVEL must be called before any query");
  }
  if (IsSubTransaction()) {
    throw Error(errcode::kActiveSqlTransaction,
                "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction");
  }
  g_vars.isolation = level;
}

void SetTransactionReadOnly(bool read_only) {
  // Going read-write is restricted (PostgreSQL's check_transaction_read_only); going
  // read-only is always allowed.
  if (!read_only && g_vars.read_only && IsTransactionState()) {
    TransactionState& s = CurrentState();
    if (s.parent != nullptr && s.prev_read_only) {
      throw Error(errcode::kActiveSqlTransaction,
                  "cannot set transaction read-write mode inside a read-only transaction");
    }
    if (txn_internal::FirstSnapshotTaken()) {
      throw Error(errcode::kActiveSqlTransaction,
                  "transaction read-write mode must be set before any query");
    }
  }
  g_vars.read_only = read_only;
}

void SetTransactionDeferrable(bool deferrable) {
  if (IsTransactionState() && deferrable != g_vars.deferrable) {
    if (CurrentState().parent != nullptr) {
      throw Error(errcode::kActiveSqlTransaction,
                  "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction");
    }
    if (txn_internal::FirstSnapshotTaken()) {
      throw Error(errcode::kActiveSqlTransaction,
                  "SET TRANSACTION [NOT] DEFERRABLE must be called before any query");
    }
  }
  g_vars.deferrable = deferrable;
}

bool TransactionDeferrable() {
  return g_vars.deferrable;
}

IsolationLevel CurrentIsolationLevel() {
  return g_vars.isolation;
}

bool IsolationUsesXactSnapshot() {
  return g_vars.isolation >= IsolationLevel::kRepeatableRead;
}

bool TransactionReadOnly() {
  return g_vars.read_only;
}

void PreventCommandIfReadOnly(const char* cmd_name) {
  if (g_vars.read_only) {
    throw MakeError(errcode::kReadOnlySqlTransaction,
                    "cannot execute {} in a read-only transaction", cmd_name);
  }
}

void RegisterXactCallback(std::function<void(XactEvent)> callback) {
  g_xact_callbacks.push_back(std::move(callback));
}

void ScheduleRelationDelete(const RelFileLocator& locator, bool at_commit) {
  g_pending_deletes.push_back({locator, at_commit, CurrentState().nest_level});
}

}  // namespace hyrax::storage
