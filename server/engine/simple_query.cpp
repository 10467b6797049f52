// The simple Query message (PostgreSQL's exec_simple_query): parse the whole string, then
// for each statement open its transaction, refuse anything but COMMIT/ROLLBACK in a failed
// block (25P02), analyze, run, and end the statement. Several statements in one message
// share one implicit transaction block, so they commit or fail together unless they
// contain their own transaction control. CommandComplete is sent only after the
// statement's commit, so a client never sees success for work that was not made durable.
#include "common/error.h"
#include "common/memory_context.h"
#include "parser/analyze/analyze.h"
#include "parser/raw/raw_parser.h"
#include "server/engine/analysis_options.h"
#include "server/engine/command_tag.h"
#include "server/engine/hyrax_engine.h"
#include "storage/catalog/inval.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

std::string HyraxEngine::RunSimpleStatement(const nodes::Query& query, backend::ResultSink& sink,
                                            std::unique_ptr<MemoryContext> memory) {
  if (query.commandType == nodes::CmdType::kUtility) {
    std::optional<std::string> tag =
        RunSessionCommand(query, sink, /*send_row_description=*/true, std::move(memory), nullptr);
    if (tag) return *tag;
    return RunUtility(query, sink, session_, /*send_row_description=*/true);
  }
  return RunPlannable(query, nullptr, sink, {}, /*send_row_description=*/true);
}

void HyraxEngine::ExecuteSimpleQuery(std::string_view query_string, backend::ResultSink& sink) {
  MemoryContext message_context("MessageContext");
  MemoryContextScope scope(&message_context);
  // The unnamed statement and portal do not survive a simple Query (PostgreSQL drops them).
  statements_.erase("");
  portals_.erase("");
  StartXactCommand();
  storage::SetCurrentStatementStartTimestamp();
  std::vector<parser::raw::RawStatement> statements = parser::raw::RawParse(query_string);
  if (statements.empty()) {
    FinishXactCommand();
    sink.EmptyQuery();
    return;
  }
  bool implicit_block = statements.size() > 1;
  for (size_t i = 0; i < statements.size(); ++i) {
    const parser::raw::RawStatement& raw = statements[i];
    bool last = i + 1 == statements.size();
    StartXactCommand();
    if (implicit_block) storage::BeginImplicitTransactionBlock();
    catalog::AcceptInvalidationMessages();
    if (storage::IsAbortedTransactionBlockState() && !parser::raw::IsTransactionExitStmt(raw)) {
      ThrowAbortedBlock();
    }
    nodes::QueryPtr query = parser::Analyze(raw, LockingAnalyzeOptions());
    std::unique_ptr<MemoryContext> own_memory;
    if (NeedsOwnMemory(*query)) {
      // The tree outlives this message: analyze it again into a context of its own.
      own_memory = std::make_unique<MemoryContext>("PreparedStatement");
      MemoryContextScope own_scope(own_memory.get());
      query = parser::Analyze(raw, LockingAnalyzeOptions());
    }
    sink.BeginStatement(StatementTag(*query));
    std::string tag = RunSimpleStatement(*query, sink, std::move(own_memory));
    storage::EndStatementSnapshot();
    if (last) {
      if (implicit_block) storage::EndImplicitTransactionBlock();
      FinishXactCommand();
    } else if (parser::raw::IsTransactionStmt(raw)) {
      FinishXactCommand();
    } else {
      storage::CommandCounterIncrement();
    }
    sink.CommandComplete(tag);
  }
  FinishXactCommand();
}

}  // namespace hyrax::server::engine
