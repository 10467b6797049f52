// RunTableDdl (ddl_runner.h): CREATE TABLE, DROP and TRUNCATE through executor/commands.
// The caller's end of statement (CommitTransactionCommand or CommandCounterIncrement)
// makes the catalog changes visible to the next statement.
#include "server/engine/ddl_runner.h"

#include "common/error.h"
#include "executor/commands/table_commands.h"
#include "nodes/utility_stmts.h"
#include "server/engine/command_tag.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

std::string RunTableDdl(const nodes::UtilityStmt& stmt, const SessionContext& session) {
  switch (stmt.tag) {
    case nodes::UtilityTag::kCreateTable:
      storage::PreventCommandIfReadOnly("CREATE TABLE");
      executor::commands::CreateTable(static_cast<const nodes::CreateTableStmt&>(stmt),
                                      session.role_oid);
      break;
    case nodes::UtilityTag::kDrop:
      storage::PreventCommandIfReadOnly(UtilityCommandTag(stmt).c_str());
      executor::commands::DropObjects(static_cast<const nodes::DropStmt&>(stmt));
      break;
    case nodes::UtilityTag::kTruncate:
      storage::PreventCommandIfReadOnly("TRUNCATE TABLE");
      executor::commands::TruncateTables(static_cast<const nodes::TruncateStmt&>(stmt));
      break;
    default:
      throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                      UtilityCommandTag(stmt));
  }
  return UtilityCommandTag(stmt);
}

}  // namespace hyrax::server::engine
