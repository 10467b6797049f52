// The production Engine (server/backend/engine.h): one per backend process. This class
// owns the session-level state below the protocol — the proc slot, the catalog caches,
// the connected database and role — and delegates SQL to the query path (simple_query.cpp,
// extended_query.cpp). docs/life-of-a-query.md follows one statement through it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "server/backend/engine.h"
#include "server/engine/portal.h"
#include "server/engine/statement_runner.h"
#include "storage/catalog/heap_catalog.h"

namespace hyrax::server::engine {

class HyraxEngine : public backend::Engine {
 public:
  HyraxEngine();
  ~HyraxEngine() override;

  void InitProcess(const backend::ProcessStartInfo& info) override;
  std::optional<backend::RoleInfo> LookupRole(std::string_view user_name) override;
  bool IsMemberOfRole(std::string_view user_name, std::string_view role_name) override;
  backend::SessionIdentity InitSession(std::string_view user_name,
                                       std::string_view database_name) override;
  void ExecuteSimpleQuery(std::string_view query, backend::ResultSink& sink) override;
  void Parse(const protocol::Parse& message) override;
  void Bind(const protocol::Bind& message) override;
  backend::StatementDescription DescribeStatement(std::string_view name) override;
  std::optional<std::vector<backend::ColumnDescription>> DescribePortal(
      std::string_view name) override;
  backend::ExecuteResult Execute(std::string_view portal, int32_t max_rows,
                                 backend::ResultSink& sink) override;
  void Close(protocol::ObjectKind kind, std::string_view name) override;
  void Sync() override;
  std::optional<std::string> CallFunction(const protocol::FunctionCall& message) override;
  void AbortAfterError() override;
  backend::TransactionStatus GetTransactionStatus() override;
  std::optional<int32_t> FindCancelKey(int32_t pid) override;
  void ReportActivity(backend::ActivityState state, std::string_view query) override;
  void Shutdown() override;

 private:
  // Runs `fn` inside a transaction of its own (catalog reads at connection start).
  template <typename Fn>
  auto InTransaction(Fn fn) -> decltype(fn());

  // PostgreSQL's start_xact_command / finish_xact_command: open the statement's
  // transaction once, end it (commit an implicit transaction, CCI inside a block).
  void StartXactCommand();
  // `ending_block`: the statement was COMMIT/ROLLBACK, so the transaction ends here.
  void FinishXactCommand(bool ending_block = false);
  // Drops every portal (before the transaction that owns them ends).
  void DropPortals();
  // Analysis options: lock each relation the statement opens.
  // Runs one analyzed statement of a simple Query message; returns its tag.
  std::string RunSimpleStatement(const nodes::Query& query, backend::ResultSink& sink,
                                 std::unique_ptr<MemoryContext> memory);
  // PREPARE / EXECUTE / DEALLOCATE / DISCARD and the cursor statements (DECLARE, FETCH,
  // MOVE, CLOSE), which act on the session's prepared statements and portals
  // (session_commands.cpp). Returns nullopt for any other statement. `memory` holds the
  // by-reference constants of `query` when the caller analyzed it into a context of its
  // own (simple query: see NeedsOwnMemory); `owner` otherwise keeps them alive.
  std::optional<std::string> RunSessionCommand(const nodes::Query& query, backend::ResultSink& sink,
                                               bool send_row_description,
                                               std::unique_ptr<MemoryContext> memory,
                                               std::shared_ptr<const void> owner);
  // True for statements whose analyzed tree outlives the message (PREPARE, DECLARE).
  static bool NeedsOwnMemory(const nodes::Query& query);
  // The result columns of a statement for Describe, including EXECUTE and FETCH.
  std::optional<std::vector<backend::ColumnDescription>> ResultColumns(
      const nodes::Query& query, const std::vector<int16_t>& result_formats);
  std::string RunPrepare(const nodes::PrepareStmt& stmt, std::unique_ptr<MemoryContext> memory,
                         std::shared_ptr<const void> owner);
  std::string RunExecute(const nodes::ExecuteStmt& stmt, backend::ResultSink& sink,
                         bool send_row_description);
  // Evaluates EXECUTE's arguments for its prepared statement (PostgreSQL's EvaluateParams)
  // and calls `run` with the statement's query and the values, valid during the call.
  // Throws 26000 for an unknown statement, 42601 for a wrong argument count, 42804 for an
  // argument that does not coerce, 0A000 for a prepared utility statement.
  using ExecuteFn = std::function<std::string(const nodes::Query&, const executor::ParamListInfo&)>;
  std::string WithExecuteParams(const nodes::ExecuteStmt& stmt, const ExecuteFn& run);
  // CREATE TABLE ... AS EXECUTE name(args); nullopt for any other CREATE TABLE AS.
  std::optional<std::string> RunCreateTableAsExecute(const nodes::CreateTableAsStmt& stmt);
  std::string RunDeclareCursor(const nodes::DeclareCursorStmt& stmt,
                               std::unique_ptr<MemoryContext> memory,
                               std::shared_ptr<const void> owner);
  std::string RunFetch(const nodes::FetchStmt& stmt, backend::ResultSink& sink,
                       bool send_row_description);
  std::string RunDiscard(const nodes::DiscardStmt& stmt);
  std::shared_ptr<PreparedStatement> FindStatement(std::string_view name);
  std::shared_ptr<Portal> FindPortal(std::string_view name);

  std::unique_ptr<catalog::HeapCatalog> catalog_;
  bool attached_ = false;
  std::string user_name_;
  std::string database_name_;
  Oid role_oid_ = kInvalidOid;
  bool is_superuser_ = false;
  SessionContext session_;
  bool xact_started_ = false;
  std::map<std::string, std::shared_ptr<PreparedStatement>, std::less<>> statements_;
  std::map<std::string, std::shared_ptr<Portal>, std::less<>> portals_;
};

}  // namespace hyrax::server::engine
