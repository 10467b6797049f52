// Time zones: TZif files from /usr/share/zoneinfo, POSIX TZ rules, PostgreSQL's resolution of
// skipped and repeated local times, and the TimeZone setting's accepted forms.
#include "executor/types/timezone.h"

#include <gtest/gtest.h>

#include "executor/types/calendar.h"
#include "executor/types/type_settings.h"

namespace hyrax::executor {
namespace {

// Seconds since 1970 of a UTC civil time.
int64_t Utc(int y, int m, int d, int hh = 0, int mm = 0) {
  return DaysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

TEST(TimeZoneTest, LoadsZoneFilesCaseInsensitivelyWithCanonicalNames) {
  auto zone = TimeZone::Load("america/new_york");
  ASSERT_NE(zone, nullptr);
  EXPECT_EQ(zone->name(), "America/New_York");
  EXPECT_EQ(TimeZone::Load("no/such_zone"), nullptr);
}

TEST(TimeZoneTest, ReportsOffsetAndAbbreviationAcrossDst) {
  auto ny = TimeZone::Load("America/New_York");
  ZoneOffset winter = ny->AtUtc(Utc(2024, 1, 15, 12));
  EXPECT_EQ(winter.gmtoff, -5 * 3600);
  EXPECT_STREQ(winter.abbrev, "EST");
  ZoneOffset summer = ny->AtUtc(Utc(2024, 7, 15, 12));
  EXPECT_EQ(summer.gmtoff, -4 * 3600);
  EXPECT_TRUE(summer.isdst);
  EXPECT_STREQ(summer.abbrev, "EDT");
}

TEST(TimeZoneTest, UsesLocalMeanTimeBeforeTheFirstTransitionAndTheRuleAfterTheLast) {
  auto ny = TimeZone::Load("America/New_York");
  EXPECT_EQ(ny->AtUtc(Utc(1800, 1, 1)).gmtoff, -(4 * 3600 + 56 * 60 + 2));
  EXPECT_EQ(ny->AtUtc(Utc(2300, 7, 1, 12)).gmtoff, -4 * 3600);
  EXPECT_EQ(ny->AtUtc(Utc(2300, 1, 1, 12)).gmtoff, -5 * 3600);
}

TEST(TimeZoneTest, SkippedLocalTimesUseTheOffsetBeforeAndRepeatedOnesTheOffsetAfter) {
  auto ny = TimeZone::Load("America/New_York");
  // 2024-03-10 02:30 does not exist in New York; PostgreSQL reads it as EST.
  EXPECT_EQ(ny->ForLocal(Utc(2024, 3, 10, 2, 30)).gmtoff, -5 * 3600);
  // 2024-11-03 01:30 happens twice; PostgreSQL picks the later (EST) one.
  EXPECT_EQ(ny->ForLocal(Utc(2024, 11, 3, 1, 30)).gmtoff, -5 * 3600);
  EXPECT_EQ(ny->ForLocal(Utc(2024, 7, 1, 12)).gmtoff, -4 * 3600);
}

TEST(TimeZoneTest, ParsesPosixRulesIncludingQuotedNamesAndSouthernHemisphere) {
  auto rule = ParsePosixTz("<+03>-3");
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->std_type.gmtoff, 3 * 3600);
  EXPECT_FALSE(rule->has_dst);
  auto aus = TimeZone::Load("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_NE(aus, nullptr);
  EXPECT_EQ(aus->AtUtc(Utc(2024, 1, 15)).gmtoff, 11 * 3600);
  EXPECT_EQ(aus->AtUtc(Utc(2024, 7, 15)).gmtoff, 10 * 3600);
  EXPECT_FALSE(ParsePosixTz("EST5EDT,M3.2.0").has_value());
}

TEST(TimeZoneTest, FixedOffsetsAreNamedLikePostgres) {
  EXPECT_EQ(TimeZone::FixedOffset(-5 * 3600)->name(), "<-05>+05");
  EXPECT_EQ(TimeZone::FixedOffset(5 * 3600 + 1800)->name(), "<+05:30>-05:30");
  EXPECT_EQ(TimeZone::FixedOffset(7 * 86400), nullptr);
}

TEST(TimeZoneTest, SessionSettingAcceptsPostgresFormsAndRejectsUnknownNames) {
  ASSERT_TRUE(SetTimeZone("-5"));
  EXPECT_EQ(ShowTimeZone(), "<-05>+05");
  ASSERT_TRUE(SetTimeZone("utc"));
  EXPECT_EQ(ShowTimeZone(), "UTC");
  ASSERT_TRUE(SetTimeZone("+02:00"));  // POSIX sign: two hours west
  EXPECT_EQ(SessionTimeZone().AtUtc(0).gmtoff, -2 * 3600);
  EXPECT_FALSE(SetTimeZone("PST"));
  EXPECT_EQ(ShowTimeZone(), "+02:00");  // unchanged on failure
  ResetTypeSettings();
  EXPECT_EQ(ShowTimeZone(), "UTC");
}

TEST(TimeZoneTest, FixedGmtoffOnlyForZonesThatNeverChange) {
  EXPECT_EQ(TimeZone::Load("UTC")->FixedGmtoff(), 0);
  EXPECT_FALSE(TimeZone::Load("America/New_York")->FixedGmtoff().has_value());
}

}  // namespace
}  // namespace hyrax::executor
