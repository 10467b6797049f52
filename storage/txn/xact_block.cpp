// The transaction-block state machine (PostgreSQL's xact.c top half): what each
// per-statement call and each transaction-control statement does in each TBLOCK state.
// Control statements only change states; CommitTransactionCommand carries them out.
// README.md ("Transaction blocks") has the state diagram.
#include "common/error.h"
#include "common/notice.h"
#include "storage/txn/xact_state.h"

namespace hyrax::storage {

using xact_internal::BlockState;
using xact_internal::CurrentState;
using xact_internal::TransactionState;
using xact_internal::TransState;

namespace {

[[noreturn]] void UnexpectedState(const char* where, BlockState state) {
  ThrowInternalError(
      __FILE__, __LINE__,
      fmt::format("{}: unexpected transaction block state {}", where, static_cast<int>(state)));
}

// The innermost savepoint named `name` at or above `s`; nullptr when there is none.
TransactionState* FindSavepoint(TransactionState& s, const std::string& name) {
  for (TransactionState* t = &s; t->parent != nullptr; t = t->parent) {
    if (t->name == name) return t;
  }
  return nullptr;
}

Error NoSuchSavepoint(const std::string& name) {
  return MakeError(errcode::kSEInvalidSpecification, "savepoint \"{}\" does not exist", name);
}

Error OnlyInTransactionBlocks(const char* statement_name) {
  return MakeError(errcode::kNoActiveSqlTransaction, "{} can only be used in transaction blocks",
                   statement_name);
}

void WarnNoTransactionInProgress() {
  EmitNotice(Severity::kWarning, errcode::kNoActiveSqlTransaction,
             "there is no transaction in progress");
}

// ROLLBACK (or a COMMIT that turns into one) inside subtransactions: every level aborts.
void MarkAllLevelsAborting(TransactionState* s, const char* where) {
  for (; s->parent != nullptr; s = s->parent) {
    if (s->block_state == BlockState::kSubInProgress) {
      s->block_state = BlockState::kSubAbortPending;
    } else if (s->block_state == BlockState::kSubAbort) {
      s->block_state = BlockState::kSubAbortEnd;
    } else {
      UnexpectedState(where, s->block_state);
    }
  }
  if (s->block_state == BlockState::kInProgress) {
    s->block_state = BlockState::kAbortPending;
  } else if (s->block_state == BlockState::kAbort) {
    s->block_state = BlockState::kAbortEnd;
  } else {
    UnexpectedState(where, s->block_state);
  }
}

// Ends the top-level transaction with `finish` and, after COMMIT/ROLLBACK AND CHAIN, starts
// a new transaction block with the ended one's isolation level, read-only and deferrable
// settings
// (PostgreSQL's Save/RestoreTransactionCharacteristics).
template <typename Finish>
void EndTopLevel(TransactionState& top, Finish finish) {
  bool chain = top.chain;
  IsolationLevel isolation = CurrentIsolationLevel();
  bool read_only = TransactionReadOnly();
  bool deferrable = TransactionDeferrable();
  top.chain = false;
  finish();
  top.block_state = BlockState::kDefault;
  if (!chain) return;
  xact_internal::StartTransaction();
  top.block_state = BlockState::kInProgress;
  SetTransactionIsolation(isolation);
  xact_internal::SetReadOnly(read_only);
  SetTransactionDeferrable(deferrable);
}

}  // namespace

void StartTransactionCommand() {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kDefault:
      xact_internal::StartTransaction();
      s.block_state = BlockState::kStarted;
      break;
    case BlockState::kInProgress:
    case BlockState::kImplicitInProgress:
    case BlockState::kSubInProgress:
    case BlockState::kAbort:  // failed block: only ROLLBACK will be accepted by the caller
    case BlockState::kSubAbort:
      break;
    default:
      UnexpectedState("StartTransactionCommand", s.block_state);
  }
}

