// Instrumentation counters (see instrumentation.h); the loop/first-tuple bookkeeping
// follows PostgreSQL's InstrStartNode/InstrStopNode/InstrEndLoop.
#include "executor/exec/instrumentation.h"

namespace hyrax::executor {

BufferUsage CurrentBufferUsage() {
  const auto& c = storage::BufferManager::counters();
  return BufferUsage{c.shared_hit, c.shared_read, c.shared_dirtied, c.shared_written};
}

void Instrumentation::StartNode() {
  if (timing()) start_ = Clock::now();
  if (options_ & kInstrumentBuffers) buffers_start_ = CurrentBufferUsage();
}

void Instrumentation::StopNode(double tuples) {
  tuplecount_ += tuples;
  if (timing()) {
    counter_ += std::chrono::duration<double>(Clock::now() - start_).count();
  }
  if (options_ & kInstrumentBuffers) {
    BufferUsage now = CurrentBufferUsage();
    buffers.shared_hit += now.shared_hit - buffers_start_.shared_hit;
    buffers.shared_read += now.shared_read - buffers_start_.shared_read;
    buffers.shared_dirtied += now.shared_dirtied - buffers_start_.shared_dirtied;
    buffers.shared_written += now.shared_written - buffers_start_.shared_written;
  }
  // The first call of a loop marks its startup time, whether or not it produced a row.
  if (!running_) {
    running_ = true;
    firsttuple_ = counter_;
  }
}

void Instrumentation::EndLoop() {
  if (!running_) return;
  startup_seconds += firsttuple_;
  total_seconds += counter_;
  ntuples += tuplecount_;
  nloops += 1;
  running_ = false;
  counter_ = 0;
  firsttuple_ = 0;
  tuplecount_ = 0;
}

}  // namespace hyrax::executor
