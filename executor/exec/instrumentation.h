// Per-operator instrumentation for EXPLAIN ANALYZE (PostgreSQL's instrument.c): rows and
// loops, time to the first row and in total, buffer hits/reads, rows removed by filters.
// The Operator base class drives it; operators only count filtered rows.
#pragma once

#include <chrono>
#include <cstdint>

#include "storage/buffer/buffer_manager.h"

namespace hyrax::executor {

// What to measure (EXPLAIN's ANALYZE / TIMING / BUFFERS options).
enum InstrumentOption : int {
  kInstrumentNone = 0,
  kInstrumentRows = 1 << 0,
  kInstrumentTimer = 1 << 1,
  kInstrumentBuffers = 1 << 2,
  kInstrumentAll = kInstrumentRows | kInstrumentTimer | kInstrumentBuffers,
};

struct BufferUsage {
  uint64_t shared_hit = 0;
  uint64_t shared_read = 0;
  uint64_t shared_dirtied = 0;
  uint64_t shared_written = 0;
  bool Empty() const {
    return shared_hit == 0 && shared_read == 0 && shared_dirtied == 0 && shared_written == 0;
  }
};

// The process's buffer counters now (a hook so tests can run without the buffer pool).
BufferUsage CurrentBufferUsage();

class Instrumentation {
 public:
  explicit Instrumentation(int options) : options_(options) {}

  // Around every call of an operator method that may produce rows.
  void StartNode();
  void StopNode(double tuples);
  // Ends one loop (at rescan and at the end of execution); PostgreSQL's InstrEndLoop.
  void EndLoop();

  int options() const { return options_; }
  bool timing() const { return (options_ & kInstrumentTimer) != 0; }

  // Totals over finished loops (call EndLoop first).
  double startup_seconds = 0;  // sum over loops of the time to the first row
  double total_seconds = 0;
  double ntuples = 0;
  double nloops = 0;
  double nfiltered1 = 0;  // rows removed by the filter (qual)
  double nfiltered2 = 0;  // rows removed by the join filter / recheck
  BufferUsage buffers;

 private:
  using Clock = std::chrono::steady_clock;
  int options_;
  bool running_ = false;  // a loop has produced its first StopNode
  Clock::time_point start_;
  double counter_ = 0;     // seconds in the current loop
  double firsttuple_ = 0;  // seconds to the first StopNode of the current loop
  double tuplecount_ = 0;
  BufferUsage buffers_start_;
};

}  // namespace hyrax::executor
