// The utility-statement dispatcher (PostgreSQL's standard_ProcessUtility): one case per
// bound statement kind of nodes/utility_stmts.h, each handing off to the layer that owns
// the work. Statements not built yet fail with 0A000 naming the command.
#include <fmt/format.h>

#include "common/error.h"
#include "executor/exec/index_relation.h"
#include "nodes/utility_stmts.h"
#include "planner/explain/explain.h"
#include "server/engine/command_tag.h"
#include "server/engine/ddl_runner.h"
#include "server/engine/statement_runner.h"
#include "storage/catalog/relcache.h"
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

std::string RunExplain(const nodes::ExplainStmt& stmt, backend::ResultSink& sink,
                       bool send_row_description) {
  planner::ExplainOptions options = ToPlannerOptions(stmt.options);
  std::vector<std::string> lines = planner::ExplainQuery(*stmt.query, options);
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

std::string RunCheckpoint(const SessionContext& session) {
  if (!session.is_superuser) {
    throw Error(errcode::kInsufficientPrivilege, "must be superuser to do CHECKPOINT");
  }
  wal::CreateCheckpoint(wal::kCheckpointForce | wal::kCheckpointImmediate);
  return "CHECKPOINT";
}

std::string RunVacuum(const nodes::VacuumStmt& stmt) {
  if (!stmt.is_vacuum || stmt.analyze) {
    throw Error(errcode::kFeatureNotSupported, "ANALYZE is not supported yet");
  }
  if (stmt.full) throw Error(errcode::kFeatureNotSupported, "VACUUM FULL is not supported yet");
  if (stmt.relations.empty()) {
    throw Error(errcode::kFeatureNotSupported, "VACUUM without a table list is not supported yet");
  }
  storage::PreventInTransactionBlock("VACUUM");
  storage::VacuumOptions options;
  options.freeze = stmt.freeze;
  options.disable_page_skipping = stmt.disable_page_skipping;
  for (const auto& rel : stmt.relations) {
    storage::LockRelationOid(rel.relid, storage::LockMode::kShareUpdateExclusive);
    storage::VacuumIndexes indexes;
    std::vector<executor::OpenIndexPtr> open;
    if (catalog::RelationPtr heap = catalog::RelationIdGetRelation(rel.relid)) {
      for (const auto& idx : heap->indexes) {
        storage::LockRelationOid(idx.indexrelid, storage::LockMode::kRowExclusive);
      }
      open = executor::OpenTableIndexes(*heap);
    }
    for (const auto& index : open) indexes.indexes.push_back(&index->info);
    storage::VacuumRelation(rel.relid, options, indexes);
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
    case UtilityTag::kExplain:
      return RunExplain(static_cast<const nodes::ExplainStmt&>(stmt), sink, send_row_description);
    case UtilityTag::kVacuum:
      return RunVacuum(static_cast<const nodes::VacuumStmt&>(stmt));
    case UtilityTag::kCreateTable:
    case UtilityTag::kCreateIndex:
    case UtilityTag::kAlterTable:
    case UtilityTag::kDrop:
    case UtilityTag::kTruncate:
      return RunTableDdl(stmt, session);
    case UtilityTag::kCopy:
      return RunCopy(static_cast<const nodes::CopyStmt&>(stmt), sink, session);
    case UtilityTag::kCreateDatabase:
    case UtilityTag::kDropDatabase:
      return RunDatabaseCommand(stmt, session);
    default:
      throw MakeError(errcode::kFeatureNotSupported, "{} is not supported yet",
                      UtilityCommandTag(stmt));
  }
}

}  // namespace hyrax::server::engine
