// RunPlannable (statement_runner.h): Planner → ExecutorStart/Run/Finish/End with the rows
// going to a ProtocolDest; the command tag counts what the executor processed.
#include "executor/exec/executor.h"
#include "planner/planner.h"
#include "server/engine/protocol_dest.h"
#include "server/engine/statement_runner.h"

namespace hyrax::server::engine {

uint64_t RunQueryToDest(const nodes::Query& query, executor::DestReceiver* dest,
                        const executor::ParamListInfo* params) {
  executor::QueryDesc desc;
  desc.plannedstmt = planner::Planner(query);
  desc.dest = dest;
  desc.params = params;
  try {
    executor::ExecutorStart(&desc);
    executor::ExecutorRun(&desc);
    executor::ExecutorFinish(&desc);
  } catch (...) {
    executor::ExecutorEnd(&desc);
    throw;
  }
  uint64_t processed = desc.estate ? desc.estate->processed : 0;
  executor::ExecutorEnd(&desc);
  return processed;
}

std::string RunPlannable(const nodes::Query& query, const executor::ParamListInfo* params,
                         backend::ResultSink& sink, const std::vector<int16_t>& result_formats,
                         bool send_row_description) {
  ProtocolDest dest(sink, result_formats, send_row_description);
  return CommandTagFor(query.commandType, RunQueryToDest(query, &dest, params));
}

}  // namespace hyrax::server::engine
