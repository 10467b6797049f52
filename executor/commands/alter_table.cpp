// ALTER TABLE dispatch (see alter_table.h): locks the relation, then runs each subcommand
// through its family's file in the order written, with CommandCounterIncrement between them
// so each sees the previous ones' catalog rows (PostgreSQL's AlterTable / ATController, which
// sorts subcommands into passes; running them in order gives the same results for the
// combinations Hyrax supports, with earlier rewrites done at once).
#include "executor/commands/alter_table.h"

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/alter_table_internal.h"
#include "executor/commands/set_statistics.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

using Kind = nodes::AlterTableCmdKind;

const char* SubcommandName(Kind kind) {
  switch (kind) {
    case Kind::kAddIdentity:
      return "ALTER COLUMN ... ADD GENERATED AS IDENTITY";
    case Kind::kSetIdentity:
      return "ALTER COLUMN ... SET GENERATED / SET sequence options";
    case Kind::kDropIdentity:
      return "ALTER COLUMN ... DROP IDENTITY";
    case Kind::kChangeOwner:
      return "OWNER TO";
    case Kind::kSetLogged:
      return "SET LOGGED";
    case Kind::kSetUnlogged:
      return "SET UNLOGGED";
    case Kind::kSetTablespace:
      return "SET TABLESPACE";
    default:
      return "this subcommand";
  }
}

// PostgreSQL refuses to alter system catalogs unless allow_system_table_mods is on.
void CheckAlterable(Oid relid) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  if (!rel) throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  if (rel->relnamespace == catalog::kPgCatalogNamespace ||
      rel->relnamespace == catalog::kPgToastNamespace) {
    throw MakeError(errcode::kInsufficientPrivilege,
                    "permission denied: \"{}\" is a system catalog", rel->relname);
  }
}

void RunSubcommand(Oid relid, const nodes::AlterTableCmd& cmd, bool recurse) {
  if (RunsThroughHierarchy(cmd)) {
    ExecThroughHierarchy(relid, cmd, recurse);
    return;
  }
  // Options and storage modes are per relation; the rest does not recurse yet.
  if (cmd.kind != Kind::kSetOptions && cmd.kind != Kind::kResetOptions &&
      cmd.kind != Kind::kSetStorage && cmd.kind != Kind::kSetStatistics &&
      cmd.kind != Kind::kAttachPartition && cmd.kind != Kind::kDetachPartition &&
      cmd.kind != Kind::kAddInherit && cmd.kind != Kind::kDropInherit) {
    RefuseInHierarchy(relid);
  }
  switch (cmd.kind) {
    case Kind::kAddColumn:
      ExecAddColumn(relid, cmd);
      return;
    case Kind::kDropColumn:
      ExecDropColumn(relid, cmd);
      return;
    case Kind::kAlterColumnType:
      ExecAlterColumnType(relid, cmd);
      return;
    case Kind::kSetDefault:
    case Kind::kDropDefault:
      ExecColumnDefault(relid, cmd);
      return;
    case Kind::kSetNotNull:
      ExecSetNotNull(relid, cmd);
      return;
    case Kind::kDropNotNull:
      ExecDropNotNull(relid, cmd);
      return;
    case Kind::kAddConstraint:
      ExecAddConstraint(relid, cmd);
      return;
    case Kind::kDropConstraint:
      ExecDropConstraint(relid, cmd);
      return;
    case Kind::kValidateConstraint:
      ExecValidateConstraint(relid, cmd);
      return;
    case Kind::kSetOptions:
    case Kind::kResetOptions:
      ExecSetRelOptions(relid, cmd);
      return;
    case Kind::kSetStorage:
      ExecSetStorage(relid, cmd);
      return;
    case Kind::kSetStatistics:
      ExecSetStatistics(relid, cmd);
      return;
    case Kind::kAttachPartition:
      ExecAttachPartition(relid, cmd);
      return;
    case Kind::kDetachPartition:
      ExecDetachPartition(relid, cmd);
      return;
    case Kind::kAddInherit:
      ExecAddInherit(relid, cmd);
      return;
    case Kind::kDropInherit:
      ExecDropInherit(relid, cmd);
      return;
    default:
      throw MakeError(errcode::kFeatureNotSupported, "ALTER TABLE ... {} is not supported yet",
                      SubcommandName(cmd.kind));
  }
}

}  // namespace

void RefuseInHierarchy(Oid relid) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  bool in_hierarchy = rel && (rel->relkind == 'p' || rel->relispartition ||
                              !catalog::InheritanceChildren(relid).empty() ||
                              !catalog::InheritanceParents(relid).empty());
  if (in_hierarchy) {
    throw Error(errcode::kFeatureNotSupported,
                "ALTER TABLE of inheritance parents, children and partitions is not supported "
                "yet");
  }
}

void AlterTable(const nodes::AlterTableStmt& stmt) {
  if (stmt.relid == kInvalidOid) {
    EmitNotice(Error(errcode::kSuccessfulCompletion, stmt.missing_notice, Severity::kNotice));
    return;
  }
  storage::LockRelationOid(stmt.relid, storage::LockMode::kAccessExclusive);
  CheckAlterable(stmt.relid);
  for (const auto& cmd : stmt.cmds) {
    if (!cmd.skip_notice.empty()) {
      const SqlState& code =
          cmd.kind == Kind::kAddColumn ? errcode::kDuplicateColumn : errcode::kSuccessfulCompletion;
      EmitNotice(Error(code, cmd.skip_notice, Severity::kNotice));
      continue;
    }
    RunSubcommand(stmt.relid, cmd, stmt.recurse);
    storage::CommandCounterIncrement();
  }
}

}  // namespace hyrax::executor::commands
