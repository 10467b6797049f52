// The built-in window functions (PostgreSQL's windowfuncs.c): row_number, rank,
// dense_rank, percent_rank, cume_dist, ntile, lag, lead, first_value, last_value and
// nth_value, computed from what the WindowAgg operator exposes through WindowObject.
// Aggregates used as window functions are handled by window_aggregates.h instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/datum.h"
#include "executor/operators/window_frame.h"

namespace hyrax::executor {

enum class WindowFuncKind : uint8_t {
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
};

// The function implemented by pg_proc.prosrc `prosrc` (window_row_number, window_lag_with_
// offset, ...); nullopt when it is not a built-in window function.
std::optional<WindowFuncKind> WindowFuncKindByProsrc(std::string_view prosrc);

// What a window function sees of the partition (PostgreSQL's WindowObject).
class WindowObject {
 public:
  virtual ~WindowObject() = default;
  virtual int64_t current_row() const = 0;
  // How many arguments the call has.
  virtual int num_args() const = 0;
  // The partition's rows and peer groups.
  virtual const PeerGroups& peers() const = 0;
  // The current row's frame.
  virtual const Frame& frame() = 0;
  // Argument `argno` (0-based) evaluated at partition row `row`. By-reference results stay
  // valid until the operator moves to the next row.
  virtual Datum ArgAtRow(int argno, int64_t row, bool* isnull) = 0;
};

// State a function keeps across the rows of one partition.
struct WindowFuncPartitionState {
  int64_t ntile_buckets = 0;    // 0 until ntile's argument was read (non-NULL)
  int64_t ntile_first_row = 0;  // the row where it was read
};

// Computes `kind` for the current row of `win`. Throws 22014 / 22016 for a non-positive
// ntile / nth_value argument, as PostgreSQL.
Datum EvalWindowFunc(WindowFuncKind kind, WindowObject* win, WindowFuncPartitionState* state,
                     bool* isnull);

}  // namespace hyrax::executor
