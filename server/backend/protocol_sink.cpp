// ResultSink writing protocol messages (see server/backend/protocol_sink.h). COPY FROM
// STDIN message handling follows PostgreSQL's CopyGetData: Flush and Sync are skipped,
// CopyFail raises 57014, anything else is a protocol violation.
#include "server/backend/protocol_sink.h"

#include <fmt/format.h>

#include "common/error.h"
#include "server/backend/timeouts.h"
#include "server/config/server_gucs.h"
#include "server/protocol/copy_messages.h"
#include "server/protocol/frontend_message.h"

namespace hyrax::server::backend {

void ProtocolSink::ArmStatementTimeout() {
  EnableTimeout(TimeoutId::kStatement, config::g_statement_timeout_ms);
}

void ProtocolSink::DisarmStatementTimeout() {
  DisableTimeout(TimeoutId::kStatement);
}

void ProtocolSink::BeginStatement(std::string_view command_tag) {
  if (on_statement_) on_statement_(command_tag);
  ArmStatementTimeout();
}

void ProtocolSink::RowDescription(std::span<const ColumnDescription> columns) {
  protocol::WriteRowDescription(connection_.out(), columns);
}

void ProtocolSink::DataRow(std::span<const FieldValue> values) {
  protocol::WriteDataRow(connection_.out(), values);
  connection_.MaybeFlush();
}

void ProtocolSink::CommandComplete(std::string_view tag) {
  DisarmStatementTimeout();
  protocol::WriteCommandComplete(connection_.out(), tag);
}

void ProtocolSink::EmptyQuery() {
  DisarmStatementTimeout();
  protocol::WriteEmptyQueryResponse(connection_.out());
}

void ProtocolSink::BeginCopyOut(int8_t format, std::span<const int16_t> column_formats) {
  protocol::WriteCopyResponse(
      connection_.out(),
      {protocol::CopyDirection::kOut, format, {column_formats.begin(), column_formats.end()}});
}

void ProtocolSink::CopyData(std::string_view data) {
  protocol::WriteCopyData(connection_.out(), data);
  connection_.MaybeFlush();
}

void ProtocolSink::EndCopyOut() {
  protocol::WriteCopyDone(connection_.out());
}

CopyInSource& ProtocolSink::BeginCopyIn(int8_t format, std::span<const int16_t> column_formats) {
  protocol::WriteCopyResponse(
      connection_.out(),
      {protocol::CopyDirection::kIn, format, {column_formats.begin(), column_formats.end()}});
  connection_.Flush();
  return *this;
}

std::optional<std::string> ProtocolSink::Next() {
  for (;;) {
    std::optional<char> type = connection_.ReadMessageType();
    if (!type) {
      throw Error(errcode::kConnectionFailure,
                  "unexpected EOF on client connection with an open transaction", Severity::kFatal);
    }
    if (!protocol::IsFrontendMessageType(*type) || *type == 'p') {
      throw Error(errcode::kProtocolViolation,
                  fmt::format("invalid frontend message type {}", static_cast<int>(*type)),
                  Severity::kFatal);
    }
    std::string body = connection_.ReadMessageBody(*type);
    switch (*type) {
      case 'd':
        return body;
      case 'c':
        return std::nullopt;
      case 'f':
        throw MakeError(errcode::kQueryCanceled, "COPY from stdin failed: {}",
                        protocol::DecodeCopyFail(body).message);
      case 'H':
      case 'S':
        continue;
      default:
        throw MakeError(errcode::kProtocolViolation,
                        "unexpected message type 0x{:02X} during COPY from stdin",
                        static_cast<unsigned char>(*type));
    }
  }
}

}  // namespace hyrax::server::backend
