// The CREATE/ALTER SEQUENCE parameter rules (executor/commands/sequence_options.h): defaults
// that depend on INCREMENT's sign and the AS type, what ALTER keeps, bounds that follow a new
// AS type, RESTART, and PostgreSQL 15's 22023 messages.
#include "executor/commands/sequence_options.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "common/error.h"

namespace hyrax::executor::commands {
namespace {

constexpr Oid kInt2 = 21, kInt4 = 23, kInt8 = 20;

std::string MessageOf(const nodes::SequenceOptions& o,
                      const catalog::PgSequence* existing = nullptr,
                      const storage::SequenceData* current = nullptr) {
  try {
    ResolveSequenceOptions(o, existing, current);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidParameterValue);
    return e.message();
  }
  return "";
}

TEST(SequenceOptionsTest, CreateDefaultsAscending) {
  ResolvedSequence r = ResolveSequenceOptions({}, nullptr, nullptr);
  EXPECT_EQ(r.params.seqtypid, kInt8);
  EXPECT_EQ(r.params.seqincrement, 1);
  EXPECT_EQ(r.params.seqmin, 1);
  EXPECT_EQ(r.params.seqmax, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(r.params.seqstart, 1);
  EXPECT_EQ(r.params.seqcache, 1);
  EXPECT_FALSE(r.params.seqcycle);
  ASSERT_TRUE(r.new_state.has_value());
  EXPECT_EQ(r.new_state->last_value, 1);
  EXPECT_FALSE(r.new_state->is_called);
}

TEST(SequenceOptionsTest, CreateDefaultsDescendingSmallint) {
  nodes::SequenceOptions o;
  o.type = kInt2;
  o.increment = -3;
  ResolvedSequence r = ResolveSequenceOptions(o, nullptr, nullptr);
  EXPECT_EQ(r.params.seqmax, -1);
  EXPECT_EQ(r.params.seqmin, std::numeric_limits<int16_t>::min());
  EXPECT_EQ(r.params.seqstart, -1);
}

TEST(SequenceOptionsTest, AlterKeepsUnmentionedAndFollowsNewType) {
  nodes::SequenceOptions create;
  create.type = kInt4;
  create.cache = 5;
  ResolvedSequence first = ResolveSequenceOptions(create, nullptr, nullptr);
  first.params.seqrelid = 42;
  storage::SequenceData current{7, 0, true};
  nodes::SequenceOptions alter;
  alter.type = kInt8;
  ResolvedSequence second = ResolveSequenceOptions(alter, &first.params, &current);
  EXPECT_EQ(second.params.seqrelid, 42u);
  EXPECT_EQ(second.params.seqcache, 5);
  EXPECT_EQ(second.params.seqmax, std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(second.new_state.has_value());  // no RESTART: the page is left alone
}

TEST(SequenceOptionsTest, RestartDefaultsToStart) {
  nodes::SequenceOptions create;
  create.start = 10;
  ResolvedSequence first = ResolveSequenceOptions(create, nullptr, nullptr);
  storage::SequenceData current{30, 0, true};
  nodes::SequenceOptions alter;
  alter.restart_default = true;
  ResolvedSequence r = ResolveSequenceOptions(alter, &first.params, &current);
  ASSERT_TRUE(r.new_state.has_value());
  EXPECT_EQ(r.new_state->last_value, 10);
  EXPECT_FALSE(r.new_state->is_called);
}

TEST(SequenceOptionsTest, ErrorsHavePostgresTexts) {
  nodes::SequenceOptions o;
  o.increment = 0;
  EXPECT_EQ(MessageOf(o), "INCREMENT must not be zero");
  o = {};
  o.type = kInt2;
  o.maxvalue = 40000;
  EXPECT_EQ(MessageOf(o), "MAXVALUE (40000) is out of range for sequence data type smallint");
  o = {};
  o.minvalue = 10;
  o.maxvalue = 5;
  EXPECT_EQ(MessageOf(o), "MINVALUE (10) must be less than MAXVALUE (5)");
  o = {};
  o.start = 0;
  EXPECT_EQ(MessageOf(o), "START value (0) cannot be less than MINVALUE (1)");
  o = {};
  o.cache = 0;
  EXPECT_EQ(MessageOf(o), "CACHE (0) must be greater than zero");
  o = {};
  o.type = 1700;
  EXPECT_EQ(MessageOf(o), "sequence type must be smallint, integer, or bigint");
  ResolvedSequence base = ResolveSequenceOptions({}, nullptr, nullptr);
  storage::SequenceData current{50, 0, true};
  o = {};
  o.maxvalue = 20;
  EXPECT_EQ(MessageOf(o, &base.params, &current),
            "RESTART value (50) cannot be greater than MAXVALUE (20)");
}

}  // namespace
}  // namespace hyrax::executor::commands
