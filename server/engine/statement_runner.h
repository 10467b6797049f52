// Runs one analyzed statement inside the current transaction and reports its rows through
// a ResultSink: plannable statements go through planner::Planner and the executor with a
// ProtocolDest; utility statements through the dispatcher in utility_runner.cpp. Shared by
// the simple-query loop (simple_query.cpp) and portals (extended_query.cpp).
#pragma once

#include <string>
#include <vector>

#include "executor/exec/dest_receiver.h"
#include "executor/exec/params.h"
#include "nodes/parsenodes.h"
#include "nodes/utility_stmts.h"
#include "server/backend/engine.h"

namespace hyrax::server::engine {

// Who is running the statement (permission checks, SET context, object owners).
struct SessionContext {
  Oid role_oid = kInvalidOid;
  bool is_superuser = false;
  std::string user_name;
  std::string database_name;
};

// Runs a utility statement; returns its CommandComplete tag. Statements with a result set
// (SHOW, EXPLAIN) send RowDescription (when `send_row_description`) and DataRows.
std::string RunUtility(const nodes::Query& query, backend::ResultSink& sink,
                       const SessionContext& session, bool send_row_description);

// EXPLAIN of `query` (the statement's own, or a prepared statement's for EXPLAIN EXECUTE,
// with its bound `params`): sends the QUERY PLAN rows; returns "EXPLAIN".
std::string RunExplainOf(const nodes::ExplainStmt& stmt, const nodes::Query& query,
                         const executor::ParamListInfo* params, backend::ResultSink& sink,
                         bool send_row_description);

// Plans and runs a SELECT/INSERT/UPDATE/DELETE to completion; returns "SELECT n" etc.
// Plans `query` and runs it to completion into `dest` (ExecutorEnd also on error); returns
// the executor's processed-row count. Shared by RunPlannable, CREATE TABLE AS and COPY TO.
uint64_t RunQueryToDest(const nodes::Query& query, executor::DestReceiver* dest,
                        const executor::ParamListInfo* params = nullptr);

std::string RunPlannable(const nodes::Query& query, const executor::ParamListInfo* params,
                         backend::ResultSink& sink, const std::vector<int16_t>& result_formats,
                         bool send_row_description);

// Sends a result set of text columns (SHOW, EXPLAIN): RowDescription (if asked) + rows.
void SendTextRows(backend::ResultSink& sink, const std::vector<std::string>& column_names,
                  const std::vector<std::vector<std::string>>& rows, bool send_row_description,
                  uint32_t type_oid = 25);

// The result columns of an analyzed statement, without running it (Describe), in the
// given result formats; nullopt = NoData.
std::optional<std::vector<backend::ColumnDescription>> QueryResultColumns(
    const nodes::Query& query, const std::vector<int16_t>& result_formats);

// The columns a utility statement returns (SHOW, EXPLAIN, ...), or nullopt: for Describe.
std::optional<std::vector<backend::ColumnDescription>> UtilityResultColumns(
    const nodes::Query& query);

// The SET/RESET/SHOW statements (variable_commands.cpp).
std::string RunVariableSet(const nodes::UtilityStmt& stmt, const SessionContext& session);
// SHOW name / SHOW ALL rows, and the column name SHOW uses (the setting's canonical name).
std::vector<std::vector<std::string>> ShowRows(const std::string& name,
                                               const SessionContext& session);
std::string ShowColumnName(const std::string& name);

// CREATE DATABASE / DROP DATABASE (database_runner.cpp); returns the tag.
std::string RunDatabaseCommand(const nodes::UtilityStmt& stmt, const SessionContext& session);

// CREATE ROLE / ALTER ROLE / DROP ROLE (role_runner.cpp); returns the tag.
std::string RunRoleCommand(const nodes::UtilityStmt& stmt, const SessionContext& session);

// CREATE TABLE ... AS / SELECT ... INTO (create_table_as_runner.cpp): creates the table from
// the columns of `query` (stmt.query, or the prepared statement's query for AS EXECUTE,
// with its parameter values) and fills it; returns "SELECT n" or "CREATE TABLE AS".
std::string RunCreateTableAs(const nodes::CreateTableAsStmt& stmt, const SessionContext& session,
                             const nodes::Query& query,
                             const executor::ParamListInfo* params = nullptr);

// COPY FROM STDIN / TO STDOUT (copy_runner.cpp); returns "COPY n".
std::string RunCopy(const nodes::CopyStmt& stmt, backend::ResultSink& sink,
                    const SessionContext& session);

// BEGIN/COMMIT/ROLLBACK/SAVEPOINT ... (transaction_commands.cpp); returns the tag.
std::string RunTransactionStmt(const nodes::UtilityStmt& stmt);

}  // namespace hyrax::server::engine
