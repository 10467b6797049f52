// The message loop of a session (PostgreSQL's PostgresMain): ReadyForQuery with the
// changed ParameterStatus values, simple Query, the extended-protocol messages with
// skip-until-Sync after an error, fast-path calls, notices and error reports.
#include <fmt/format.h>

#include "common/guc/guc.h"
#include "common/interrupts.h"
#include "common/logging.h"
#include "server/backend/backend_signals.h"
#include "server/backend/session.h"
#include "server/backend/timeouts.h"
#include "server/config/conf_file.h"
#include "server/config/server_gucs.h"
#include "server/postmaster/process_title.h"
#include "server/protocol/error_messages.h"
#include "server/protocol/session_messages.h"

namespace hyrax::server::backend {

namespace {

// Messages whose errors start skip-until-Sync (PostgreSQL's doing_extended_query_message).
bool IsExtendedMessage(char type) {
  return type == 'P' || type == 'B' || type == 'D' || type == 'E' || type == 'C' || type == 'H';
}

// Marks the wait for the next command: cancels that arrive now are dropped (they target a
// statement that already finished), as PostgreSQL does while DoingCommandRead.
class CommandRead {
 public:
  CommandRead() {
    g_doing_command_read = 1;
    g_query_cancel_pending = 0;
    g_statement_timeout_pending = 0;
    g_lock_timeout_pending = 0;
  }
  ~CommandRead() { g_doing_command_read = 0; }
  CommandRead(const CommandRead&) = delete;
  CommandRead& operator=(const CommandRead&) = delete;
};

}  // namespace

void Session::MessageLoop() {
  for (;;) {
    if (send_ready_for_query_ && !ignore_till_sync_) SendReadyForQuery();
    std::optional<char> type;
    std::string body;
    {
      CommandRead reading;
      type = connection_.ReadMessageType();
      if (type && (!protocol::IsFrontendMessageType(*type) || *type == 'p')) {
        throw Error(errcode::kProtocolViolation,
                    fmt::format("invalid frontend message type {}", static_cast<int>(*type)),
                    Severity::kFatal);
      }
      if (type) body = connection_.ReadMessageBody(*type);
    }
    DisableTimeout(TimeoutId::kIdleInTransaction);
    DisableTimeout(TimeoutId::kIdleSession);
    if (!type) return;  // the client closed the connection
    if (g_config_reload_pending) {
      g_config_reload_pending = 0;
      if (!config::g_config_file.empty()) {
        config::ProcessConfigFile(config::g_config_file, guc::GucContext::kSighup);
      }
    }
    if (ignore_till_sync_ && *type != 'S' && *type != 'X') continue;
    try {
      protocol::FrontendMessage message = protocol::DecodeFrontendMessage(*type, std::move(body));
      if (!Dispatch(message)) return;
    } catch (const Error& error) {
      if (error.severity() >= Severity::kFatal) throw;
      RecoverFromError(error, IsExtendedMessage(*type));
    } catch (const std::bad_alloc&) {
      RecoverFromError(Error(errcode::kOutOfMemory, "out of memory"), IsExtendedMessage(*type));
    }
  }
}

bool Session::Dispatch(protocol::FrontendMessage& message) {
  if (auto* query = std::get_if<protocol::Query>(&message)) {
    ExecuteSimpleQuery(query->text);
    return true;
  }
  if (std::holds_alternative<protocol::Terminate>(message)) return false;
  if (std::holds_alternative<protocol::CopyData>(message) ||
      std::holds_alternative<protocol::CopyDone>(message) ||
      std::holds_alternative<protocol::CopyFail>(message)) {
    return true;  // left over from a failed COPY: ignored, as the protocol says
  }
  if (auto* call = std::get_if<protocol::FunctionCall>(&message)) {
    engine_->ReportActivity(ActivityState::kActive, "<FASTPATH function call>");
    std::optional<std::string> result = engine_->CallFunction(*call);
    protocol::WriteFunctionCallResponse(connection_.out(), result);
    send_ready_for_query_ = true;
    return true;
  }
  HandleExtended(message);
  return true;
}

void Session::ExecuteSimpleQuery(const std::string& text) {
  engine_->ReportActivity(ActivityState::kActive, text);
  engine_->ExecuteSimpleQuery(text, sink_);
  ProtocolSink::DisarmStatementTimeout();
  send_ready_for_query_ = true;
}

void Session::HandleExtended(protocol::FrontendMessage& message) {
  std::string& out = connection_.out();
  if (auto* parse = std::get_if<protocol::Parse>(&message)) {
    engine_->Parse(*parse);
    protocol::WriteEmpty(out, '1');
  } else if (auto* bind = std::get_if<protocol::Bind>(&message)) {
    engine_->Bind(*bind);
    protocol::WriteEmpty(out, '2');
  } else if (auto* describe = std::get_if<protocol::Describe>(&message)) {
    std::optional<std::vector<ColumnDescription>> columns;
    if (describe->kind == protocol::ObjectKind::kStatement) {
      StatementDescription description = engine_->DescribeStatement(describe->name);
      protocol::WriteParameterDescription(out, description.param_types);
      columns = std::move(description.columns);
    } else {
      columns = engine_->DescribePortal(describe->name);
    }
    if (columns) {
      protocol::WriteRowDescription(out, *columns);
    } else {
      protocol::WriteEmpty(out, 'n');
    }
  } else if (auto* execute = std::get_if<protocol::Execute>(&message)) {
    // The engine reports the portal's statement text as the active query (it knows it).
    ProtocolSink::ArmStatementTimeout();
    ExecuteResult result = engine_->Execute(execute->portal, execute->max_rows, sink_);
    ProtocolSink::DisarmStatementTimeout();
    if (result == ExecuteResult::kSuspended) protocol::WriteEmpty(out, 's');
  } else if (auto* close = std::get_if<protocol::Close>(&message)) {
    engine_->Close(close->kind, close->name);
    protocol::WriteEmpty(out, '3');
  } else if (std::holds_alternative<protocol::Flush>(message)) {
    connection_.Flush();
  } else if (std::holds_alternative<protocol::Sync>(message)) {
    ignore_till_sync_ = false;
    engine_->Sync();
    send_ready_for_query_ = true;
  }
}

// PostgreSQL's error recovery in PostgresMain: report, abort the transaction, then either
// ReadyForQuery or (for extended-protocol messages) skip everything until Sync.
void Session::RecoverFromError(const Error& error, bool extended) {
  ProtocolSink::DisarmStatementTimeout();
  ReportError(error);
  engine_->AbortAfterError();
  if (extended) {
    ignore_till_sync_ = true;
  } else {
    send_ready_for_query_ = true;
  }
}

void Session::ReportError(const Error& error) {
  log::Emit(error.severity(), error.message());
  InterruptHoldoff holdoff;
  protocol::WriteErrorResponse(connection_.out(), error);
  connection_.Flush();
}

void Session::SendReadyForQuery() {
  for (const auto& [name, value] : guc::TakeReportChanges()) {
    protocol::WriteParameterStatus(connection_.out(), {name, value});
  }
  TransactionStatus status = engine_->GetTransactionStatus();
  // The idle state is published before ReadyForQuery (as PostgreSQL), so a client that
  // has its answer never finds the session still "active" in pg_stat_activity.
  switch (status) {
    case TransactionStatus::kIdle:
      engine_->ReportActivity(ActivityState::kIdle, "");
      SetActivityTitle("idle");
      break;
    case TransactionStatus::kInBlock:
      engine_->ReportActivity(ActivityState::kIdleInTransaction, "");
      SetActivityTitle("idle in transaction");
      break;
    case TransactionStatus::kFailed:
      engine_->ReportActivity(ActivityState::kIdleInTransactionAborted, "");
      SetActivityTitle("idle in transaction (aborted)");
      break;
  }
  protocol::WriteReadyForQuery(connection_.out(), status);
  connection_.Flush();
  send_ready_for_query_ = false;
  if (status == TransactionStatus::kIdle) {
    EnableTimeout(TimeoutId::kIdleSession, config::g_idle_session_timeout_ms);
  } else {
    EnableTimeout(TimeoutId::kIdleInTransaction, config::g_idle_in_transaction_session_timeout_ms);
  }
}

void Session::DeliverNotice(const Error& notice) {
  if (log::IsEnabled(notice.severity())) log::Emit(notice.severity(), notice.message());
  const bool to_client =
      notice.severity() == Severity::kInfo || notice.severity() >= config::g_client_min_messages;
  if (!to_client || connection_.broken()) return;
  InterruptHoldoff holdoff;
  protocol::WriteErrorResponse(connection_.out(), notice, true);
  connection_.Flush();
}

void Session::SetActivityTitle(std::string_view activity) {
  if (!config::g_update_process_title) return;
  postmaster::SetProcessTitle(fmt::format("{} {}", title_prefix_, activity));
}

}  // namespace hyrax::server::backend
