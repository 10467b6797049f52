// Calendar and broken-down time conversions: PostgreSQL's Julian day numbering, BC years,
// range limits, and typmod rounding.
#include "executor/types/datetime.h"

#include <gtest/gtest.h>

namespace hyrax::executor {
namespace {

TEST(DatetimeTest, JulianDaysMatchPostgresNumbering) {
  EXPECT_EQ(DateToJulian(2000, 1, 1), kPostgresEpochJdate);
  EXPECT_EQ(DateToJulian(1970, 1, 1), kUnixEpochJdate);
  EXPECT_EQ(DateToJulian(-4713, 11, 24), 0);  // 4714-11-24 BC, Julian day 0
  int y, m, d;
  JulianToDate(0, &y, &m, &d);
  EXPECT_EQ(y, -4713);
  EXPECT_EQ(m, 11);
  EXPECT_EQ(d, 24);
  EXPECT_EQ(JulianDayOfWeek(kPostgresEpochJdate), 6);  // 2000-01-01 was a Saturday
}

TEST(DatetimeTest, TimestampFieldsRoundTripIncludingBeforeTheEpoch) {
  for (Timestamp t : {Timestamp{0}, Timestamp{-1}, kMinTimestamp, kEndTimestamp - 1,
                      Timestamp{123456789012345}}) {
    PgTm tm;
    TimestampToTm(t, &tm);
    Timestamp back;
    ASSERT_TRUE(TmToTimestamp(tm, &back)) << t;
    EXPECT_EQ(back, t);
  }
  PgTm tm;
  TimestampToTm(-1, &tm);
  EXPECT_EQ(tm.year, 1999);
  EXPECT_EQ(tm.sec, 59);
  EXPECT_EQ(tm.usec, 999999);
}

TEST(DatetimeTest, RejectsFieldsOutsideTheTimestampRange) {
  PgTm tm;
  tm.year = 294277;
  Timestamp t;
  EXPECT_FALSE(TmToTimestamp(tm, &t));
  tm.year = -4713;
  tm.mon = 11;
  tm.mday = 23;
  EXPECT_FALSE(TmToTimestamp(tm, &t));
}

TEST(DatetimeTest, RoundsHalfAwayFromZeroAtTheTypmodPrecision) {
  EXPECT_EQ(RoundToPrecision(1500000, 0), 2000000);
  EXPECT_EQ(RoundToPrecision(-1500000, 0), -2000000);
  EXPECT_EQ(RoundToPrecision(1234567, 3), 1235000);
  EXPECT_EQ(RoundToPrecision(1234567, 6), 1234567);
}

}  // namespace
}  // namespace hyrax::executor
