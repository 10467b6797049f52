// RunCreateTableAs (statement_runner.h): CREATE TABLE ... AS and SELECT ... INTO, as
// PostgreSQL's ExecCreateTableAs: the table is created from the query's output columns
// (executor/commands/create_table_as.h), made visible with CommandCounterIncrement, then
// the planned query runs into it. The tag is "SELECT n", or "CREATE TABLE AS" when no
// rows were written by design (WITH NO DATA, IF NOT EXISTS on an existing table).
#include <fmt/format.h>

#include "executor/commands/create_table_as.h"
#include "executor/commands/table_commands.h"
#include "server/engine/statement_runner.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

std::string RunCreateTableAs(const nodes::CreateTableAsStmt& stmt, const SessionContext& session,
                             const nodes::Query& query, const executor::ParamListInfo* params) {
  storage::PreventCommandIfReadOnly(stmt.is_select_into ? "SELECT INTO" : "CREATE TABLE AS");
  Oid relid = executor::commands::CreateTable(executor::commands::TableForQuery(stmt, query),
                                              session.role_oid);
  if (relid == kInvalidOid || !stmt.with_data) return "CREATE TABLE AS";
  storage::CommandCounterIncrement();
  executor::commands::IntoRelDest dest(relid);
  RunQueryToDest(query, &dest, params);
  return fmt::format("SELECT {}", dest.rows());
}

}  // namespace hyrax::server::engine
