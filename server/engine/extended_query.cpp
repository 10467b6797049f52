// The extended query protocol (PostgreSQL's exec_parse_message, exec_bind_message,
// exec_describe_*_message, exec_execute_message): Parse analyzes one statement into a
// PreparedStatement, Bind decodes parameter values into a Portal, Execute runs the portal
// (a SELECT may stop after max_rows and resume on the next Execute), Sync ends the
// implicit transaction that spans the messages since the last Sync.
#include <fmt/format.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/functions/type_io.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze.h"
#include "parser/raw/raw_parser.h"
#include "planner/planner.h"
#include "server/engine/analysis_options.h"
#include "server/engine/command_tag.h"
#include "server/engine/hyrax_engine.h"
#include "server/engine/plan_cache.h"
#include "server/engine/protocol_dest.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

namespace {

// One Bind parameter from its wire form. Conversion errors get PostgreSQL's context line
// (bind_param_error_callback; with log_parameter_max_length_on_error at its default 0 a
// text value shows as '...').
Datum ReadBindParameter(Oid type, const std::string& value, int16_t format,
                        const std::string& portal, size_t number) {
  if (format != 0 && format != 1) {
    throw MakeError(errcode::kInvalidParameterValue, "unsupported format code: {}", format);
  }
  try {
    if (format == 0) return executor::InputByType(type, PStrdup(value));
    return executor::ReceiveByType(type, value, -1, static_cast<int>(number));
  } catch (Error& e) {
    std::string where = portal.empty() ? fmt::format("unnamed portal parameter ${}", number)
                                       : fmt::format("portal \"{}\" parameter ${}", portal, number);
    e.AppendContext(format == 0 ? where + " = '...'" : where);
    throw;
  }
}

constexpr Oid kUnknownTypeOid = 705;

}  // namespace

// The result columns of an analyzed statement, without running it.
std::optional<std::vector<backend::ColumnDescription>> QueryResultColumns(
    const nodes::Query& query, const std::vector<int16_t>& result_formats) {
  if (query.commandType == nodes::CmdType::kUtility) return UtilityResultColumns(query);
  const nodes::TargetList& tlist =
      query.commandType == nodes::CmdType::kSelect ? query.targetList : query.returningList;
  if (query.commandType != nodes::CmdType::kSelect && tlist.empty()) return std::nullopt;
  executor::ResultDesc desc;
  for (const auto& tle : tlist) {
    if (tle.resjunk) continue;
    executor::ResultColumn c;
    c.name = tle.resname;
    c.table_oid = tle.resorigtbl;
    c.attnum = tle.resorigcol;
    c.type_oid = nodes::ExprType(*tle.expr);
    c.typmod = nodes::ExprTypmod(*tle.expr);
    auto type = catalog::Syscache().TypeByOid(c.type_oid);
    c.typlen = type ? type->typlen : -1;
    desc.columns.push_back(std::move(c));
  }
  return DescribeColumns(desc, ResolveResultFormats(result_formats, desc.columns.size()));
}

namespace {

std::string StatementLabel(std::string_view name) {
  return name.empty() ? std::string("unnamed prepared statement")
                      : fmt::format("prepared statement \"{}\"", name);
}

}  // namespace

Portal::~Portal() {
  if (query_desc) {
    try {
      executor::ExecutorEnd(query_desc.get());
    } catch (...) {
    }
  }
}

std::shared_ptr<PreparedStatement> HyraxEngine::FindStatement(std::string_view name) {
  auto it = statements_.find(name);
  if (it == statements_.end()) {
    if (name.empty()) {
      throw Error(errcode::kInvalidSqlStatementName, "unnamed prepared statement does not exist");
    }
    throw MakeError(errcode::kInvalidSqlStatementName, "prepared statement \"{}\" does not exist",
                    name);
  }
  return it->second;
}

std::shared_ptr<Portal> HyraxEngine::FindPortal(std::string_view name) {
  auto it = portals_.find(name);
  if (it == portals_.end()) {
    throw MakeError(errcode::kInvalidCursorName, "portal \"{}\" does not exist", name);
  }
  return it->second;
}