void CommitTransactionCommand() {
  for (;;) {
    TransactionState& s = CurrentState();
    switch (s.block_state) {
      case BlockState::kStarted:
      case BlockState::kEnd:
        EndTopLevel(s, [] { xact_internal::CommitTransaction(); });
        return;
      case BlockState::kBegin:
        s.block_state = BlockState::kInProgress;
        return;
      case BlockState::kInProgress:
      case BlockState::kImplicitInProgress:
      case BlockState::kSubInProgress:
        CommandCounterIncrement();
        return;
      case BlockState::kAbort:
      case BlockState::kSubAbort:
        return;
      case BlockState::kAbortEnd:
        EndTopLevel(s, [] { xact_internal::CleanupTransaction(); });
        return;
      case BlockState::kAbortPending:
        EndTopLevel(s, [] {
          xact_internal::AbortTransaction();
          xact_internal::CleanupTransaction();
        });
        return;
      case BlockState::kSubBegin:
        xact_internal::StartSubTransaction();
        s.block_state = BlockState::kSubInProgress;
        return;
      case BlockState::kSubRelease:
        while (CurrentState().block_state == BlockState::kSubRelease) {
          xact_internal::CommitSubTransaction();
        }
        return;
      case BlockState::kSubCommit: {
        // COMMIT inside savepoints: release them all, then commit the top level.
        while (CurrentState().block_state == BlockState::kSubCommit) {
          xact_internal::CommitSubTransaction();
        }
        TransactionState& top = CurrentState();
        if (top.block_state != BlockState::kEnd) {
          UnexpectedState("CommitTransactionCommand", top.block_state);
        }
        EndTopLevel(top, [] { xact_internal::CommitTransaction(); });
        return;
      }
      case BlockState::kSubAbortEnd:
        xact_internal::CleanupSubTransaction();
        continue;  // the parent's pending state decides what comes next
      case BlockState::kSubAbortPending:
        xact_internal::AbortSubTransaction();
        xact_internal::CleanupSubTransaction();
        continue;
      case BlockState::kSubRestart:
      case BlockState::kSubAbortRestart: {
        // ROLLBACK TO: end the savepoint's subtransaction and start a fresh one of the same
        // name (the savepoint survives, as in PostgreSQL).
        std::string name = s.name;
        if (s.block_state == BlockState::kSubRestart) xact_internal::AbortSubTransaction();
        xact_internal::CleanupSubTransaction();
        xact_internal::PushTransaction();
        CurrentState().name = std::move(name);
        xact_internal::StartSubTransaction();
        CurrentState().block_state = BlockState::kSubInProgress;
        return;
      }
      default:
        UnexpectedState("CommitTransactionCommand", s.block_state);
    }
  }
}

void AbortCurrentTransaction() {
  for (;;) {
    TransactionState& s = CurrentState();
    switch (s.block_state) {
      case BlockState::kDefault:
        if (s.state != TransState::kDefault) {  // failed inside StartTransaction
          if (s.state == TransState::kStart) s.state = TransState::kInProgress;
          xact_internal::AbortTransaction();
          xact_internal::CleanupTransaction();
        }
        return;
      case BlockState::kStarted:
      case BlockState::kBegin:
      case BlockState::kImplicitInProgress:
      case BlockState::kEnd:
      case BlockState::kAbortPending:
        xact_internal::AbortTransaction();
        xact_internal::CleanupTransaction();
        s.block_state = BlockState::kDefault;
        return;
      case BlockState::kInProgress:
        xact_internal::AbortTransaction();
        s.block_state = BlockState::kAbort;  // failed block: 'E' until ROLLBACK
        return;
      case BlockState::kAbort:
      case BlockState::kSubAbort:
        return;
      case BlockState::kAbortEnd:
        xact_internal::CleanupTransaction();
        s.block_state = BlockState::kDefault;
        return;
      case BlockState::kSubInProgress:
        xact_internal::AbortSubTransaction();
        s.block_state = BlockState::kSubAbort;
        return;
      case BlockState::kSubBegin:
      case BlockState::kSubRelease:
      case BlockState::kSubCommit:
      case BlockState::kSubAbortPending:
      case BlockState::kSubRestart:
        xact_internal::AbortSubTransaction();
        xact_internal::CleanupSubTransaction();
        continue;
      case BlockState::kSubAbortEnd:
      case BlockState::kSubAbortRestart:
        xact_internal::CleanupSubTransaction();
        continue;
    }
  }
}

void BeginTransactionBlock() {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kStarted:
    case BlockState::kImplicitInProgress:
      s.block_state = BlockState::kBegin;
      break;
    case BlockState::kInProgress:
    case BlockState::kSubInProgress:
    case BlockState::kAbort:
    case BlockState::kSubAbort:
      EmitNotice(Severity::kWarning, errcode::kActiveSqlTransaction,
                 "there is already a transaction in progress");
      break;
    default:
      UnexpectedState("BeginTransactionBlock", s.block_state);
  }
}

