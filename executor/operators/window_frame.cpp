// Window frame bounds (see window_frame.h).
#include "executor/operators/window_frame.h"

#include <algorithm>

#include "nodes/parsenodes.h"

namespace hyrax::executor {

namespace {

bool Has(int options, int bit) {
  return (options & bit) != 0;
}

// `base + delta` limited to [0, limit], without overflowing for huge offsets.
int64_t ClampedAdd(int64_t base, int64_t delta, int64_t limit) {
  if (delta >= 0) return delta >= limit - base ? limit : base + delta;
  return -delta >= base ? 0 : base + delta;
}

// The first row in [0, n) for which `pred` holds, n if none; `pred` must be false for a
// prefix of the rows and true for the rest (the rows are sorted on the ORDER BY key).
template <typename Pred>
int64_t FirstRowWhere(int64_t n, Pred pred) {
  int64_t lo = 0, hi = n;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

// RANGE offset frame start: the first row the in_range test admits. NULL keys are peers of
// each other and sort before or after every value (update_frameheadpos).
int64_t RangeOffsetStart(const FrameSpec& spec, int64_t n, int64_t current,
                         RangeOffsetTest* range) {
  bool sub = Has(spec.options, nodes::kFrameStartOffsetPreceding);
  bool less = false;
  if (!spec.asc) {
    sub = !sub;
    less = true;
  }
  bool current_null = range->IsNull(current);
  return FirstRowWhere(n, [&](int64_t row) {
    bool row_null = range->IsNull(row);
    if (current_null || row_null) {
      // The head moves past NULLs sorting before a non-NULL current row, and past values
      // sorting before a NULL current row.
      return spec.nulls_first ? !(row_null && !current_null) : !(current_null && !row_null);
    }
    return range->InRange(row, current, true, sub, less);
  });
}

// RANGE offset frame end (exclusive): the first row past those the in_range test admits
// (update_frametailpos).
int64_t RangeOffsetEnd(const FrameSpec& spec, int64_t n, int64_t current, RangeOffsetTest* range) {
  bool sub = Has(spec.options, nodes::kFrameEndOffsetPreceding);
  bool less = true;
  if (!spec.asc) {
    sub = !sub;
    less = false;
  }
  bool current_null = range->IsNull(current);
  return FirstRowWhere(n, [&](int64_t row) {
    bool row_null = range->IsNull(row);
    if (current_null || row_null) {
      bool in_frame = spec.nulls_first ? row_null : current_null;
      return !in_frame;
    }
    return !range->InRange(row, current, false, sub, less);
  });
}

int64_t FrameStart(const FrameSpec& spec, const PeerGroups& peers, int64_t current,
                   RangeOffsetTest* range) {
  const int options = spec.options;
  const int64_t n = peers.num_rows();
  if (Has(options, nodes::kFrameStartUnboundedPreceding)) return 0;
  const int64_t group = peers.GroupOf(current);
  if (Has(options, nodes::kFrameStartCurrentRow)) {
    return Has(options, nodes::kFrameRows) ? current : peers.GroupStart(group);
  }
  bool preceding = Has(options, nodes::kFrameStartOffsetPreceding);
  if (Has(options, nodes::kFrameRows)) {
    return ClampedAdd(current, preceding ? -spec.start_offset : spec.start_offset, n);
  }
  if (Has(options, nodes::kFrameGroups)) {
    int64_t g =
        ClampedAdd(group, preceding ? -spec.start_offset : spec.start_offset, peers.num_groups());
    return g >= peers.num_groups() ? n : peers.GroupStart(g);
  }
  return RangeOffsetStart(spec, n, current, range);
}

int64_t FrameEnd(const FrameSpec& spec, const PeerGroups& peers, int64_t current,
                 RangeOffsetTest* range) {
  const int options = spec.options;
  const int64_t n = peers.num_rows();
  if (Has(options, nodes::kFrameEndUnboundedFollowing)) return n;
  const int64_t group = peers.GroupOf(current);
  if (Has(options, nodes::kFrameEndCurrentRow)) {
    return Has(options, nodes::kFrameRows) ? current + 1 : peers.GroupEnd(group);
  }
  bool preceding = Has(options, nodes::kFrameEndOffsetPreceding);
  if (Has(options, nodes::kFrameRows)) {
    // One past row current -/+ offset.
    if (preceding) return spec.end_offset > current ? 0 : current - spec.end_offset + 1;
    return ClampedAdd(current + 1, spec.end_offset, n);
  }
  if (Has(options, nodes::kFrameGroups)) {
    if (preceding) return spec.end_offset > group ? 0 : peers.GroupEnd(group - spec.end_offset);
    int64_t g = ClampedAdd(group, spec.end_offset, peers.num_groups() - 1);
    return peers.GroupEnd(g);
  }
  return RangeOffsetEnd(spec, n, current, range);
}

}  // namespace

void PeerGroups::Clear() {
  group_of_.clear();
  group_start_.clear();
}

void PeerGroups::AddRow(bool starts_group) {
  int64_t row = num_rows();
  if (starts_group || group_start_.empty()) group_start_.push_back(row);
  group_of_.push_back(num_groups() - 1);
}

int64_t PeerGroups::GroupEnd(int64_t group) const {
  return group + 1 < num_groups() ? group_start_[group + 1] : num_rows();
}

Frame::Frame(int64_t start, int64_t end, int64_t exclude_begin, int64_t exclude_end, int64_t keep)
    : start_(start), end_(std::max(start, end)) {
  has_exclusion_ = exclude_begin < exclude_end;
  if (!has_exclusion_) {
    AddRun(start_, end_);
    return;
  }
  AddRun(start_, std::min(end_, exclude_begin));
  if (keep >= 0) AddRun(std::max(start_, keep), std::min(end_, keep + 1));
  AddRun(std::max(start_, exclude_end), end_);
}

void Frame::AddRun(int64_t begin, int64_t end) {
  if (begin < end) runs_.push_back({begin, end});
}

int64_t Frame::Count() const {
  int64_t count = 0;
  for (const auto& run : runs_) count += run.size();
  return count;
}

int64_t Frame::Nth(int64_t n) const {
  for (const auto& run : runs_) {
    if (n < run.size()) return run.begin + n;
    n -= run.size();
  }
  return -1;
}

int64_t Frame::Last() const {
  return runs_.empty() ? -1 : runs_.back().end - 1;
}

Frame ComputeFrame(const FrameSpec& spec, const PeerGroups& peers, int64_t current,
                   RangeOffsetTest* range) {
  int64_t start = FrameStart(spec, peers, current, range);
  int64_t end = FrameEnd(spec, peers, current, range);
  int64_t group = peers.GroupOf(current);
  if (Has(spec.options, nodes::kFrameExcludeCurrentRow)) {
    return Frame(start, end, current, current + 1, -1);
  }
  if (Has(spec.options, nodes::kFrameExcludeGroup)) {
    return Frame(start, end, peers.GroupStart(group), peers.GroupEnd(group), -1);
  }
  if (Has(spec.options, nodes::kFrameExcludeTies)) {
    return Frame(start, end, peers.GroupStart(group), peers.GroupEnd(group), current);
  }
  return Frame(start, end, 0, 0, -1);
}

}  // namespace hyrax::executor
