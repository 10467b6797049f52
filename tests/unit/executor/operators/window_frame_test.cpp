// Window frame bounds (executor/operators/window_frame.h) over a partition of integer ORDER BY
// keys: ROWS, GROUPS and RANGE modes with UNBOUNDED / offset / CURRENT ROW bounds, peer
// groups, NULL keys first and last in RANGE offset frames, EXCLUDE options, huge offsets.
// Expected rows were worked out from PostgreSQL 15's documented semantics and checked
// against its results for the same keys.
#include "executor/operators/window_frame.h"

#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "nodes/parsenodes.h"

namespace hyrax::executor {
namespace {

using Key = std::optional<int64_t>;  // nullopt = NULL

// Integer keys with in_range(val, base, offset, sub, less) = val <=/>= base -/+ offset.
class IntRange : public RangeOffsetTest {
 public:
  IntRange(std::vector<Key> keys, int64_t start_offset, int64_t end_offset)
      : keys_(std::move(keys)), start_offset_(start_offset), end_offset_(end_offset) {}
  bool IsNull(int64_t row) override { return !keys_[row].has_value(); }
  bool InRange(int64_t row, int64_t current, bool start_bound, bool sub, bool less) override {
    int64_t offset = start_bound ? start_offset_ : end_offset_;
    int64_t bound = sub ? *keys_[current] - offset : *keys_[current] + offset;
    return less ? *keys_[row] <= bound : *keys_[row] >= bound;
  }

