// Running the statements of a function body (LANGUAGE sql and plpgsql alike): the caller's
// snapshot keeps its command id across the call, and each statement runs to completion
// through the executor with the body's parameters.
#pragma once

#include <cstdint>

#include "executor/exec/dest_receiver.h"
#include "executor/exec/params.h"
#include "nodes/plannodes.h"
#include "storage/txn/snapshot.h"

namespace hyrax::executor {

// Restores the command id of the caller's snapshot when a volatile body incremented it, so
// a statement scanning a table never sees rows the function it calls wrote (PostgreSQL
// gives each query its own copy of the snapshot).
class CallerSnapshotGuard {
 public:
  CallerSnapshotGuard();
  ~CallerSnapshotGuard();
  CallerSnapshotGuard(const CallerSnapshotGuard&) = delete;
  CallerSnapshotGuard& operator=(const CallerSnapshotGuard&) = delete;

 private:
  storage::SnapshotData* snapshot_;
  CommandId curcid_;
};

// Runs one statement into `dest` (rows are discarded when null); `limit` 0 = all rows.
// Returns the rows it processed (inserted/updated/deleted/returned).
uint64_t RunBodyStatement(const nodes::PlannedStmtPtr& stmt, const ParamListInfo& params,
                          DestReceiver* dest, uint64_t limit);

}  // namespace hyrax::executor
