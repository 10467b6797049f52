// Window frames (PostgreSQL's nodeWindowAgg.c update_frameheadpos / update_frametailpos and
// the EXCLUDE rules): which rows of a partition are in the frame of the current row, for
// ROWS, RANGE and GROUPS mode with UNBOUNDED / offset PRECEDING|FOLLOWING / CURRENT ROW
// bounds and EXCLUDE CURRENT ROW | GROUP | TIES. Pure logic over row positions: the
// WindowAgg operator supplies peer groups and, for RANGE offsets, a value comparison, so
// unit tests can drive it without an executor. executor/README.md "WindowAgg".
#pragma once

#include <cstdint>
#include <vector>

namespace hyrax::executor {

// The peer groups of one partition (rows equal on the window's ORDER BY keys, all rows
// without ORDER BY), built row by row in partition order.
class PeerGroups {
 public:
  void Clear();
  // Appends the next row: it starts a new peer group, or joins the previous row's group.
  void AddRow(bool starts_group);

  int64_t num_rows() const { return static_cast<int64_t>(group_of_.size()); }
  int64_t num_groups() const { return static_cast<int64_t>(group_start_.size()); }
  // 0-based group of `row`. Requires: 0 <= row < num_rows().
  int64_t GroupOf(int64_t row) const { return group_of_[row]; }
  // First row of `group`, and one past its last row.
  int64_t GroupStart(int64_t group) const { return group_start_[group]; }
  int64_t GroupEnd(int64_t group) const;

 private:
  std::vector<int64_t> group_of_;     // by row
  std::vector<int64_t> group_start_;  // by group
};

// For RANGE frames with an offset: tests partition rows' ORDER BY value against the current
// row's value shifted by the offset (the btree in_range support function).
class RangeOffsetTest {
 public:
  virtual ~RangeOffsetTest() = default;
  // Whether `row`'s ORDER BY value is NULL.
  virtual bool IsNull(int64_t row) = 0;
  // in_range(value(row), value(current), offset, sub, less) with the frame's start offset
  // (`start_bound`) or end offset: value(row) <= (less) or >= (!less) value(current) -/+
  // offset (sub: subtract). Both values are non-NULL.
  virtual bool InRange(int64_t row, int64_t current, bool start_bound, bool sub, bool less) = 0;
};

// A window's frame clause with its offsets evaluated.
struct FrameSpec {
  int options = 0;           // nodes::FrameOptions bits
  int64_t start_offset = 0;  // ROWS / GROUPS offsets, >= 0 (RANGE offsets live in the test)
  int64_t end_offset = 0;
  bool asc = true;           // RANGE offset: the ORDER BY key's direction
  bool nulls_first = false;  // RANGE offset: where NULL keys sort
};

// A run of consecutive partition rows [begin, end).
struct RowRange {
  int64_t begin = 0;
  int64_t end = 0;
  int64_t size() const { return end - begin; }
};

// The frame of one row: up to three runs of rows in partition order (the frame without its
// excluded rows; EXCLUDE TIES keeps the current row between the two halves).
class Frame {
 public:
  Frame() = default;
  // Rows [start, end) minus [exclude_begin, exclude_end), keeping `keep` (-1: none).
  Frame(int64_t start, int64_t end, int64_t exclude_begin, int64_t exclude_end, int64_t keep);

  const std::vector<RowRange>& runs() const { return runs_; }
  // The frame before exclusion, [start, end); end == start when it is empty.
  int64_t start() const { return start_; }
  int64_t end() const { return end_; }
  bool has_exclusion() const { return has_exclusion_; }
  int64_t Count() const;
  // The row at 0-based position `n` of the frame, or -1 when the frame has fewer rows.
  int64_t Nth(int64_t n) const;
  // The frame's last row, or -1 when it is empty.
  int64_t Last() const;

 private:
  void AddRun(int64_t begin, int64_t end);
  std::vector<RowRange> runs_;
  int64_t start_ = 0;
  int64_t end_ = 0;
  bool has_exclusion_ = false;
};

// The frame of partition row `current`. `range` is needed only for RANGE offset bounds.
// Requires: peers covers the whole partition; 0 <= current < peers.num_rows().
Frame ComputeFrame(const FrameSpec& spec, const PeerGroups& peers, int64_t current,
                   RangeOffsetTest* range);

}  // namespace hyrax::executor
