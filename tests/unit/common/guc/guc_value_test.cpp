// Value parsing and display of the GUC registry: PostgreSQL's boolean spellings, integer
// and real input with units and unit conversion, and the unit chosen for display.
#include "common/guc/guc_value.h"

#include <gtest/gtest.h>

namespace hyrax::guc {
namespace {

TEST(GucValueTest, ParsesBooleanSpellingsAndPrefixes) {
  for (const char* text : {"on", "ON", "true", "t", "TR", "yes", "y", "1"}) {
    bool value = false;
    EXPECT_TRUE(ParseBool(text, &value)) << text;
    EXPECT_TRUE(value) << text;
  }
  for (const char* text : {"off", "of", "OFF", "false", "f", "no", "n", "0"}) {
    bool value = true;
    EXPECT_TRUE(ParseBool(text, &value)) << text;
    EXPECT_FALSE(value) << text;
  }
  for (const char* text : {"o", "", "2", "truex", "onn", " on", "yess"}) {
    bool value = false;
    EXPECT_FALSE(ParseBool(text, &value)) << text;
  }
}

TEST(GucValueTest, ConvertsMemoryUnitsToTheBaseUnit) {
  int value = 0;
  std::string hint;
  ASSERT_TRUE(ParseInt("1GB", GucUnit::kKb, &value, &hint));
  EXPECT_EQ(value, 1024 * 1024);
  ASSERT_TRUE(ParseInt("1.5MB", GucUnit::kKb, &value, &hint));
  EXPECT_EQ(value, 1536);
  ASSERT_TRUE(ParseInt("128MB", GucUnit::kBlocks, &value, &hint));
  EXPECT_EQ(value, 16384);
  ASSERT_TRUE(ParseInt("64 kB", GucUnit::kBlocks, &value, &hint));
  EXPECT_EQ(value, 8);
  ASSERT_TRUE(ParseInt("2048", GucUnit::kKb, &value, &hint));
  EXPECT_EQ(value, 2048);
}

TEST(GucValueTest, ConvertsTimeUnitsAndRoundsFractions) {
  int value = 0;
  std::string hint;
  ASSERT_TRUE(ParseInt("10s", GucUnit::kMs, &value, &hint));
  EXPECT_EQ(value, 10000);
  ASSERT_TRUE(ParseInt("5min", GucUnit::kS, &value, &hint));
  EXPECT_EQ(value, 300);
  ASSERT_TRUE(ParseInt("1h ", GucUnit::kS, &value, &hint));
  EXPECT_EQ(value, 3600);
  ASSERT_TRUE(ParseInt("1.6", GucUnit::kMs, &value, &hint));
  EXPECT_EQ(value, 2);
  ASSERT_TRUE(ParseInt("1500us", GucUnit::kMs, &value, &hint));
  EXPECT_EQ(value, 2);
}

TEST(GucValueTest, AcceptsHexOctalAndExponentIntegers) {
  int value = 0;
  ASSERT_TRUE(ParseInt("0x10", GucUnit::kNone, &value, nullptr));
  EXPECT_EQ(value, 16);
  ASSERT_TRUE(ParseInt("010", GucUnit::kNone, &value, nullptr));
  EXPECT_EQ(value, 8);
  ASSERT_TRUE(ParseInt("1e3", GucUnit::kNone, &value, nullptr));
  EXPECT_EQ(value, 1000);
  ASSERT_TRUE(ParseInt("-5", GucUnit::kNone, &value, nullptr));
  EXPECT_EQ(value, -5);
}

TEST(GucValueTest, RejectsBadUnitsWithPostgresHints) {
  int value = 0;
  std::string hint;
  EXPECT_FALSE(ParseInt("10 KB", GucUnit::kKb, &value, &hint));
  EXPECT_EQ(hint, "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
  EXPECT_FALSE(ParseInt("10 sec", GucUnit::kMs, &value, &hint));
  EXPECT_EQ(hint,
            "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
  EXPECT_FALSE(ParseInt("10s", GucUnit::kNone, &value, &hint));
  EXPECT_TRUE(hint.empty());
  EXPECT_FALSE(ParseInt("abc", GucUnit::kMs, &value, &hint));
  EXPECT_TRUE(hint.empty());
  EXPECT_FALSE(ParseInt("3000000000", GucUnit::kNone, &value, &hint));
  EXPECT_EQ(hint, "Value exceeds integer range.");
}

TEST(GucValueTest, ParsesRealsAndRejectsNan) {
  double value = 0;
  ASSERT_TRUE(ParseReal("0.0025", GucUnit::kNone, &value, nullptr));
  EXPECT_DOUBLE_EQ(value, 0.0025);
  ASSERT_TRUE(ParseReal("4", GucUnit::kNone, &value, nullptr));
  EXPECT_DOUBLE_EQ(value, 4.0);
  EXPECT_FALSE(ParseReal("NaN", GucUnit::kNone, &value, nullptr));
  EXPECT_FALSE(ParseReal("x", GucUnit::kNone, &value, nullptr));
}

TEST(GucValueTest, DisplaysTheLargestUnitThatDividesTheValue) {
  EXPECT_EQ(FormatInt(16384, GucUnit::kBlocks), "128MB");
  EXPECT_EQ(FormatInt(100, GucUnit::kBlocks), "800kB");
  EXPECT_EQ(FormatInt(4096, GucUnit::kKb), "4MB");
  EXPECT_EQ(FormatInt(65536, GucUnit::kKb), "64MB");
  EXPECT_EQ(FormatInt(300, GucUnit::kS), "5min");
  EXPECT_EQ(FormatInt(1000, GucUnit::kMs), "1s");
  EXPECT_EQ(FormatInt(1500, GucUnit::kMs), "1500ms");
  EXPECT_EQ(FormatInt(0, GucUnit::kMs), "0");
  EXPECT_EQ(FormatInt(-1, GucUnit::kKb), "-1");
  EXPECT_EQ(FormatInt(1024, GucUnit::kMb), "1GB");
  EXPECT_EQ(FormatReal(0.0025, GucUnit::kNone), "0.0025");
  EXPECT_EQ(FormatReal(1000, GucUnit::kNone), "1000");
}

}  // namespace
}  // namespace hyrax::guc
