// SQL-level commands on the session's prepared statements and portals (PostgreSQL's
// prepare.c, portalcmds.c and DISCARD): PREPARE / EXECUTE / DEALLOCATE share the
// namespace of the extended protocol's Parse; DECLARE CURSOR makes a portal, started at
// once with its own snapshot, that FETCH / MOVE read forward and CLOSE (or the end of the
// transaction) drops; DISCARD ALL resets the session.
#include <fmt/format.h>

#include "common/error.h"
#include "executor/commands/temp_namespace.h"
#include "executor/exec/exec_state.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/parse_state.h"
#include "planner/planner.h"
#include "server/engine/hyrax_engine.h"
#include "server/engine/plan_cache.h"
#include "server/engine/protocol_dest.h"
#include "storage/sequence/sequence.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

bool HyraxEngine::NeedsOwnMemory(const nodes::Query& query) {
  if (query.commandType != nodes::CmdType::kUtility || !query.utilityStmt) return false;
  nodes::UtilityTag tag = query.utilityStmt->tag;
  return tag == nodes::UtilityTag::kPrepare || tag == nodes::UtilityTag::kDeclareCursor;
}

std::optional<std::string> HyraxEngine::RunSessionCommand(const nodes::Query& query,
                                                          backend::ResultSink& sink,
                                                          bool send_row_description,
                                                          std::unique_ptr<MemoryContext> memory,
                                                          std::shared_ptr<const void> owner) {
  if (!query.utilityStmt) return std::nullopt;
  const nodes::UtilityStmt& stmt = *query.utilityStmt;
  using nodes::UtilityTag;
  switch (stmt.tag) {
    case UtilityTag::kPrepare:
      return RunPrepare(static_cast<const nodes::PrepareStmt&>(stmt), std::move(memory),
                        std::move(owner));
    case UtilityTag::kExecute:
      return RunExecute(static_cast<const nodes::ExecuteStmt&>(stmt), sink, send_row_description);
    case UtilityTag::kExplain: {
      // EXPLAIN EXECUTE: the prepared statement's plan, with the parameters bound.
      const auto& explain = static_cast<const nodes::ExplainStmt&>(stmt);
      if (!explain.query || !explain.query->utilityStmt ||
          explain.query->utilityStmt->tag != UtilityTag::kExecute) {
        return std::nullopt;
      }
      const auto& execute = static_cast<const nodes::ExecuteStmt&>(*explain.query->utilityStmt);
      return WithExecuteParams(
          execute, [&](const nodes::Query& prepared, const executor::ParamListInfo& params) {
            return RunExplainOf(explain, prepared, &params, sink, send_row_description);
          });
    }
    case UtilityTag::kDeallocate: {
      const auto& d = static_cast<const nodes::DeallocateStmt&>(stmt);
      if (d.name.empty()) {
        statements_.clear();
        return "DEALLOCATE ALL";
      }
      FindStatement(d.name);
      statements_.erase(d.name);
      return "DEALLOCATE";
    }
    case UtilityTag::kCreateTableAs:
      return RunCreateTableAsExecute(static_cast<const nodes::CreateTableAsStmt&>(stmt));
    case UtilityTag::kDiscard:
      return RunDiscard(static_cast<const nodes::DiscardStmt&>(stmt));
    case UtilityTag::kDeclareCursor:
      return RunDeclareCursor(static_cast<const nodes::DeclareCursorStmt&>(stmt), std::move(memory),
                              std::move(owner));
    case UtilityTag::kFetch:
      return RunFetch(static_cast<const nodes::FetchStmt&>(stmt), sink, send_row_description);
    case UtilityTag::kClosePortal: {
      const auto& c = static_cast<const nodes::ClosePortalStmt&>(stmt);
      if (c.portalname.empty()) {
        DropPortals();
        return "CLOSE CURSOR ALL";
      }
      auto it = portals_.find(c.portalname);
      if (it == portals_.end()) {
        throw MakeError(errcode::kInvalidCursorName, "cursor \"{}\" does not exist", c.portalname);
      }
      portals_.erase(it);
      return "CLOSE CURSOR";
    }
    default:
      return std::nullopt;
  }
}

