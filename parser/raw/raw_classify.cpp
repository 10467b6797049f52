// Classification of raw statements that the backend loop needs before analysis: whether a
// statement may run in a failed transaction block (PostgreSQL's IsTransactionExitStmt).
#include "parser/raw/raw_nodes.h"
#include "parser/raw/raw_parser.h"

namespace hyrax::parser::raw {

bool IsTransactionStmt(const RawStatement& stmt) {
  return stmt.stmt != nullptr && stmt.stmt->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT;
}

bool IsTransactionExitStmt(const RawStatement& stmt) {
  if (!IsTransactionStmt(stmt)) return false;
  switch (stmt.stmt->transaction_stmt->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
      return true;
    default:
      return false;
  }
}

}  // namespace hyrax::parser::raw
