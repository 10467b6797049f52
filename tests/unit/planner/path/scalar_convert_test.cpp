// convert_to_scalar (planner/path/scalar_convert.h): the scale histogram interpolation uses
// for numbers, dates and times, and strings (PostgreSQL's selfuncs.c rules: common prefix
// dropped, character range widened to whole letter/digit ranges).
#include "planner/path/scalar_convert.h"

#include <gtest/gtest.h>

#include "common/memory_context.h"
#include "common/varlena.h"
#include "executor/types/numeric_io.h"
#include "executor/types/numeric_var.h"
#include "executor/types/type_oids.h"

namespace hyrax::planner {
namespace {

struct Scaled {
  bool ok = false;
  double value = 0, lo = 0, hi = 0;
};

Scaled Convert(Datum value, Oid value_type, Datum lo, Datum hi, Oid bounds_type) {
  Scaled s;
  s.ok = ConvertToScalar(value, value_type, lo, hi, bounds_type, &s.value, &s.lo, &s.hi);
  return s;
}

TEST(ScalarConvertTest, IntegersAndCrossTypeNumbers) {
  Scaled s = Convert(Int32GetDatum(5), executor::kInt4Oid, Int32GetDatum(0), Int32GetDatum(10),
                     executor::kInt4Oid);
  ASSERT_TRUE(s.ok);
  EXPECT_DOUBLE_EQ(s.value, 5);
  EXPECT_DOUBLE_EQ(s.lo, 0);
  EXPECT_DOUBLE_EQ(s.hi, 10);
  // An int8 constant against an int4 column's bounds, a float against integers.
  s = Convert(Int64GetDatum(7), executor::kInt8Oid, Int32GetDatum(0), Int32GetDatum(10),
              executor::kInt4Oid);
  ASSERT_TRUE(s.ok);
  EXPECT_DOUBLE_EQ(s.value, 7);
  s = Convert(Float8GetDatum(2.5), executor::kFloat8Oid, Int16GetDatum(2), Int16GetDatum(3),
              executor::kInt2Oid);
  ASSERT_TRUE(s.ok);
  EXPECT_DOUBLE_EQ(s.value, 2.5);
}

TEST(ScalarConvertTest, Numeric) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  const Datum v = executor::MakeNumericDatum(executor::NumericVar::FromInt64(42));
  const Datum lo = executor::MakeNumericDatum(executor::NumericVar::FromInt64(40));
  const Datum hi = executor::MakeNumericDatum(executor::NumericVar::FromInt64(50));
  Scaled s = Convert(v, executor::kNumericOid, lo, hi, executor::kNumericOid);
  ASSERT_TRUE(s.ok);
  EXPECT_DOUBLE_EQ(s.value, 42);
  EXPECT_DOUBLE_EQ(s.lo, 40);
  EXPECT_DOUBLE_EQ(s.hi, 50);
}

TEST(ScalarConvertTest, DatesAndTimestampsShareMicroseconds) {
  constexpr double kDay = 86400.0 * 1000000.0;
  // A timestamp constant against date bounds (days since 2000-01-01).
  Scaled s = Convert(Int64GetDatum(static_cast<int64_t>(1.5 * kDay)), executor::kTimestampOid,
                     Int32GetDatum(1), Int32GetDatum(2), executor::kDateOid);
  ASSERT_TRUE(s.ok);
  EXPECT_DOUBLE_EQ(s.lo, kDay);
  EXPECT_DOUBLE_EQ(s.hi, 2 * kDay);
  EXPECT_DOUBLE_EQ(s.value, 1.5 * kDay);
}

TEST(ScalarConvertTest, StringsDropTheCommonPrefix) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  // "abc" in ["abb", "abd"]: the prefix "ab" goes, letters make the range 'a'..'z'.
  Scaled s = Convert(CStringGetTextDatum("abc"), executor::kTextOid, CStringGetTextDatum("abb"),
                     CStringGetTextDatum("abd"), executor::kTextOid);
  ASSERT_TRUE(s.ok);
  EXPECT_DOUBLE_EQ(s.value, 2.0 / 26);
  EXPECT_DOUBLE_EQ(s.lo, 1.0 / 26);
  EXPECT_DOUBLE_EQ(s.hi, 3.0 / 26);
  EXPECT_LT(s.lo, s.value);
  EXPECT_LT(s.value, s.hi);
  // "k05" in ["k00", "k10"]: 'k' widens the range to '0'..'z' (base 75), so after the
  // common "k" the constant is 5/75 of the way from "00" to "10".
  s = Convert(CStringGetTextDatum("k05"), executor::kVarcharOid, CStringGetTextDatum("k00"),
              CStringGetTextDatum("k10"), executor::kTextOid);
  ASSERT_TRUE(s.ok);
  EXPECT_NEAR((s.value - s.lo) / (s.hi - s.lo), 5.0 / 75, 1e-12);
}

TEST(ScalarConvertTest, UnrelatedTypesAreNotConverted) {
  MemoryContext context("test");
  MemoryContextScope scope(&context);
  double v, lo, hi;
  EXPECT_FALSE(ConvertToScalar(CStringGetTextDatum("5"), executor::kTextOid, Int32GetDatum(0),
                               Int32GetDatum(10), executor::kInt4Oid, &v, &lo, &hi));
  EXPECT_FALSE(ConvertToScalar(Int32GetDatum(1), executor::kInt4Oid, Int32GetDatum(0),
                               Int32GetDatum(2), executor::kDateOid, &v, &lo, &hi));
}

}  // namespace
}  // namespace hyrax::planner
