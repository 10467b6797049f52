// EXPLAIN driver (see explain.h).
#include "planner/explain/explain.h"

#include <chrono>

#include "executor/exec/executor.h"
#include "executor/exec/instrumentation.h"
#include "planner/explain/explain_builder.h"
#include "planner/planner.h"

namespace hyrax::planner {

namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

std::vector<std::string> RenderExplain(const ExplainResult& result) {
  if (result.options.format == ExplainFormat::kJson) return {RenderExplainJson(result)};
  return RenderExplainText(result);
}

std::vector<std::string> ExplainQuery(const nodes::Query& query, const ExplainOptions& options,
                                      const executor::ParamListInfo* params,
                                      storage::Snapshot snapshot) {
  ExplainResult result;
  result.options = options;
  executor::BufferUsage before =
      options.buffers ? executor::CurrentBufferUsage() : executor::BufferUsage();
  Clock::time_point plan_start = Clock::now();
  nodes::PlannedStmtPtr stmt = Planner(query, options.alternatives);
  double planning_ms = MillisSince(plan_start);
  if (options.buffers) {
    executor::BufferUsage after = executor::CurrentBufferUsage();
    result.has_planning_buffers = true;
    result.planning_buffers.kind = ExplainProperty::Kind::kBuffers;
    result.planning_buffers.counters = {
        static_cast<int64_t>(after.shared_hit - before.shared_hit),
        static_cast<int64_t>(after.shared_read - before.shared_read),
        static_cast<int64_t>(after.shared_dirtied - before.shared_dirtied),
        static_cast<int64_t>(after.shared_written - before.shared_written)};
  }
  if (options.summary) {
    result.has_planning_time = true;
    result.planning_ms = planning_ms;
  }
  if (!options.analyze) {
    result.root = BuildExplainTree(*stmt, options, nullptr, {});
    return RenderExplain(result);
  }
  executor::QueryDesc desc;
  desc.plannedstmt = stmt;
  desc.params = params;
  desc.snapshot = snapshot;
  desc.instrument_options = executor::kInstrumentRows |
                            (options.timing ? executor::kInstrumentTimer : 0) |
                            (options.buffers ? executor::kInstrumentBuffers : 0);
  executor::NullDestReceiver discard;
  desc.dest = &discard;
  Clock::time_point exec_start = Clock::now();
  try {
    executor::ExecutorStart(&desc);
    executor::ExecutorRun(&desc);
    executor::ExecutorFinish(&desc);
  } catch (...) {
    executor::ExecutorEnd(&desc);
    throw;
  }
  std::vector<const executor::Operator*> subplan_ops;
  for (const auto& op : desc.estate->subplan_operators) subplan_ops.push_back(op.get());
  result.root = BuildExplainTree(*stmt, options, desc.planstate.get(), subplan_ops);
  executor::ExecutorEnd(&desc);
  if (options.summary) {
    result.has_execution_time = true;
    result.execution_ms = MillisSince(exec_start);
  }
  return RenderExplain(result);
}

}  // namespace hyrax::planner
