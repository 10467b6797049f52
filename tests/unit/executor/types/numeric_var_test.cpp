// NumericVar arithmetic and the packed numeric format: PostgreSQL's scales, exact division,
// header forms, and round trips at the format's limits.
#include "executor/types/numeric_var.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "executor/types/numeric_io.h"

namespace hyrax::executor {
namespace {

std::string Div(const char* a, const char* b) {
  NumericVar x = ParseNumeric(a), y = ParseNumeric(b);
  return FormatNumeric(DivVar(x, y, SelectDivScale(x, y), true));
}

uint16_t Header(Datum d) {
  uint16_t h;
  std::memcpy(&h, DatumGetPointer<const char>(d) + kVarHeaderSize, 2);
  return h;
}

TEST(NumericVarTest, DivisionUsesPostgresResultScaleAndRoundsHalfAwayFromZero) {
  EXPECT_EQ(Div("1", "3"), "0.33333333333333333333");
  EXPECT_EQ(Div("2", "3"), "0.66666666666666666667");
  EXPECT_EQ(Div("-2", "3"), "-0.66666666666666666667");
  EXPECT_EQ(Div("10", "4"), "2.5000000000000000");
  EXPECT_EQ(Div("12345678901234567890", "7"), "1763668414462081127");
}

TEST(NumericVarTest, LongDivisionIsExactForWideOperands) {
  // (10^40 + 1) / (10^20 + 3), checked digit for digit against PostgreSQL.
  MemoryContext mc("test");
  MemoryContextScope scope(&mc);
  NumericVar a = ParseNumeric("10000000000000000000000000000000000000001");
  NumericVar b = ParseNumeric("100000000000000000003");
  EXPECT_EQ(FormatNumeric(DivVar(a, b, 0, false)), "99999999999999999997");
  EXPECT_EQ(FormatNumeric(ModVar(a, b)), "10");
}

TEST(NumericVarTest, AdditionKeepsTheLargerScale) {
  EXPECT_EQ(FormatNumeric(AddVar(ParseNumeric("1.5"), ParseNumeric("2.250"))), "3.750");
  EXPECT_EQ(FormatNumeric(SubVar(ParseNumeric("1"), ParseNumeric("1.000"))), "0.000");
}

TEST(NumericVarTest, ShortHeaderWhenWeightAndScaleFitAndLongOtherwise) {
  MemoryContext mc("test");
  MemoryContextScope scope(&mc);
  EXPECT_NE(Header(MakeNumericDatum(ParseNumeric("123.45"))) & 0x8000, 0);
  EXPECT_EQ(Header(MakeNumericDatum(ParseNumeric("1e300"))) & 0x8000, 0);
  EXPECT_EQ(Header(MakeNumericDatum(NumericVar::NaN())), 0xC000);
  EXPECT_EQ(Header(MakeNumericDatum(NumericVar::Inf(true))), 0xF000);
}

TEST(NumericVarTest, PackedValuesRoundTrip) {
  MemoryContext mc("test");
  MemoryContextScope scope(&mc);
  for (const char* text : {"0", "-0.001", "1e-300", "123456789.000", "-1e300", "0.00000000001",
                           "99999999999999999999999999999999.99999999999999999999"}) {
    NumericVar v = ParseNumeric(text);
    EXPECT_EQ(FormatNumeric(NumericDatumToVar(MakeNumericDatum(v))), FormatNumeric(v)) << text;
  }
}

TEST(NumericVarTest, Int64ConversionRoundsAndDetectsOverflow) {
  int64_t out;
  ASSERT_TRUE(NumericToInt64(ParseNumeric("-2.5"), &out));
  EXPECT_EQ(out, -3);
  EXPECT_FALSE(NumericToInt64(ParseNumeric("9223372036854775808"), &out));
  ASSERT_TRUE(NumericToInt64(ParseNumeric("-9223372036854775808.4"), &out));
  EXPECT_EQ(out, INT64_MIN);
}

TEST(NumericVarTest, TypmodOverflowReportsPostgresDetail) {
  NumericVar v = ParseNumeric("1234.5");
  try {
    ApplyNumericTypmod(&v, MakeNumericTypmod(5, 2));
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kNumericValueOutOfRange);
    EXPECT_EQ(e.message(), "numeric field overflow");
    EXPECT_EQ(e.detail(),
              "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
  }
}

TEST(NumericVarTest, SqrtAndPowerAgreeWithPostgres) {
  EXPECT_EQ(FormatNumeric(SqrtVar(ParseNumeric("2"))), "1.414213562373095");
  EXPECT_EQ(FormatNumeric(PowerVar(ParseNumeric("1.5"), ParseNumeric("2.5"))),
            "2.7556759606310754");
  EXPECT_EQ(FormatNumeric(ExpVar(ParseNumeric("1"))), "2.7182818284590452");
  EXPECT_EQ(FormatNumeric(LnVar(ParseNumeric("2"))), "0.6931471805599453");
}

}  // namespace
}  // namespace hyrax::executor
