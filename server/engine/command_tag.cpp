// Command tags of analyzed statements (see command_tag.h); the strings are PostgreSQL 15's.
#include "server/engine/command_tag.h"

#include "nodes/type_stmts.h"
#include "nodes/utility_stmts.h"

namespace hyrax::server::engine {

namespace {

std::string TransactionTag(const nodes::TransactionStmt& s) {
  switch (s.kind) {
    case nodes::TransactionStmtKind::kBegin:
      return s.is_start ? "START TRANSACTION" : "BEGIN";
    case nodes::TransactionStmtKind::kCommit:
      return "COMMIT";
    case nodes::TransactionStmtKind::kRollback:
    case nodes::TransactionStmtKind::kRollbackTo:
      return "ROLLBACK";
    case nodes::TransactionStmtKind::kSavepoint:
      return "SAVEPOINT";
    case nodes::TransactionStmtKind::kRelease:
      return "RELEASE";
    case nodes::TransactionStmtKind::kPrepare:
      return "PREPARE TRANSACTION";
    case nodes::TransactionStmtKind::kCommitPrepared:
      return "COMMIT PREPARED";
    case nodes::TransactionStmtKind::kRollbackPrepared:
      return "ROLLBACK PREPARED";
  }
  return "???";
}

// ALTER TABLE / INDEX / VIEW / SEQUENCE / SCHEMA ... as written.
std::string AlterCommandTag(nodes::ObjectType type) {
  switch (type) {
    case nodes::ObjectType::kIndex:
      return "ALTER INDEX";
    case nodes::ObjectType::kSequence:
      return "ALTER SEQUENCE";
    case nodes::ObjectType::kView:
      return "ALTER VIEW";
    case nodes::ObjectType::kMatView:
      return "ALTER MATERIALIZED VIEW";
    case nodes::ObjectType::kForeignTable:
      return "ALTER FOREIGN TABLE";
    case nodes::ObjectType::kSchema:
      return "ALTER SCHEMA";
    default:
      return "ALTER TABLE";
  }
}

std::string DropTag(const nodes::DropStmt& s) {
  switch (s.remove_type) {
    case nodes::ObjectType::kTable:
      return "DROP TABLE";
    case nodes::ObjectType::kIndex:
      return "DROP INDEX";
    case nodes::ObjectType::kSequence:
      return "DROP SEQUENCE";
    case nodes::ObjectType::kView:
      return "DROP VIEW";
    case nodes::ObjectType::kMatView:
      return "DROP MATERIALIZED VIEW";
    case nodes::ObjectType::kForeignTable:
      return "DROP FOREIGN TABLE";
    case nodes::ObjectType::kSchema:
      return "DROP SCHEMA";
    case nodes::ObjectType::kType:
      return "DROP TYPE";
    case nodes::ObjectType::kDomain:
      return "DROP DOMAIN";
    case nodes::ObjectType::kFunction:
      return "DROP FUNCTION";
    case nodes::ObjectType::kAggregate:
      return "DROP AGGREGATE";
    case nodes::ObjectType::kOther:
      break;
  }
  return "DROP";
}

std::string SetTag(const nodes::VariableSetStmt& s) {
  switch (s.kind) {
    case nodes::VariableSetKind::kReset:
    case nodes::VariableSetKind::kResetAll:
      return "RESET";
    default:
      return "SET";
  }
}

}  // namespace

std::string UtilityCommandTag(const nodes::UtilityStmt& stmt) {
  using nodes::UtilityTag;
  switch (stmt.tag) {
    case UtilityTag::kTransaction:
      return TransactionTag(static_cast<const nodes::TransactionStmt&>(stmt));
    case UtilityTag::kVariableSet:
      return SetTag(static_cast<const nodes::VariableSetStmt&>(stmt));
    case UtilityTag::kVariableShow:
      return "SHOW";
    case UtilityTag::kCreateTable:
      return "CREATE TABLE";
    case UtilityTag::kCreateTableAs:
      return static_cast<const nodes::CreateTableAsStmt&>(stmt).is_select_into ? "SELECT"
                                                                               : "CREATE TABLE AS";
    case UtilityTag::kCreateIndex:
      return "CREATE INDEX";
    case UtilityTag::kCreateSchema:
      return "CREATE SCHEMA";
    case UtilityTag::kCreateView:
      return "CREATE VIEW";
    case UtilityTag::kCreateFunction:
      return "CREATE FUNCTION";
    case UtilityTag::kDefineAggregate:
      return "CREATE AGGREGATE";
    case UtilityTag::kDefineType:
      return nodes::AsTypeDefinition(stmt)->CommandTag();
    case UtilityTag::kCreateSequence:
      return "CREATE SEQUENCE";
    case UtilityTag::kDrop:
      return DropTag(static_cast<const nodes::DropStmt&>(stmt));
    case UtilityTag::kTruncate:
      return "TRUNCATE TABLE";
    case UtilityTag::kCheckpoint:
      return "CHECKPOINT";
    case UtilityTag::kExplain:
      return "EXPLAIN";
    case UtilityTag::kVacuum:
      return static_cast<const nodes::VacuumStmt&>(stmt).is_vacuum ? "VACUUM" : "ANALYZE";
    case UtilityTag::kPrepare:
      return "PREPARE";
    case UtilityTag::kExecute:
      return "EXECUTE";
    case UtilityTag::kDeallocate:
      return static_cast<const nodes::DeallocateStmt&>(stmt).name.empty() ? "DEALLOCATE ALL"
                                                                          : "DEALLOCATE";
    case UtilityTag::kDiscard:
      switch (static_cast<const nodes::DiscardStmt&>(stmt).target) {
        case nodes::DiscardTarget::kAll:
          return "DISCARD ALL";
        case nodes::DiscardTarget::kPlans:
          return "DISCARD PLANS";
        case nodes::DiscardTarget::kSequences:
          return "DISCARD SEQUENCES";
        case nodes::DiscardTarget::kTemp:
          return "DISCARD TEMP";
      }
      return "DISCARD";
    case UtilityTag::kLock:
      return "LOCK TABLE";
    case UtilityTag::kCopy:
      return "COPY";
    case UtilityTag::kDeclareCursor:
      return "DECLARE CURSOR";
    case UtilityTag::kFetch:
      return static_cast<const nodes::FetchStmt&>(stmt).ismove ? "MOVE" : "FETCH";
    case UtilityTag::kClosePortal:
      return static_cast<const nodes::ClosePortalStmt&>(stmt).portalname.empty()
                 ? "CLOSE CURSOR ALL"
                 : "CLOSE CURSOR";
    case UtilityTag::kConstraintsSet:
      return "SET CONSTRAINTS";
    case UtilityTag::kListen:
      return "LISTEN";
    case UtilityTag::kUnlisten:
      return "UNLISTEN";
    case UtilityTag::kNotify:
      return "NOTIFY";
    case UtilityTag::kAlterTable:
      return AlterCommandTag(static_cast<const nodes::AlterTableStmt&>(stmt).objtype);
    case UtilityTag::kRename:
      return AlterCommandTag(static_cast<const nodes::RenameStmt&>(stmt).objtype);
    case UtilityTag::kCreateDatabase:
      return "CREATE DATABASE";
    case UtilityTag::kDropDatabase:
      return "DROP DATABASE";
    case UtilityTag::kCreateRole:
      return "CREATE ROLE";
    case UtilityTag::kAlterRole:
      return "ALTER ROLE";
    case UtilityTag::kDropRole:
      return "DROP ROLE";
    case UtilityTag::kAlterSequence:
      return "ALTER SEQUENCE";
    case UtilityTag::kComment:
      return "COMMENT";
  }
  return "???";
}

std::string StatementTag(const nodes::Query& query) {
  switch (query.commandType) {
    case nodes::CmdType::kSelect:
      return "SELECT";
    case nodes::CmdType::kInsert:
      return "INSERT";
    case nodes::CmdType::kUpdate:
      return "UPDATE";
    case nodes::CmdType::kDelete:
      return "DELETE";
    case nodes::CmdType::kMerge:
      return "MERGE";
    case nodes::CmdType::kUtility:
      return query.utilityStmt ? UtilityCommandTag(*query.utilityStmt) : "???";
    default:
      return "???";
  }
}

}  // namespace hyrax::server::engine