bool EndTransactionBlock(bool chain) {
  TransactionState& s = CurrentState();
  bool result = false;
  switch (s.block_state) {
    case BlockState::kInProgress:
      s.block_state = BlockState::kEnd;
      result = true;
      break;
    case BlockState::kImplicitInProgress:
      if (chain) throw OnlyInTransactionBlocks("COMMIT AND CHAIN");
      WarnNoTransactionInProgress();
      s.block_state = BlockState::kEnd;
      result = true;
      break;
    case BlockState::kAbort:
      s.block_state = BlockState::kAbortEnd;
      break;
    case BlockState::kSubInProgress: {
      TransactionState* t = &s;
      for (; t->parent != nullptr; t = t->parent) {
        if (t->block_state != BlockState::kSubInProgress) {
          UnexpectedState("EndTransactionBlock", t->block_state);
        }
        t->block_state = BlockState::kSubCommit;
      }
      if (t->block_state != BlockState::kInProgress) {
        UnexpectedState("EndTransactionBlock", t->block_state);
      }
      t->block_state = BlockState::kEnd;
      result = true;
      break;
    }
    case BlockState::kSubAbort:
      MarkAllLevelsAborting(&s, "EndTransactionBlock");
      break;
    case BlockState::kStarted:
      if (chain) throw OnlyInTransactionBlocks("COMMIT AND CHAIN");
      WarnNoTransactionInProgress();
      return true;
    default:
      UnexpectedState("EndTransactionBlock", s.block_state);
  }
  xact_internal::TopState().chain = chain;
  return result;
}

void UserAbortTransactionBlock(bool chain) {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kInProgress:
      s.block_state = BlockState::kAbortPending;
      break;
    case BlockState::kAbort:
      s.block_state = BlockState::kAbortEnd;
      break;
    case BlockState::kSubInProgress:
    case BlockState::kSubAbort:
      MarkAllLevelsAborting(&s, "UserAbortTransactionBlock");
      break;
    case BlockState::kStarted:
    case BlockState::kImplicitInProgress:
      if (chain) throw OnlyInTransactionBlocks("ROLLBACK AND CHAIN");
      WarnNoTransactionInProgress();
      s.block_state = BlockState::kAbortPending;
      break;
    default:
      UnexpectedState("UserAbortTransactionBlock", s.block_state);
  }
  xact_internal::TopState().chain = chain;
}

void BeginImplicitTransactionBlock() {
  TransactionState& s = CurrentState();
  if (s.block_state == BlockState::kStarted) s.block_state = BlockState::kImplicitInProgress;
}

void EndImplicitTransactionBlock() {
  TransactionState& s = CurrentState();
  if (s.block_state == BlockState::kImplicitInProgress) s.block_state = BlockState::kStarted;
}

void DefineSavepoint(const std::string& name) {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kInProgress:
    case BlockState::kSubInProgress:
      xact_internal::PushTransaction();
      CurrentState().name = name;
      break;
    case BlockState::kStarted:
    case BlockState::kImplicitInProgress:
      throw OnlyInTransactionBlocks("SAVEPOINT");
    default:
      UnexpectedState("DefineSavepoint", s.block_state);
  }
}

void ReleaseSavepoint(const std::string& name) {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kInProgress:
      throw NoSuchSavepoint(name);
    case BlockState::kStarted:
    case BlockState::kImplicitInProgress:
      throw OnlyInTransactionBlocks("RELEASE SAVEPOINT");
    case BlockState::kSubInProgress:
      break;
    default:
      UnexpectedState("ReleaseSavepoint", s.block_state);
  }
  TransactionState* target = FindSavepoint(s, name);
  if (target == nullptr) throw NoSuchSavepoint(name);
  // Release the target and every savepoint defined after it.
  for (TransactionState* t = &s;; t = t->parent) {
    if (t->block_state != BlockState::kSubInProgress) {
      UnexpectedState("ReleaseSavepoint", t->block_state);
    }
    t->block_state = BlockState::kSubRelease;
    if (t == target) break;
  }
}

