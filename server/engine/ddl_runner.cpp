// RunTableDdl (ddl_runner.h): CREATE TABLE, CREATE VIEW, CREATE INDEX, ALTER TABLE and ALTER ...
// RENAME, CREATE/ALTER SEQUENCE, CREATE SCHEMA, COMMENT, DROP and TRUNCATE through
// executor/commands. The caller's end of statement (CommitTransactionCommand or
// CommandCounterIncrement) makes the catalog changes visible to the next statement.
#include "server/engine/ddl_runner.h"

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/alter_table.h"
#include "executor/commands/comment.h"
#include "executor/commands/function_commands.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/schema_commands.h"
#include "executor/commands/sequence_commands.h"
#include "executor/commands/table_commands.h"
#include "executor/commands/type_commands.h"
#include "executor/commands/view_commands.h"
#include "nodes/utility_stmts.h"
#include "server/engine/command_tag.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

std::string RunTableDdl(const nodes::UtilityStmt& stmt, const SessionContext& session) {
  switch (stmt.tag) {
    case nodes::UtilityTag::kCreateTable:
      storage::PreventCommandIfReadOnly("CREATE TABLE");
      executor::commands::CreateTable(static_cast<const nodes::CreateTableStmt&>(stmt),
                                      session.role_oid);
      break;
    case nodes::UtilityTag::kCreateView:
      storage::PreventCommandIfReadOnly("CREATE VIEW");
      executor::commands::DefineView(static_cast<const nodes::CreateViewStmt&>(stmt),
                                     session.role_oid);
      break;
    case nodes::UtilityTag::kCreateFunction:
      storage::PreventCommandIfReadOnly("CREATE FUNCTION");
      executor::commands::CreateFunction(static_cast<const nodes::CreateFunctionStmt&>(stmt),
                                         session.role_oid);
      break;
    case nodes::UtilityTag::kDefineType: {
      const nodes::TypeDefinitionStmt* type = nodes::AsTypeDefinition(stmt);
      storage::PreventCommandIfReadOnly(type->CommandTag());
      executor::commands::DefineTypeOrDomain(*type, session.role_oid);
      break;
    }
    case nodes::UtilityTag::kDefineAggregate:
      storage::PreventCommandIfReadOnly("CREATE AGGREGATE");
      executor::commands::DefineAggregate(static_cast<const nodes::DefineAggregateStmt&>(stmt),
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
    case nodes::UtilityTag::kCreateIndex:
      storage::PreventCommandIfReadOnly("CREATE INDEX");
      executor::commands::CreateIndex(static_cast<const nodes::CreateIndexStmt&>(stmt));
      break;
    case nodes::UtilityTag::kAlterTable:
      storage::PreventCommandIfReadOnly(UtilityCommandTag(stmt).c_str());
      executor::commands::AlterTable(static_cast<const nodes::AlterTableStmt&>(stmt));
      break;
    case nodes::UtilityTag::kRename:
      storage::PreventCommandIfReadOnly(UtilityCommandTag(stmt).c_str());
      executor::commands::RenameRelationObject(static_cast<const nodes::RenameStmt&>(stmt));
      break;
    case nodes::UtilityTag::kCreateSequence:
      storage::PreventCommandIfReadOnly("CREATE SEQUENCE");
      executor::commands::CreateSequence(static_cast<const nodes::CreateSequenceStmt&>(stmt),
                                         session.role_oid);
      break;
    case nodes::UtilityTag::kAlterSequence:
      executor::commands::AlterSequence(static_cast<const nodes::AlterSequenceStmt&>(stmt));
      break;
    case nodes::UtilityTag::kComment:
      storage::PreventCommandIfReadOnly("COMMENT");
      executor::commands::CommentObject(static_cast<const nodes::CommentStmt&>(stmt));
      break;
    case nodes::UtilityTag::kCreateSchema:
      storage::PreventCommandIfReadOnly("CREATE SCHEMA");
      executor::commands::CreateSchema(static_cast<const nodes::CreateSchemaStmt&>(stmt),
                                       session.role_oid);
      break;
    default:
      throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                      UtilityCommandTag(stmt));
  }
  return UtilityCommandTag(stmt);
}

}  // namespace hyrax::server::engine
