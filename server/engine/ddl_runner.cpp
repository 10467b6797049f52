// RunTableDdl (ddl_runner.h): CREATE TABLE, CREATE VIEW, CREATE INDEX, ALTER TABLE ADD PRIMARY
// KEY/UNIQUE, CREATE/ALTER SEQUENCE, CREATE SCHEMA, COMMENT, DROP and TRUNCATE through
// executor/commands. The caller's end of statement (CommitTransactionCommand or
// CommandCounterIncrement) makes the catalog changes visible to the next statement.
#include "server/engine/ddl_runner.h"

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/comment.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/schema_commands.h"
#include "executor/commands/sequence_commands.h"
#include "executor/commands/set_statistics.h"
#include "executor/commands/table_commands.h"
#include "executor/commands/view_commands.h"
#include "nodes/utility_stmts.h"
#include "server/engine/command_tag.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

namespace {

// ALTER TABLE: only ADD PRIMARY KEY / ADD UNIQUE and (on their own) SET STATISTICS so far.
void RunAlterTable(const nodes::AlterTableStmt& stmt) {
  const bool set_statistics = executor::commands::IsSetStatisticsOnly(stmt);
  for (const auto& cmd : stmt.cmds) {
    bool supported =
        set_statistics || (cmd.kind == nodes::AlterTableCmdKind::kAddConstraint &&
                           stmt.objtype == nodes::ObjectType::kTable &&
                           (cmd.constraint.kind == nodes::ConstraintKind::kPrimaryKey ||
                            cmd.constraint.kind == nodes::ConstraintKind::kUnique));
    if (!supported) throw Error(errcode::kFeatureNotSupported, "ALTER TABLE is not supported yet");
  }
  storage::PreventCommandIfReadOnly("ALTER TABLE");
  if (stmt.relid == kInvalidOid) {
    EmitNotice(Error(errcode::kSuccessfulCompletion, stmt.missing_notice, Severity::kNotice));
    return;
  }
  if (set_statistics) {
    executor::commands::AlterTableSetStatistics(stmt);
    return;
  }
  storage::LockRelationOid(stmt.relid, storage::LockMode::kAccessExclusive);
  std::vector<nodes::ConstraintDefinition> constraints;
  for (const auto& cmd : stmt.cmds) constraints.push_back(cmd.constraint);
  executor::commands::AddIndexConstraints(stmt.relid, constraints);
}

}  // namespace

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
      RunAlterTable(static_cast<const nodes::AlterTableStmt&>(stmt));
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
