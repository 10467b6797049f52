// Partition bounds in their stored text form (executor/partition/partition_bound.h): what the
// analyzer writes to pg_class.relpartbound must parse back to the same bound, and literal
// values must come back as the text the key type's input function reads.
#include "executor/partition/partition_bound.h"

#include <gtest/gtest.h>

namespace hyrax::executor {
namespace {

BoundDatum Value(const std::string& literal) {
  BoundDatum d;
  d.literal = literal;
  return d;
}

BoundDatum Marker(BoundDatum::Kind kind) {
  BoundDatum d;
  d.kind = kind;
  return d;
}

TEST(PartitionBoundTest, RangeBoundRoundTripsWithMarkers) {
  PartitionBoundSpec spec;
  spec.strategy = 'r';
  spec.lower = {Value("1"), Marker(BoundDatum::Kind::kMinValue)};
  spec.upper = {Value("'it''s'"), Marker(BoundDatum::Kind::kMaxValue)};
  std::string text = spec.ToText();
  EXPECT_EQ(text, "FOR VALUES FROM (1, MINVALUE) TO ('it''s', MAXVALUE)");
  PartitionBoundSpec parsed = ParsePartitionBound(text);
  EXPECT_EQ(parsed.strategy, 'r');
  ASSERT_EQ(parsed.lower.size(), 2u);
  EXPECT_EQ(parsed.lower[1].kind, BoundDatum::Kind::kMinValue);
  ASSERT_EQ(parsed.upper.size(), 2u);
  EXPECT_EQ(parsed.upper[0].Text(), "it's");
  EXPECT_EQ(parsed.upper[1].kind, BoundDatum::Kind::kMaxValue);
  EXPECT_EQ(parsed.ToText(), text);
}

TEST(PartitionBoundTest, ListBoundKeepsNullAndQuotedCommas) {
  PartitionBoundSpec parsed = ParsePartitionBound("FOR VALUES IN ('a, b', NULL, '-1')");
  EXPECT_EQ(parsed.strategy, 'l');
  ASSERT_EQ(parsed.list_datums.size(), 3u);
  EXPECT_EQ(parsed.list_datums[0].Text(), "a, b");
  EXPECT_EQ(parsed.list_datums[1].kind, BoundDatum::Kind::kNull);
  EXPECT_EQ(parsed.list_datums[2].Text(), "-1");
}

TEST(PartitionBoundTest, HashAndDefaultBounds) {
  PartitionBoundSpec hash = ParsePartitionBound("FOR VALUES WITH (modulus 8, remainder 3)");
  EXPECT_EQ(hash.strategy, 'h');
  EXPECT_EQ(hash.modulus, 8);
  EXPECT_EQ(hash.remainder, 3);
  EXPECT_EQ(hash.ToText(), "FOR VALUES WITH (modulus 8, remainder 3)");
  EXPECT_TRUE(ParsePartitionBound("DEFAULT").is_default);
  EXPECT_TRUE(IsDefaultBound("DEFAULT"));
  EXPECT_FALSE(IsDefaultBound("FOR VALUES IN (1)"));
}

TEST(PartitionBoundTest, RejectsTextItDidNotWrite) {
  EXPECT_ANY_THROW(ParsePartitionBound("FOR SOMETHING ELSE"));
}

}  // namespace
}  // namespace hyrax::executor
