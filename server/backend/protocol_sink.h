// The session's ResultSink: turns the engine's result events into protocol messages on
// the client connection (RowDescription, DataRow, CommandComplete, EmptyQueryResponse,
// CopyOut/CopyIn), arms statement_timeout for each statement, and reads the client's COPY
// FROM STDIN data. One per session.
#pragma once

#include <functional>
#include <string_view>

#include "server/backend/engine.h"
#include "server/protocol/connection.h"

namespace hyrax::server::backend {

class ProtocolSink final : public ResultSink, public CopyInSource {
 public:
  // `on_statement` is told the command tag of each statement as it begins (process title).
  ProtocolSink(protocol::Connection& connection, std::function<void(std::string_view)> on_statement)
      : connection_(connection), on_statement_(std::move(on_statement)) {}

  void BeginStatement(std::string_view command_tag) override;
  void RowDescription(std::span<const ColumnDescription> columns) override;
  void DataRow(std::span<const FieldValue> values) override;
  void CommandComplete(std::string_view tag) override;
  void EmptyQuery() override;
  void BeginCopyOut(int8_t format, std::span<const int16_t> column_formats) override;
  void CopyData(std::string_view data) override;
  void EndCopyOut() override;
  CopyInSource& BeginCopyIn(int8_t format, std::span<const int16_t> column_formats) override;

  std::optional<std::string> Next() override;

  // Arms statement_timeout for work outside BeginStatement (extended-protocol Execute).
  static void ArmStatementTimeout();
  static void DisarmStatementTimeout();

 private:
  protocol::Connection& connection_;
  std::function<void(std::string_view)> on_statement_;
};

}  // namespace hyrax::server::backend