std::string HyraxEngine::RunPrepare(const nodes::PrepareStmt& stmt,
                                    std::unique_ptr<MemoryContext> memory,
                                    std::shared_ptr<const void> owner) {
  if (statements_.count(stmt.name) > 0) {
    throw MakeError(errcode::kDuplicatePstatement, "prepared statement \"{}\" already exists",
                    stmt.name);
  }
  auto ps = std::make_shared<PreparedStatement>();
  ps->memory = std::move(memory);
  ps->owner = std::move(owner);
  ps->query = stmt.query;
  ps->param_types = stmt.query->paramTypes;
  ps->source_text = stmt.query_text;
  ps->relation_stamps = StampRelations(*stmt.query);
  statements_[stmt.name] = std::move(ps);
  return "PREPARE";
}

std::string HyraxEngine::RunExecute(const nodes::ExecuteStmt& stmt, backend::ResultSink& sink,
                                    bool send_row_description) {
  return WithExecuteParams(stmt,
                           [&](const nodes::Query& query, const executor::ParamListInfo& params) {
                             return RunPlannable(query, &params, sink, {}, send_row_description);
                           });
}

std::string HyraxEngine::WithExecuteParams(const nodes::ExecuteStmt& stmt, const ExecuteFn& run) {
  std::shared_ptr<PreparedStatement> ps = FindStatement(stmt.name);
  RevalidatePreparedStatement(*ps);
  if (stmt.params.size() != ps->param_types.size()) {
    throw MakeError(errcode::kSyntaxError,
                    "wrong number of parameters for prepared statement \"{}\"", stmt.name)
        .Detail(fmt::format("Expected {} parameters but got {}.", ps->param_types.size(),
                            stmt.params.size()));
  }
  // PostgreSQL's EvaluateParams: coerce each argument (assignment rules), then compute it.
  executor::ParamListInfo params;
  params.params.resize(stmt.params.size());
  parser::ParseState pstate;
  executor::ExecState estate;
  estate.snapshot = storage::GetTransactionSnapshot();
  executor::ExprContext econtext(&estate);
  // The coerced expressions own the values of their constants: kept until the end.
  std::vector<nodes::ExprPtr> coerced_args;
  std::vector<std::unique_ptr<executor::ExprState>> states;
  for (size_t i = 0; i < stmt.params.size(); ++i) {
    const nodes::ExprPtr& arg = stmt.params[i];
    Oid given = nodes::ExprType(*arg);
    Oid expected = ps->param_types[i];
    nodes::ExprPtr coerced = parser::CoerceToTargetType(pstate, arg, given, expected, -1,
                                                        parser::CoercionContext::kAssignment,
                                                        nodes::CoercionForm::kImplicitCast, -1);
    if (!coerced) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "parameter ${} of type {} cannot be coerced to the expected type {}", i + 1,
                      parser::FormatTypeBe(given), parser::FormatTypeBe(expected))
          .Hint("You will need to rewrite or cast the expression.");
    }
    coerced_args.push_back(coerced);
    states.push_back(executor::ExecInitExpr(*coerced, &estate));
    executor::ParamExternData& p = params.params[i];
    p.ptype = expected;
    p.value = executor::ExecEvalExpr(states.back().get(), &econtext, &p.isnull);
  }
  if (!ps->query || ps->query->commandType == nodes::CmdType::kUtility) {
    throw Error(errcode::kFeatureNotSupported, "EXECUTE of a utility statement is not supported");
  }
  return run(*ps->query, params);
}

std::optional<std::string> HyraxEngine::RunCreateTableAsExecute(
    const nodes::CreateTableAsStmt& stmt) {
  if (stmt.already_exists || !stmt.query || !stmt.query->utilityStmt ||
      stmt.query->utilityStmt->tag != nodes::UtilityTag::kExecute) {
    return std::nullopt;
  }
  const auto& execute = static_cast<const nodes::ExecuteStmt&>(*stmt.query->utilityStmt);
  return WithExecuteParams(execute,
                           [&](const nodes::Query& query, const executor::ParamListInfo& params) {
                             return RunCreateTableAs(stmt, session_, query, &params);
                           });
}

