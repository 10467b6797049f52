// The executor driver (PostgreSQL's execMain.c): ExecutorStart locks and opens the range
// table, takes the snapshot and command id, and builds the operator tree; ExecutorRun pulls
// rows into the DestReceiver; ExecutorFinish ends instrumentation loops; ExecutorEnd closes
// everything. executor/README.md "Life of a query" walks one statement through it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "executor/exec/dest_receiver.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/operator.h"
#include "nodes/plannodes.h"

namespace hyrax::executor {

// Everything one execution needs (PostgreSQL's QueryDesc).
struct QueryDesc {
  nodes::PlannedStmtPtr plannedstmt;
  std::string source_text;
  DestReceiver* dest = nullptr;           // not owned
  const ParamListInfo* params = nullptr;  // $n values, may be null; must outlive the run
  int instrument_options = 0;             // InstrumentOption bits (EXPLAIN ANALYZE)
  // Snapshot to run under (the portal's); null: GetTransactionSnapshot() at ExecutorStart.
  // Must outlive the execution.
  storage::Snapshot snapshot = nullptr;

  // Filled by ExecutorStart.
  std::unique_ptr<ExecState> estate;
  OperatorPtr planstate;
  ResultDesc result_desc;
  bool finished = false;
};

enum ExecFlags : int {
  kExecFlagNone = 0,
  kExecFlagExplainOnly = 1 << 0,  // build the operator tree but never run it
};

// Requires: a transaction is open. Locks every relation RTE with its rellockmode.
void ExecutorStart(QueryDesc* query, int eflags = kExecFlagNone);
// Runs to completion (count == 0) or until `count` rows were sent; calls the receiver's
// Startup/Shutdown around the rows. Returns the number of rows sent.
uint64_t ExecutorRun(QueryDesc* query, uint64_t count = 0);
// Completes the statement (ends instrumentation loops).
void ExecutorFinish(QueryDesc* query);
// Releases the operator tree and executor state. Safe after an error.
void ExecutorEnd(QueryDesc* query);

// The result columns of a plan (non-junk target entries of the top node, or RETURNING).
ResultDesc ResultDescForPlan(const nodes::PlannedStmt& stmt, const storage::TupleDescPtr& desc);

}  // namespace hyrax::executor
