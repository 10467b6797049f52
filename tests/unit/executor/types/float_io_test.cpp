// Float text conversion: PostgreSQL's spellings, range errors and both output modes.
#include "executor/types/float_io.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "common/error.h"

namespace hyrax::executor {
namespace {

TEST(FloatIoTest, ShortestOutputSwitchesToExponentAtPostgresThresholds) {
  EXPECT_EQ(FormatFloat8(1e15, 1), "1e+15");
  EXPECT_EQ(FormatFloat8(123456789012345.0, 1), "123456789012345");
  EXPECT_EQ(FormatFloat8(1e-5, 1), "1e-05");
  EXPECT_EQ(FormatFloat8(0.0001, 1), "0.0001");
  EXPECT_EQ(FormatFloat4(1e6f, 1), "1e+06");
  EXPECT_EQ(FormatFloat4(123456.0f, 1), "123456");
  EXPECT_EQ(FormatFloat8(0.1 + 0.2, 1), "0.30000000000000004");
}

TEST(FloatIoTest, NonPositiveExtraDigitsUsePrintfPrecision) {
  EXPECT_EQ(FormatFloat8(0.1 + 0.2, 0), "0.3");
  EXPECT_EQ(FormatFloat8(3.141592653589793, -10), "3.1416");  // 5 significant digits
  EXPECT_EQ(FormatFloat4(0.1f, 0), "0.1");
}

TEST(FloatIoTest, SpecialValuesAndNegativeZero) {
  EXPECT_EQ(FormatFloat8(std::numeric_limits<double>::quiet_NaN(), 1), "NaN");
  EXPECT_EQ(FormatFloat8(-std::numeric_limits<double>::infinity(), 0), "-Infinity");
  EXPECT_EQ(FormatFloat8(-0.0, 1), "-0");
  EXPECT_EQ(FormatFloat8(-0.0, 0), "-0");
  EXPECT_TRUE(std::signbit(ParseFloat8("-0")));
  EXPECT_TRUE(std::isinf(ParseFloat8(" -INF ")));
  EXPECT_TRUE(std::isnan(ParseFloat8("nan")));
}

TEST(FloatIoTest, DenormalsParseButUnderflowToZeroIsAnError) {
  EXPECT_GT(ParseFloat8("1e-310"), 0.0);
  try {
    ParseFloat8("1e-400");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kNumericValueOutOfRange);
    EXPECT_EQ(e.message(), "\"1e-400\" is out of range for type double precision");
  }
}

TEST(FloatIoTest, GarbageIsInvalidSyntaxNamingTheType) {
  try {
    ParseFloat4("1.5x");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kInvalidTextRepresentation);
    EXPECT_EQ(e.message(), "invalid input syntax for type real: \"1.5x\"");
  }
}

}  // namespace
}  // namespace hyrax::executor
