// The utility-statement dispatcher (PostgreSQL's standard_ProcessUtility): one case per
// bound statement kind of nodes/utility_stmts.h, each handing off to the layer that owns
// the work. Statements not built yet fail with 0A000 naming the command.
#include <optional>
#include <string>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/analyze.h"
#include "executor/commands/set_constraints.h"
#include "executor/exec/index_relation.h"
#include "nodes/utility_stmts.h"
#include "planner/explain/explain.h"
#include "server/engine/command_tag.h"
#include "server/engine/ddl_runner.h"
#include "server/engine/statement_runner.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"
#include "storage/vacuum/vacuum.h"
#include "wal/checkpoint/checkpoint.h"

namespace hyrax::server::engine {

namespace {

constexpr uint32_t kTextOid = 25;
constexpr uint32_t kJsonOid = 114;

planner::ExplainOptions ToPlannerOptions(const nodes::ExplainOptions& o) {
  planner::ExplainOptions p;
  p.analyze = o.analyze;
  p.verbose = o.verbose;
  p.costs = o.costs;
  p.timing = o.timing;
  p.summary = o.summary;
  p.buffers = o.buffers;
  p.alternatives = o.alternatives;
  switch (o.format) {
    case nodes::ExplainFormat::kText:
      p.format = planner::ExplainFormat::kText;
      break;
    case nodes::ExplainFormat::kJson:
      p.format = planner::ExplainFormat::kJson;
      break;
    case nodes::ExplainFormat::kXml:
    case nodes::ExplainFormat::kYaml:
      throw Error(errcode::kFeatureNotSupported,
                  "EXPLAIN formats XML and YAML are not supported yet");
  }
  if (o.settings)
    throw Error(errcode::kFeatureNotSupported, "EXPLAIN (SETTINGS) is not supported yet");
  if (o.wal) throw Error(errcode::kFeatureNotSupported, "EXPLAIN (WAL) is not supported yet");
  return p;
}

}  // namespace

std::string RunExplainOf(const nodes::ExplainStmt& stmt, const nodes::Query& query,
                         const executor::ParamListInfo* params, backend::ResultSink& sink,
                         bool send_row_description) {
  if (query.commandType == nodes::CmdType::kUtility) {
    throw Error(errcode::kFeatureNotSupported, "EXPLAIN of this statement is not supported yet");
  }
  planner::ExplainOptions options = ToPlannerOptions(stmt.options);
  std::vector<std::string> lines = planner::ExplainQuery(query, options, params);
  std::vector<std::vector<std::string>> rows;
  if (options.format == planner::ExplainFormat::kJson) {
    // One row holding the whole document, as PostgreSQL sends it.
    std::string doc;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) doc += '\n';
      doc += lines[i];
    }
    rows.push_back({doc});
  } else {
    for (auto& line : lines) rows.push_back({std::move(line)});
  }
  SendTextRows(sink, {"QUERY PLAN"}, rows, send_row_description,
               options.format == planner::ExplainFormat::kJson ? kJsonOid : kTextOid);
  return "EXPLAIN";
}

