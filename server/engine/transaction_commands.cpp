// Transaction-control statements (PostgreSQL's TransactionStmt case of ProcessUtility):
// each one only changes the transaction-block state; the change takes effect when the
// backend loop ends the statement with CommitTransactionCommand.
#include "common/error.h"
#include "nodes/utility_stmts.h"
#include "server/engine/command_tag.h"
#include "server/engine/statement_runner.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

std::string RunTransactionStmt(const nodes::UtilityStmt& stmt) {
  const auto& s = static_cast<const nodes::TransactionStmt&>(stmt);
  switch (s.kind) {
    case nodes::TransactionStmtKind::kBegin:
      storage::BeginTransactionBlock();
      if (s.options.isolation) {
        storage::SetTransactionIsolation(
            static_cast<storage::IsolationLevel>(static_cast<uint8_t>(*s.options.isolation)));
      }
      if (s.options.read_only) storage::SetTransactionReadOnly(*s.options.read_only);
      if (s.options.deferrable) storage::SetTransactionDeferrable(*s.options.deferrable);
      return s.is_start ? "START TRANSACTION" : "BEGIN";
    case nodes::TransactionStmtKind::kCommit:
      return storage::EndTransactionBlock(s.chain) ? "COMMIT" : "ROLLBACK";
    case nodes::TransactionStmtKind::kRollback:
      storage::UserAbortTransactionBlock(s.chain);
      return "ROLLBACK";
    case nodes::TransactionStmtKind::kSavepoint:
      storage::DefineSavepoint(s.savepoint_name);
      return "SAVEPOINT";
    case nodes::TransactionStmtKind::kRelease:
      storage::ReleaseSavepoint(s.savepoint_name);
      return "RELEASE";
    case nodes::TransactionStmtKind::kRollbackTo:
      storage::RollbackToSavepoint(s.savepoint_name);
      return "ROLLBACK";
    case nodes::TransactionStmtKind::kPrepare:
    case nodes::TransactionStmtKind::kCommitPrepared:
    case nodes::TransactionStmtKind::kRollbackPrepared:
      throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                      UtilityCommandTag(stmt));
  }
  return "???";
}

}  // namespace hyrax::server::engine
