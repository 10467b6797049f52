// Built-in window functions (see window_funcs.h). Results follow PostgreSQL 15's
// windowfuncs.c: rank and friends count peer groups; lag/lead ignore the frame; the
// *_value functions read the frame (with its exclusions).
#include "executor/operators/window_funcs.h"

#include <string>
#include <unordered_map>

#include "common/error.h"

namespace hyrax::executor {

namespace {

Datum Null(bool* isnull) {
  *isnull = true;
  return 0;
}

Datum Int8Result(int64_t value, bool* isnull) {
  *isnull = false;
  return Int64GetDatum(value);
}

Datum Float8Result(double value, bool* isnull) {
  *isnull = false;
  return Float8GetDatum(value);
}

// ntile: rows split into `buckets` runs as equal as possible, the first ones one row longer.
Datum Ntile(WindowObject* win, WindowFuncPartitionState* state, bool* isnull) {
  int64_t current = win->current_row();
  if (state->ntile_buckets == 0) {
    bool arg_null;
    int32_t buckets = DatumGetInt32(win->ArgAtRow(0, current, &arg_null));
    if (arg_null) return Null(isnull);  // read again at the next row, as PostgreSQL
    if (buckets <= 0) {
      throw Error(errcode::kInvalidArgumentForNtile, "argument of ntile must be greater than zero");
    }
    state->ntile_buckets = buckets;
    state->ntile_first_row = current;
  }
  int64_t rows = win->peers().num_rows();
  int64_t per_bucket = rows / state->ntile_buckets;
  int64_t longer = rows % state->ntile_buckets;  // buckets with per_bucket + 1 rows
  int64_t pos = current - state->ntile_first_row;
  int64_t in_longer = longer * (per_bucket + 1);
  if (pos < in_longer) return Int8Result(pos / (per_bucket + 1) + 1, isnull);
  return Int8Result(longer + (pos - in_longer) / per_bucket + 1, isnull);
}

// lag/lead: the argument at `current -/+ offset` (offset and default read at the current
// row), the default (or NULL) outside the partition.
Datum LagLead(WindowObject* win, bool lead, bool* isnull) {
  int64_t current = win->current_row();
  int64_t offset = 1;
  if (win->num_args() > 1) {
    bool offset_null;
    offset = DatumGetInt32(win->ArgAtRow(1, current, &offset_null));
    if (offset_null) return Null(isnull);
  }
  int64_t target = lead ? current + offset : current - offset;
  if (target < 0 || target >= win->peers().num_rows()) {
    if (win->num_args() < 3) return Null(isnull);
    return win->ArgAtRow(2, current, isnull);
  }
  return win->ArgAtRow(0, target, isnull);
}

// The frame's row `n` (0-based) evaluated, NULL when the frame is shorter.
Datum FrameRowValue(WindowObject* win, int64_t row, bool* isnull) {
  if (row < 0) return Null(isnull);
  return win->ArgAtRow(0, row, isnull);
}

Datum NthValue(WindowObject* win, bool* isnull) {
  bool n_null;
  int32_t n = DatumGetInt32(win->ArgAtRow(1, win->current_row(), &n_null));
  if (n_null) return Null(isnull);
  if (n <= 0) {
    throw Error(errcode::kInvalidArgumentForNthValue,
                "argument of nth_value must be greater than zero");
  }
  return FrameRowValue(win, win->frame().Nth(n - 1), isnull);
}

}  // namespace

std::optional<WindowFuncKind> WindowFuncKindByProsrc(std::string_view prosrc) {
  static const std::unordered_map<std::string, WindowFuncKind> kByProsrc = {
      {"window_row_number", WindowFuncKind::kRowNumber},
      {"window_rank", WindowFuncKind::kRank},
      {"window_dense_rank", WindowFuncKind::kDenseRank},
      {"window_percent_rank", WindowFuncKind::kPercentRank},
      {"window_cume_dist", WindowFuncKind::kCumeDist},
      {"window_ntile", WindowFuncKind::kNtile},
      {"window_lag", WindowFuncKind::kLag},
      {"window_lag_with_offset", WindowFuncKind::kLag},
      {"window_lag_with_offset_and_default", WindowFuncKind::kLag},
      {"window_lead", WindowFuncKind::kLead},
      {"window_lead_with_offset", WindowFuncKind::kLead},
      {"window_lead_with_offset_and_default", WindowFuncKind::kLead},
      {"window_first_value", WindowFuncKind::kFirstValue},
      {"window_last_value", WindowFuncKind::kLastValue},
      {"window_nth_value", WindowFuncKind::kNthValue},
  };
  auto it = kByProsrc.find(std::string(prosrc));
  if (it == kByProsrc.end()) return std::nullopt;
  return it->second;
}

Datum EvalWindowFunc(WindowFuncKind kind, WindowObject* win, WindowFuncPartitionState* state,
                     bool* isnull) {
  const PeerGroups& peers = win->peers();
  int64_t current = win->current_row();
  int64_t group = peers.GroupOf(current);
  int64_t rows = peers.num_rows();
  switch (kind) {
    case WindowFuncKind::kRowNumber:
      return Int8Result(current + 1, isnull);
    case WindowFuncKind::kRank:
      return Int8Result(peers.GroupStart(group) + 1, isnull);
    case WindowFuncKind::kDenseRank:
      return Int8Result(group + 1, isnull);
    case WindowFuncKind::kPercentRank:
      if (rows <= 1) return Float8Result(0.0, isnull);
      return Float8Result(static_cast<double>(peers.GroupStart(group)) / (rows - 1), isnull);
    case WindowFuncKind::kCumeDist:
      return Float8Result(static_cast<double>(peers.GroupEnd(group)) / rows, isnull);
    case WindowFuncKind::kNtile:
      return Ntile(win, state, isnull);
    case WindowFuncKind::kLag:
    case WindowFuncKind::kLead:
      return LagLead(win, kind == WindowFuncKind::kLead, isnull);
    case WindowFuncKind::kFirstValue:
      return FrameRowValue(win, win->frame().Nth(0), isnull);
    case WindowFuncKind::kLastValue:
      return FrameRowValue(win, win->frame().Last(), isnull);
    case WindowFuncKind::kNthValue:
      return NthValue(win, isnull);
  }
  return Null(isnull);
}

}  // namespace hyrax::executor