namespace {

std::string RunCheckpoint(const SessionContext& session) {
  if (!session.is_superuser) {
    throw Error(errcode::kInsufficientPrivilege, "must be superuser to do CHECKPOINT");
  }
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  return "CHECKPOINT";
}

// PostgreSQL 15's vacuum_is_relation_owner: superusers, the table's owner and (for tables
// that are not shared) the database's owner may process it; others get a WARNING.
bool MayProcess(const catalog::PgClass& rel, const SessionContext& session, bool vacuum) {
  if (session.is_superuser || rel.relowner == session.role_oid) return true;
  std::optional<catalog::PgDatabase> db = catalog::Syscache().DatabaseByName(session.database_name);
  if (!rel.relisshared && db && db->datdba == session.role_oid) return true;
  const char* verb = vacuum ? "vacuum" : "analyze";
  std::string message;
  if (rel.relisshared) {
    message = fmt::format("skipping \"{}\" --- only superuser can {} it", rel.relname, verb);
  } else if (rel.relnamespace == catalog::kPgCatalogNamespace) {
    message = fmt::format("skipping \"{}\" --- only superuser or database owner can {} it",
                          rel.relname, verb);
  } else {
    message = fmt::format("skipping \"{}\" --- only table or database owner can {} it", rel.relname,
                          verb);
  }
  EmitNotice(Severity::kWarning, errcode::kWarning, message);
  return false;
}

// ShareUpdateExclusiveLock on a VACUUM / ANALYZE target. With SKIP_LOCKED a table another
// transaction holds in a conflicting mode is skipped: false, with PostgreSQL's warning when
// the table was named in the statement (silently when the whole database is processed).
// Once locked, the catalog changes of transactions that held the lock before (another
// VACUUM or ANALYZE of the table, which may have replaced its pg_class and pg_statistic
// rows while this one waited) are read in, as PostgreSQL does on every relation lock;
// otherwise this command would find those rows updated under it (XX000).
bool LockVacuumTarget(Oid relid, const nodes::VacuumStmt& stmt) {
  if (!stmt.skip_locked) {
    storage::LockRelationOid(relid, storage::LockMode::kShareUpdateExclusive);
    catalog::AcceptInvalidationMessages();
    return true;
  }
  if (storage::ConditionalLockRelationOid(relid, storage::LockMode::kShareUpdateExclusive)) {
    catalog::AcceptInvalidationMessages();
    return true;
  }
  if (!stmt.relations.empty()) {
    std::optional<catalog::PgClass> row = catalog::Syscache().RelationByOid(relid);
    EmitNotice(Severity::kWarning, errcode::kLockNotAvailable,
               fmt::format("skipping {} of \"{}\" --- lock not available",
                           stmt.is_vacuum ? "vacuum" : "analyze",
                           row ? row->relname : std::to_string(relid)));
  }
  return false;
}

void VacuumOne(Oid relid, const storage::VacuumOptions& options) {
  storage::VacuumIndexes indexes;
  std::vector<executor::OpenIndexPtr> open;
  if (catalog::RelationPtr heap = catalog::RelationIdGetRelation(relid)) {
    for (const auto& idx : heap->indexes) {
      storage::LockRelationOid(idx.indexrelid, storage::LockMode::kRowExclusive);
    }
    open = executor::OpenTableIndexes(*heap);
  }
  for (const auto& index : open) indexes.indexes.push_back(&index->info);
  storage::VacuumRelation(relid, options, indexes);
}

// VACUUM [ANALYZE] and ANALYZE (PostgreSQL's ExecVacuum/vacuum): an explicit table list, or
// every table of the database the user may process (owner, database owner or superuser).
// ANALYZE alone may run in a transaction block; anything with VACUUM may not. SKIP_LOCKED
// skips tables whose lock is not available at once (the autovacuum worker uses it).
std::string RunVacuum(const nodes::VacuumStmt& stmt, const SessionContext& session) {
  if (stmt.full) throw Error(errcode::kFeatureNotSupported, "VACUUM FULL is not supported yet");
  if (stmt.is_vacuum) storage::PreventInTransactionBlock("VACUUM");
  storage::VacuumOptions options;
  options.freeze = stmt.freeze;
  options.disable_page_skipping = stmt.disable_page_skipping;
  struct Target {
    Oid relid;
    std::vector<std::string> columns;
  };
  std::vector<Target> targets;
  if (stmt.relations.empty()) {
    for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
      const char kind = ref.row.relkind;
      if (kind == 'r' || kind == 'm' || (kind == 't' && stmt.is_vacuum)) {
        targets.push_back({ref.row.oid, {}});
      }
    }
  } else {
    for (const auto& rel : stmt.relations) targets.push_back({rel.relid, rel.columns});
  }
  for (const auto& target : targets) {
    if (!LockVacuumTarget(target.relid, stmt)) continue;
    std::optional<catalog::PgClass> row = catalog::Syscache().RelationByOid(target.relid);
    if (!row) continue;  // dropped meanwhile
    if (!MayProcess(*row, session, stmt.is_vacuum)) continue;
    if (stmt.is_vacuum) {
      VacuumOne(target.relid, options);
      storage::CommandCounterIncrement();  // ANALYZE updates the pg_class row VACUUM wrote
    }
    if (stmt.analyze && row->relkind != 't') {
      executor::AnalyzeRelation(target.relid, target.columns, stmt.verbose);
      storage::CommandCounterIncrement();
    }
  }
  return stmt.is_vacuum ? "VACUUM" : "ANALYZE";
}

}  // namespace