 private:
  std::vector<Key> keys_;
  int64_t start_offset_;
  int64_t end_offset_;
};

PeerGroups PeersOf(const std::vector<Key>& keys) {
  PeerGroups peers;
  for (size_t i = 0; i < keys.size(); ++i) peers.AddRow(i == 0 || keys[i] != keys[i - 1]);
  return peers;
}

// The frame's rows in order.
std::vector<int64_t> Rows(const Frame& frame) {
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < frame.Count(); ++i) rows.push_back(frame.Nth(i));
  return rows;
}

class WindowFrameTest : public ::testing::Test {
 protected:
  // Frames of every row for `options` over `keys`.
  std::vector<std::vector<int64_t>> Frames(int options, const std::vector<Key>& keys,
                                           int64_t start_offset = 0, int64_t end_offset = 0,
                                           bool asc = true, bool nulls_first = false) {
    FrameSpec spec;
    spec.options = options;
    spec.start_offset = start_offset;
    spec.end_offset = end_offset;
    spec.asc = asc;
    spec.nulls_first = nulls_first;
    IntRange range(keys, start_offset, end_offset);
    PeerGroups peers = PeersOf(keys);
    std::vector<std::vector<int64_t>> out;
    for (int64_t row = 0; row < peers.num_rows(); ++row) {
      out.push_back(Rows(ComputeFrame(spec, peers, row, &range)));
    }
    return out;
  }
};

using nodes::kFrameBetween;
using nodes::kFrameDefaults;
using nodes::kFrameEndCurrentRow;
using nodes::kFrameEndOffsetFollowing;
using nodes::kFrameEndOffsetPreceding;
using nodes::kFrameEndUnboundedFollowing;
using nodes::kFrameExcludeCurrentRow;
using nodes::kFrameExcludeGroup;
using nodes::kFrameExcludeTies;
using nodes::kFrameGroups;
using nodes::kFrameNonDefault;
using nodes::kFrameRange;
using nodes::kFrameRows;
using nodes::kFrameStartCurrentRow;
using nodes::kFrameStartOffsetFollowing;
using nodes::kFrameStartOffsetPreceding;
using nodes::kFrameStartUnboundedPreceding;

using Expected = std::vector<std::vector<int64_t>>;

TEST_F(WindowFrameTest, PeerGroupsNumberRunsOfEqualKeys) {
  PeerGroups peers = PeersOf({1, 1, 2, 3, 3, 3});
  EXPECT_EQ(peers.num_groups(), 3);
  EXPECT_EQ(peers.GroupOf(4), 2);
  EXPECT_EQ(peers.GroupStart(1), 2);
  EXPECT_EQ(peers.GroupEnd(1), 3);
  EXPECT_EQ(peers.GroupEnd(2), 6);
}

TEST_F(WindowFrameTest, DefaultFrameEndsWithTheCurrentRowsPeers) {
  EXPECT_EQ(Frames(kFrameDefaults, {1, 1, 2, 3}),
            (Expected{{0, 1}, {0, 1}, {0, 1, 2}, {0, 1, 2, 3}}));
}

TEST_F(WindowFrameTest, RowsWithOffsetsClampToThePartition) {
  int options = kFrameNonDefault | kFrameRows | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndOffsetFollowing;
  EXPECT_EQ(Frames(options, {1, 1, 2, 3}, 1, 1), (Expected{{0, 1}, {0, 1, 2}, {1, 2, 3}, {2, 3}}));
}

TEST_F(WindowFrameTest, RowsFrameEntirelyBeforeTheCurrentRowCanBeEmpty) {
  int options = kFrameNonDefault | kFrameRows | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndOffsetPreceding;
  EXPECT_EQ(Frames(options, {1, 2, 3}, 2, 1), (Expected{{}, {0}, {0, 1}}));
}

TEST_F(WindowFrameTest, RowsStartAfterEndGivesAnEmptyFrame) {
  int options = kFrameNonDefault | kFrameRows | kFrameBetween | kFrameStartOffsetFollowing |
                kFrameEndCurrentRow;
  EXPECT_EQ(Frames(options, {1, 2, 3}, 1), (Expected{{}, {}, {}}));
}

TEST_F(WindowFrameTest, HugeOffsetsDoNotOverflow) {
  int options = kFrameNonDefault | kFrameRows | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndOffsetFollowing;
  int64_t huge = INT64_MAX;
  EXPECT_EQ(Frames(options, {1, 2}, huge, huge), (Expected{{0, 1}, {0, 1}}));
  int groups = kFrameNonDefault | kFrameGroups | kFrameBetween | kFrameStartOffsetFollowing |
               kFrameEndOffsetFollowing;
  EXPECT_EQ(Frames(groups, {1, 2}, huge, huge), (Expected{{}, {}}));
}

TEST_F(WindowFrameTest, GroupsCountPeerGroups) {
  int options = kFrameNonDefault | kFrameGroups | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndCurrentRow;
  EXPECT_EQ(Frames(options, {1, 1, 2, 3, 3}, 1),
            (Expected{{0, 1}, {0, 1}, {0, 1, 2}, {2, 3, 4}, {2, 3, 4}}));
  int following = kFrameNonDefault | kFrameGroups | kFrameBetween | kFrameStartCurrentRow |
                  kFrameEndOffsetFollowing;
  EXPECT_EQ(Frames(following, {1, 1, 2, 3}, 0, 1), (Expected{{0, 1, 2}, {0, 1, 2}, {2, 3}, {3}}));
}

TEST_F(WindowFrameTest, RangeOffsetsCompareKeyValues) {
  int options = kFrameNonDefault | kFrameRange | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndOffsetFollowing;
  EXPECT_EQ(Frames(options, {1, 2, 4, 5, 9}, 1, 1),
            (Expected{{0, 1}, {0, 1}, {2, 3}, {2, 3}, {4}}));
}

TEST_F(WindowFrameTest, RangeOffsetsOnDescendingKeys) {
  int options = kFrameNonDefault | kFrameRange | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndCurrentRow;
  EXPECT_EQ(Frames(options, {9, 5, 4, 2}, 2, 0, /*asc=*/false),
            (Expected{{0}, {1}, {1, 2}, {2, 3}}));
}

TEST_F(WindowFrameTest, RangeOffsetsTreatNullsAsOneGroupLast) {
  int options = kFrameNonDefault | kFrameRange | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndOffsetFollowing;
  std::vector<Key> keys = {1, 3, std::nullopt, std::nullopt};
  EXPECT_EQ(Frames(options, keys, 1, 1), (Expected{{0}, {1}, {2, 3}, {2, 3}}));
}

TEST_F(WindowFrameTest, RangeOffsetsTreatNullsAsOneGroupFirst) {
  int options = kFrameNonDefault | kFrameRange | kFrameBetween | kFrameStartOffsetPreceding |
                kFrameEndUnboundedFollowing;
  std::vector<Key> keys = {std::nullopt, std::nullopt, 1, 3};
  EXPECT_EQ(Frames(options, keys, 5, 0, true, /*nulls_first=*/true),
            (Expected{{0, 1, 2, 3}, {0, 1, 2, 3}, {2, 3}, {2, 3}}));
}

TEST_F(WindowFrameTest, ExcludeOptions) {
  int whole = kFrameNonDefault | kFrameRows | kFrameBetween | kFrameStartUnboundedPreceding |
              kFrameEndUnboundedFollowing;
  std::vector<Key> keys = {1, 2, 2, 3};
  EXPECT_EQ(Frames(whole | kFrameExcludeCurrentRow, keys),
            (Expected{{1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}}));
  EXPECT_EQ(Frames(whole | kFrameExcludeGroup, keys),
            (Expected{{1, 2, 3}, {0, 3}, {0, 3}, {0, 1, 2}}));
  EXPECT_EQ(Frames(whole | kFrameExcludeTies, keys),
            (Expected{{0, 1, 2, 3}, {0, 1, 3}, {0, 2, 3}, {0, 1, 2, 3}}));
}

TEST_F(WindowFrameTest, FrameAccessors) {
  Frame frame(1, 6, 2, 4, 3);  // rows 1..5 without 2..3, keeping 3
  EXPECT_EQ(frame.Count(), 4);
  EXPECT_EQ(frame.Nth(0), 1);
  EXPECT_EQ(frame.Nth(1), 3);
  EXPECT_EQ(frame.Nth(3), 5);
  EXPECT_EQ(frame.Nth(4), -1);
  EXPECT_EQ(frame.Last(), 5);
  EXPECT_TRUE(frame.has_exclusion());
  Frame empty(3, 1, 0, 0, -1);
  EXPECT_EQ(empty.Count(), 0);
  EXPECT_EQ(empty.Last(), -1);
}

}  // namespace
}  // namespace hyrax::executor
