// LockingAnalyzeOptions and ThrowAbortedBlock (analysis_options.h).
#include "server/engine/analysis_options.h"

#include "common/error.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::server::engine {

parser::AnalyzeOptions LockingAnalyzeOptions() {
  parser::AnalyzeOptions options;
  options.lock_relation = [](Oid relid, int mode) {
    storage::LockRelationOid(relid, static_cast<storage::LockMode>(mode));
  };
  return options;
}

void ThrowAbortedBlock() {
  throw Error(errcode::kInFailedSqlTransaction,
              "current transaction is aborted, commands ignored until end of transaction block");
}

}  // namespace hyrax::server::engine