void HyraxEngine::Parse(const protocol::Parse& message) {
  StartXactCommand();
  storage::SetCurrentStatementStartTimestamp();
  if (message.statement.empty()) statements_.erase("");
  if (!message.statement.empty() && statements_.count(message.statement) > 0) {
    throw MakeError(errcode::kDuplicatePstatement, "prepared statement \"{}\" already exists",
                    message.statement);
  }
  auto ps = std::make_shared<PreparedStatement>();
  ps->memory = std::make_unique<MemoryContext>("PreparedStatement");
  MemoryContextScope scope(ps->memory.get());
  ps->source_text = message.query;
  std::vector<parser::raw::RawStatement> raws = parser::raw::RawParse(message.query);
  if (raws.size() > 1) {
    throw Error(errcode::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  }
  if (!raws.empty()) {
    const parser::raw::RawStatement& raw = raws[0];
    ps->is_transaction_stmt = parser::raw::IsTransactionStmt(raw);
    ps->is_transaction_exit = parser::raw::IsTransactionExitStmt(raw);
    if (storage::IsAbortedTransactionBlockState() && !ps->is_transaction_exit) {
      ThrowAbortedBlock();
    }
    catalog::AcceptInvalidationMessages();
    parser::AnalyzeOptions options = LockingAnalyzeOptions();
    for (uint32_t t : message.param_types) options.param_types.push_back(t);
    options.variable_params = true;
    ps->query = parser::Analyze(raw, options);
    ps->param_types = ps->query->paramTypes;
    ps->relation_stamps = StampRelations(*ps->query);
    for (size_t i = 0; i < ps->param_types.size(); ++i) {
      if (ps->param_types[i] == kInvalidOid || ps->param_types[i] == kUnknownTypeOid) {
        throw MakeError(errcode::kIndeterminateDatatype,
                        "could not determine data type of parameter ${}", i + 1);
      }
    }
  }
  statements_[message.statement] = std::move(ps);
}

void HyraxEngine::Bind(const protocol::Bind& message) {
  StartXactCommand();
  std::shared_ptr<PreparedStatement> ps = FindStatement(message.statement);
  size_t nparams = ps->param_types.size();
  if (message.param_formats.size() > 1 && message.param_formats.size() != message.params.size()) {
    throw MakeError(errcode::kProtocolViolation,
                    "bind message has {} parameter formats but {} parameters",
                    message.param_formats.size(), message.params.size());
  }
  if (message.params.size() != nparams) {
    throw MakeError(errcode::kProtocolViolation,
                    "bind message supplies {} parameters, but {} requires {}",
                    message.params.size(), StatementLabel(message.statement), nparams);
  }
  if (storage::IsAbortedTransactionBlockState() && !ps->is_transaction_exit) ThrowAbortedBlock();
  RevalidatePreparedStatement(*ps);
  if (message.portal.empty()) {
    portals_.erase("");
  } else if (portals_.count(message.portal) > 0) {
    throw MakeError(errcode::kDuplicateCursor, "cursor \"{}\" already exists", message.portal);
  }
  auto portal = std::make_shared<Portal>();
  portal->memory = std::make_unique<MemoryContext>("Portal");
  MemoryContextScope scope(portal->memory.get());
  portal->statement = ps;
  portal->result_formats = message.result_formats;
  portal->params.params.resize(nparams);
  for (size_t i = 0; i < nparams; ++i) {
    executor::ParamExternData& p = portal->params.params[i];
    p.ptype = ps->param_types[i];
    const auto& value = message.params[i];
    if (!value) {
      p.isnull = true;
      continue;
    }
    int16_t format = message.param_formats.empty()       ? 0
                     : message.param_formats.size() == 1 ? message.param_formats[0]
                                                         : message.param_formats[i];
    p.value = ReadBindParameter(p.ptype, *value, format, message.portal, i + 1);
    p.isnull = false;
  }
  // Result formats are checked against the columns now, as PostgreSQL does at Bind.
  if (ps->query) ResultColumns(*ps->query, portal->result_formats);
  portals_[message.portal] = std::move(portal);
}

backend::StatementDescription HyraxEngine::DescribeStatement(std::string_view name) {
  StartXactCommand();
  std::shared_ptr<PreparedStatement> ps = FindStatement(name);
  if (!storage::IsAbortedTransactionBlockState()) RevalidatePreparedStatement(*ps);
  backend::StatementDescription out;
  for (Oid t : ps->param_types) out.param_types.push_back(t);
  if (ps->query) out.columns = ResultColumns(*ps->query, {});
  // As PostgreSQL: a failed block refuses to describe only statements that return rows
  // (a ROLLBACK can still be described and run).
  if (out.columns && storage::IsAbortedTransactionBlockState()) ThrowAbortedBlock();
  return out;
}

std::optional<std::vector<backend::ColumnDescription>> HyraxEngine::DescribePortal(
    std::string_view name) {
  StartXactCommand();
  std::shared_ptr<Portal> portal = FindPortal(name);
  if (!portal->statement->query) return std::nullopt;
  auto columns = ResultColumns(*portal->statement->query, portal->result_formats);
  if (columns && storage::IsAbortedTransactionBlockState()) ThrowAbortedBlock();
  return columns;
}

std::optional<std::vector<backend::ColumnDescription>> HyraxEngine::ResultColumns(
    const nodes::Query& query, const std::vector<int16_t>& result_formats) {
  if (query.commandType == nodes::CmdType::kUtility && query.utilityStmt) {
    const nodes::UtilityStmt& stmt = *query.utilityStmt;
    if (stmt.tag == nodes::UtilityTag::kExecute) {
      auto it = statements_.find(static_cast<const nodes::ExecuteStmt&>(stmt).name);
      if (it != statements_.end() && it->second->query) {
        return QueryResultColumns(*it->second->query, result_formats);
      }
    } else if (stmt.tag == nodes::UtilityTag::kFetch) {
      const auto& fetch = static_cast<const nodes::FetchStmt&>(stmt);
      auto it = portals_.find(fetch.portalname);
      if (!fetch.ismove && it != portals_.end() && it->second->statement->query) {
        return QueryResultColumns(*it->second->statement->query, result_formats);
      }
    }
  }
  return QueryResultColumns(query, result_formats);
}

backend::ExecuteResult HyraxEngine::Execute(std::string_view portal_name, int32_t max_rows,
                                            backend::ResultSink& sink) {
  std::shared_ptr<Portal> portal = FindPortal(portal_name);
  ReportActivity(backend::ActivityState::kActive, portal->statement->source_text);
  StartXactCommand();
  std::shared_ptr<PreparedStatement> ps = portal->statement;
  if (!ps->query) {
    sink.EmptyQuery();
    return backend::ExecuteResult::kCompleted;
  }
  if (storage::IsAbortedTransactionBlockState() && !ps->is_transaction_exit) ThrowAbortedBlock();
  const nodes::Query& query = *ps->query;
  MemoryContextScope scope(portal->memory.get());
  sink.BeginStatement(StatementTag(query));
  std::string tag;
  if (portal->done) {
    tag = query.commandType == nodes::CmdType::kSelect ? "SELECT 0" : StatementTag(query);
    sink.CommandComplete(tag);
    return backend::ExecuteResult::kCompleted;
  }
  if (query.commandType == nodes::CmdType::kUtility) {
    std::optional<std::string> session_tag =
        RunSessionCommand(query, sink, /*send_row_description=*/false, nullptr, ps);
    tag = session_tag ? *session_tag
                      : RunUtility(query, sink, session_, /*send_row_description=*/false);
  } else {
    if (!portal->query_desc) {
      portal->query_desc = std::make_unique<executor::QueryDesc>();
      portal->query_desc->plannedstmt = planner::Planner(query);
      portal->query_desc->params = &portal->params;
      executor::ExecutorStart(portal->query_desc.get());
    }
    executor::QueryDesc* desc = portal->query_desc.get();
    ProtocolDest dest(sink, portal->result_formats, /*send_row_description=*/false);
    desc->dest = &dest;
    uint64_t count = max_rows > 0 ? static_cast<uint64_t>(max_rows) : 0;
    uint64_t sent = executor::ExecutorRun(desc, count);
    desc->dest = nullptr;
    if (!desc->finished && count > 0 && sent == count) {
      return backend::ExecuteResult::kSuspended;
    }
    executor::ExecutorFinish(desc);
    uint64_t processed =
        query.commandType == nodes::CmdType::kSelect ? sent : desc->estate->processed;
    executor::ExecutorEnd(desc);
    portal->query_desc.reset();
    tag = CommandTagFor(query.commandType, processed);
  }
  portal->done = true;
  storage::EndStatementSnapshot();
  if (ps->is_transaction_stmt) {
    FinishXactCommand(ps->is_transaction_exit);
  } else {
    storage::CommandCounterIncrement();
  }
  sink.CommandComplete(tag);
  return backend::ExecuteResult::kCompleted;
}

void HyraxEngine::Close(protocol::ObjectKind kind, std::string_view name) {
  StartXactCommand();
  if (kind == protocol::ObjectKind::kStatement) {
    auto it = statements_.find(name);
    if (it != statements_.end()) statements_.erase(it);
  } else {
    auto it = portals_.find(name);
    if (it != portals_.end()) portals_.erase(it);
  }
}

void HyraxEngine::Sync() {
  FinishXactCommand();
}

std::optional<std::string> HyraxEngine::CallFunction(const protocol::FunctionCall&) {
  throw Error(errcode::kFeatureNotSupported, "fast-path function calls are not supported yet");
}

}  // namespace hyrax::server::engine
