// The date/number output settings: DateStyle combinations and validation, IntervalStyle,
// bytea_output and extra_float_digits ranges, lookup by GUC name.
#include "executor/types/type_settings.h"

#include <gtest/gtest.h>

namespace hyrax::executor {
namespace {

class TypeSettingsTest : public ::testing::Test {
 protected:
  void TearDown() override { ResetTypeSettings(); }
};

TEST_F(TypeSettingsTest, DateStyleKeepsTheOtherHalfWhenOnlyOneIsGiven) {
  EXPECT_EQ(ShowDateStyle(), "ISO, MDY");
  ASSERT_TRUE(SetDateStyle("DMY"));
  EXPECT_EQ(ShowDateStyle(), "ISO, DMY");
  ASSERT_TRUE(SetDateStyle("sql"));
  EXPECT_EQ(ShowDateStyle(), "SQL, DMY");
  ASSERT_TRUE(SetDateStyle("German"));  // German alone implies DMY
  EXPECT_EQ(ShowDateStyle(), "German, DMY");
  ASSERT_TRUE(SetDateStyle("Postgres, European"));
  EXPECT_EQ(ShowDateStyle(), "Postgres, DMY");
}

TEST_F(TypeSettingsTest, DateStyleRejectsConflictsAndUnknownWords) {
  EXPECT_FALSE(SetDateStyle("ISO, SQL"));
  EXPECT_FALSE(SetDateStyle("MDY, DMY"));
  EXPECT_FALSE(SetDateStyle("fancy"));
  EXPECT_FALSE(SetDateStyle(""));
  EXPECT_EQ(ShowDateStyle(), "ISO, MDY");
}

TEST_F(TypeSettingsTest, OtherSettingsValidateTheirRanges) {
  EXPECT_TRUE(SetExtraFloatDigits("-15"));
  EXPECT_FALSE(SetExtraFloatDigits("4"));
  EXPECT_FALSE(SetExtraFloatDigits("1x"));
  EXPECT_EQ(ShowExtraFloatDigits(), "-15");
  EXPECT_TRUE(SetIntervalStyle("SQL_STANDARD"));
  EXPECT_EQ(ShowIntervalStyle(), "sql_standard");
  EXPECT_FALSE(SetIntervalStyle("iso"));
  EXPECT_TRUE(SetByteaOutput("escape"));
  EXPECT_FALSE(SetByteaOutput("base64"));
  EXPECT_EQ(ShowByteaOutput(), "escape");
}

TEST_F(TypeSettingsTest, SetsByGucNameCaseInsensitively) {
  EXPECT_EQ(SetTypeSetting("datestyle", "YMD"), std::optional<bool>(true));
  EXPECT_EQ(SetTypeSetting("TIMEZONE", "nowhere"), std::optional<bool>(false));
  EXPECT_EQ(SetTypeSetting("work_mem", "4MB"), std::nullopt);
}

TEST_F(TypeSettingsTest, EnumValuesAreTheGucTableNumbers) {
  // The server's GUC table binds these enums by PostgreSQL's option values.
  EXPECT_EQ(static_cast<int>(IntervalStyle::kPostgres), 0);
  EXPECT_EQ(static_cast<int>(IntervalStyle::kPostgresVerbose), 1);
  EXPECT_EQ(static_cast<int>(IntervalStyle::kSqlStandard), 2);
  EXPECT_EQ(static_cast<int>(IntervalStyle::kIso8601), 3);
  EXPECT_EQ(static_cast<int>(ByteaOutput::kEscape), 0);
  EXPECT_EQ(static_cast<int>(ByteaOutput::kHex), 1);
}

TEST_F(TypeSettingsTest, TimeZoneValidationLeavesTheSessionZoneAlone) {
  EXPECT_TRUE(IsValidTimeZone("europe/paris"));
  EXPECT_TRUE(IsValidTimeZone("-5"));
  EXPECT_FALSE(IsValidTimeZone("PST"));
  EXPECT_EQ(ShowTimeZone(), "UTC");
}

TEST_F(TypeSettingsTest, ClockHooksReplaceTheSystemClock) {
  g_transaction_start_hook = [] { return int64_t{42}; };
  EXPECT_EQ(TransactionStartTimestamp(), 42);
  g_transaction_start_hook = nullptr;
  EXPECT_GT(TransactionStartTimestamp(), 0);
}

}  // namespace
}  // namespace hyrax::executor