void RollbackToSavepoint(const std::string& name) {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kInProgress:
    case BlockState::kAbort:
      throw NoSuchSavepoint(name);
    case BlockState::kStarted:
    case BlockState::kImplicitInProgress:
      throw OnlyInTransactionBlocks("ROLLBACK TO SAVEPOINT");
    case BlockState::kSubInProgress:
    case BlockState::kSubAbort:
      break;
    default:
      UnexpectedState("RollbackToSavepoint", s.block_state);
  }
  TransactionState* target = FindSavepoint(s, name);
  if (target == nullptr) throw NoSuchSavepoint(name);
  // Savepoints defined after the target go away; the target restarts.
  for (TransactionState* t = &s; t != target; t = t->parent) {
    if (t->block_state == BlockState::kSubInProgress) {
      t->block_state = BlockState::kSubAbortPending;
    } else if (t->block_state == BlockState::kSubAbort) {
      t->block_state = BlockState::kSubAbortEnd;
    } else {
      UnexpectedState("RollbackToSavepoint", t->block_state);
    }
  }
  if (target->block_state == BlockState::kSubInProgress) {
    target->block_state = BlockState::kSubRestart;
  } else if (target->block_state == BlockState::kSubAbort) {
    target->block_state = BlockState::kSubAbortRestart;
  } else {
    UnexpectedState("RollbackToSavepoint", target->block_state);
  }
}

void BeginInternalSubTransaction() {
  TransactionState& s = CurrentState();
  switch (s.block_state) {
    case BlockState::kStarted:
    case BlockState::kInProgress:
    case BlockState::kImplicitInProgress:
    case BlockState::kSubInProgress:
      xact_internal::PushTransaction();
      xact_internal::StartSubTransaction();
      CurrentState().block_state = BlockState::kSubInProgress;
      return;
    default:
      UnexpectedState("BeginInternalSubTransaction", s.block_state);
  }
}

void ReleaseCurrentSubTransaction() {
  TransactionState& s = CurrentState();
  if (s.block_state != BlockState::kSubInProgress) {
    UnexpectedState("ReleaseCurrentSubTransaction", s.block_state);
  }
  xact_internal::CommitSubTransaction();
}

void RollbackAndReleaseCurrentSubTransaction() {
  TransactionState& s = CurrentState();
  if (s.block_state != BlockState::kSubInProgress && s.block_state != BlockState::kSubAbort) {
    UnexpectedState("RollbackAndReleaseCurrentSubTransaction", s.block_state);
  }
  if (s.block_state == BlockState::kSubInProgress) xact_internal::AbortSubTransaction();
  xact_internal::CleanupSubTransaction();
}

char TransactionBlockStatus() {
  switch (CurrentState().block_state) {
    case BlockState::kDefault:
    case BlockState::kStarted:
      return 'I';
    case BlockState::kBegin:
    case BlockState::kSubBegin:
    case BlockState::kInProgress:
    case BlockState::kImplicitInProgress:
    case BlockState::kSubInProgress:
    case BlockState::kEnd:
    case BlockState::kSubRelease:
    case BlockState::kSubCommit:
      return 'T';
    default:
      return 'E';
  }
}

bool IsTransactionBlock() {
  BlockState state = CurrentState().block_state;
  return state != BlockState::kDefault && state != BlockState::kStarted;
}

bool IsTransactionState() {
  return CurrentState().state == TransState::kInProgress;
}

bool IsAbortedTransactionBlockState() {
  BlockState state = CurrentState().block_state;
  return state == BlockState::kAbort || state == BlockState::kSubAbort;
}

void PreventInTransactionBlock(const char* statement_name) {
  if (IsTransactionBlock()) {
    throw MakeError(errcode::kActiveSqlTransaction, "{} cannot run inside a transaction block",
                    statement_name);
  }
  if (xact_internal::IsSubTransaction()) {
    throw MakeError(errcode::kActiveSqlTransaction, "{} cannot run inside a subtransaction",
                    statement_name);
  }
}

void RequireTransactionBlock(const char* statement_name) {
  if (IsTransactionBlock() || xact_internal::IsSubTransaction()) return;
  throw OnlyInTransactionBlocks(statement_name);
}

void WarnNoTransactionBlock(const char* statement_name) {
  if (IsTransactionBlock() || xact_internal::IsSubTransaction()) return;
  EmitNotice(Severity::kWarning, errcode::kNoActiveSqlTransaction,
             fmt::format("{} can only be used in transaction blocks", statement_name));
}

}  // namespace hyrax::storage