void SendTextRows(backend::ResultSink& sink, const std::vector<std::string>& column_names,
                  const std::vector<std::vector<std::string>>& rows, bool send_row_description,
                  uint32_t type_oid) {
  if (send_row_description) {
    std::vector<backend::ColumnDescription> columns;
    for (const auto& name : column_names) {
      backend::ColumnDescription c;
      c.name = name;
      c.type_oid = type_oid;
      c.type_size = -1;
      c.type_modifier = -1;
      c.format = 0;
      columns.push_back(std::move(c));
    }
    sink.RowDescription(columns);
  }
  std::vector<backend::FieldValue> values;
  for (const auto& row : rows) {
    values.clear();
    for (const auto& v : row) values.emplace_back(std::string_view(v));
    sink.DataRow(values);
  }
}

std::optional<std::vector<backend::ColumnDescription>> UtilityResultColumns(
    const nodes::Query& query) {
  if (query.commandType != nodes::CmdType::kUtility || !query.utilityStmt) return std::nullopt;
  auto text_column = [](std::string name, uint32_t type = kTextOid) {
    backend::ColumnDescription c;
    c.name = std::move(name);
    c.type_oid = type;
    return c;
  };
  const nodes::UtilityStmt& stmt = *query.utilityStmt;
  switch (stmt.tag) {
    case nodes::UtilityTag::kExplain: {
      const auto& e = static_cast<const nodes::ExplainStmt&>(stmt);
      return std::vector{text_column(
          "QUERY PLAN", e.options.format == nodes::ExplainFormat::kJson ? kJsonOid : kTextOid)};
    }
    case nodes::UtilityTag::kVariableShow: {
      const auto& s = static_cast<const nodes::VariableShowStmt&>(stmt);
      if (s.name == "all") {
        return std::vector{text_column("name"), text_column("setting"), text_column("description")};
      }
      return std::vector{text_column(ShowColumnName(s.name))};
    }
    default:
      return std::nullopt;
  }
}

std::string RunUtility(const nodes::Query& query, backend::ResultSink& sink,
                       const SessionContext& session, bool send_row_description) {
  const nodes::UtilityStmt& stmt = *query.utilityStmt;
  using nodes::UtilityTag;
  switch (stmt.tag) {
    case UtilityTag::kTransaction:
      return RunTransactionStmt(stmt);
    case UtilityTag::kVariableSet:
      return RunVariableSet(stmt, session);
    case UtilityTag::kVariableShow: {
      const std::string& name = static_cast<const nodes::VariableShowStmt&>(stmt).name;
      auto rows = ShowRows(name, session);
      if (name == "all") {
        SendTextRows(sink, {"name", "setting", "description"}, rows, send_row_description);
      } else {
        SendTextRows(sink, {ShowColumnName(name)}, rows, send_row_description);
      }
      return "SHOW";
    }
    case UtilityTag::kCheckpoint:
      return RunCheckpoint(session);
    case UtilityTag::kExplain: {
      const auto& explain = static_cast<const nodes::ExplainStmt&>(stmt);
      return RunExplainOf(explain, *explain.query, nullptr, sink, send_row_description);
    }
    case UtilityTag::kVacuum:
      return RunVacuum(static_cast<const nodes::VacuumStmt&>(stmt), session);
    case UtilityTag::kCreateTableAs: {
      const auto& ctas = static_cast<const nodes::CreateTableAsStmt&>(stmt);
      return RunCreateTableAs(ctas, session, *ctas.query);
    }
    case UtilityTag::kCreateTable:
    case UtilityTag::kCreateView:
    case UtilityTag::kCreateFunction:
    case UtilityTag::kDefineAggregate:
    case UtilityTag::kDefineType:
    case UtilityTag::kCreateIndex:
    case UtilityTag::kAlterTable:
    case UtilityTag::kRename:
    case UtilityTag::kDrop:
    case UtilityTag::kTruncate:
    case UtilityTag::kCreateSequence:
    case UtilityTag::kAlterSequence:
    case UtilityTag::kCreateSchema:
    case UtilityTag::kComment:
      return RunTableDdl(stmt, session);
    case UtilityTag::kConstraintsSet:
      executor::commands::SetConstraints(static_cast<const nodes::ConstraintsSetStmt&>(stmt));
      return "SET CONSTRAINTS";
    case UtilityTag::kCopy:
      return RunCopy(static_cast<const nodes::CopyStmt&>(stmt), sink, session);
    case UtilityTag::kCreateDatabase:
    case UtilityTag::kDropDatabase:
      return RunDatabaseCommand(stmt, session);
    case UtilityTag::kCreateRole:
    case UtilityTag::kAlterRole:
    case UtilityTag::kDropRole:
      return RunRoleCommand(stmt, session);
    default:
      throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                      UtilityCommandTag(stmt));
  }
}

}  // namespace hyrax::server::engine