std::string HyraxEngine::RunDiscard(const nodes::DiscardStmt& stmt) {
  switch (stmt.target) {
    case nodes::DiscardTarget::kAll: {
      storage::PreventInTransactionBlock("DISCARD ALL");
      DropPortals();
      statements_.clear();
      executor::commands::DropSessionTempRelations();
      nodes::VariableSetStmt reset;
      reset.kind = nodes::VariableSetKind::kResetAll;
      RunVariableSet(reset, session_);
      storage::DiscardAllSequenceState();
      return "DISCARD ALL";
    }
    case nodes::DiscardTarget::kPlans:
      return "DISCARD PLANS";  // no plan is cached across executions
    case nodes::DiscardTarget::kSequences:
      storage::DiscardAllSequenceState();
      return "DISCARD SEQUENCES";
    case nodes::DiscardTarget::kTemp:
      executor::commands::DropSessionTempRelations();
      return "DISCARD TEMP";
  }
  return "DISCARD";
}

std::string HyraxEngine::RunDeclareCursor(const nodes::DeclareCursorStmt& stmt,
                                          std::unique_ptr<MemoryContext> memory,
                                          std::shared_ptr<const void> owner) {
  if (stmt.options & nodes::kCursorOptHold) {
    throw Error(errcode::kFeatureNotSupported, "DECLARE CURSOR WITH HOLD is not supported yet");
  }
  storage::RequireTransactionBlock("DECLARE CURSOR");
  if (stmt.portalname.empty()) {
    throw Error(errcode::kInvalidCursorName, "invalid cursor name: must not be empty");
  }
  if (portals_.count(stmt.portalname) > 0) {
    throw MakeError(errcode::kDuplicateCursor, "cursor \"{}\" already exists", stmt.portalname);
  }
  auto ps = std::make_shared<PreparedStatement>();
  ps->memory = std::move(memory);
  ps->owner = std::move(owner);
  ps->query = stmt.query;
  auto portal = std::make_shared<Portal>();
  portal->memory = std::make_unique<MemoryContext>("Portal");
  portal->statement = ps;
  portal->is_cursor = true;
  if (stmt.options & nodes::kCursorOptBinary) portal->result_formats = {1};
  // The cursor sees the data as of DECLARE, whatever later statements of the transaction do.
  portal->snapshot = std::make_unique<storage::SnapshotData>(*storage::GetTransactionSnapshot());
  MemoryContextScope scope(portal->memory.get());
  auto desc = std::make_unique<executor::QueryDesc>();
  desc->plannedstmt = planner::Planner(*ps->query);
  desc->params = &portal->params;
  desc->snapshot = portal->snapshot.get();
  executor::ExecutorStart(desc.get());
  portal->cursor.scrollable = CursorIsScrollable(stmt.options, *desc->plannedstmt);
  if (portal->cursor.scrollable) {
    portal->cursor.store = std::make_unique<executor::ScrollStore>(desc->result_desc.tupdesc);
  }
  portal->query_desc = std::move(desc);
  portals_[stmt.portalname] = std::move(portal);
  return "DECLARE CURSOR";
}

std::string HyraxEngine::RunFetch(const nodes::FetchStmt& stmt, backend::ResultSink& sink,
                                  bool send_row_description) {
  auto it = portals_.find(stmt.portalname);
  if (it == portals_.end() || !it->second->is_cursor) {
    throw MakeError(errcode::kInvalidCursorName, "cursor \"{}\" does not exist", stmt.portalname);
  }
  std::shared_ptr<Portal> portal = it->second;
  MemoryContextScope scope(portal->memory.get());
  executor::NullDestReceiver discard;
  ProtocolDest protocol_dest(sink, portal->result_formats, send_row_description);
  executor::DestReceiver* dest =
      stmt.ismove ? static_cast<executor::DestReceiver*>(&discard) : &protocol_dest;
  uint64_t count = RunCursorFetch(&portal->cursor, portal->query_desc.get(), stmt, dest);
  return fmt::format("{} {}", stmt.ismove ? "MOVE" : "FETCH", count);
}

}  // namespace hyrax::server::engine
