// Function body statements (see body_statement.h).
#include "executor/functions/body_statement.h"

#include "executor/exec/exec_state.h"
#include "executor/exec/executor.h"

namespace hyrax::executor {

CallerSnapshotGuard::CallerSnapshotGuard()
    : snapshot_(const_cast<storage::SnapshotData*>(storage::GetTransactionSnapshot())),
      curcid_(snapshot_->curcid) {}

CallerSnapshotGuard::~CallerSnapshotGuard() {
  snapshot_->curcid = curcid_;
}

uint64_t RunBodyStatement(const nodes::PlannedStmtPtr& stmt, const ParamListInfo& params,
                          DestReceiver* dest, uint64_t limit) {
  QueryDesc desc;
  desc.plannedstmt = stmt;
  desc.dest = dest;
  desc.params = &params;
  uint64_t processed = 0;
  try {
    ExecutorStart(&desc);
    ExecutorRun(&desc, limit);
    ExecutorFinish(&desc);
    processed = desc.estate->processed;
  } catch (...) {
    ExecutorEnd(&desc);
    throw;
  }
  ExecutorEnd(&desc);
  return processed;
}

}  // namespace hyrax::executor
